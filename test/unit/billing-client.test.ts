import { afterEach, describe, expect, it } from 'vitest';
import { BillingClient } from '../../main/billing/billing-client';
import { BillingApiError } from '../../main/billing/billing-api-error';
import { createMemoryLogger } from '../../main/logger';
import { drop, json, startScriptedServer, text, type ScriptedReply } from '../support/scripted-server';

const account = {
  customer_id: 'c1', name: 'Acme', currency: 'USD', country: 'US', postpaid: true, monthly_settlement_enabled: true,
  bound_mobile_masked: '+1 555****12', bound_email_masked: 'fi****@acme.example',
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function clientFor(replies: ScriptedReply[]) {
  const server = await startScriptedServer(replies);
  close = server.close;
  const delays: number[] = [];
  const log = createMemoryLogger();
  const client = new BillingClient({
    baseUrl: server.url, token: 'secret-token', log,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
  });
  return { client, server, delays, log };
}

describe('BillingClient', () => {
  it('gives a request that never answers up after its timeout, and tries a timing-out request only three times', async () => {
    const server = await startScriptedServer([() => undefined]);
    close = server.close;
    const client = new BillingClient({ baseUrl: server.url, token: 't', log: createMemoryLogger(), timeoutMs: 150, retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 1 }, sleep: async () => undefined });
    const started = Date.now();
    const failure = await client.getAccount().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BillingApiError);
    expect(failure).toMatchObject({ kind: 'network', message: 'billing API did not answer within 0.15 s', details: { timedOut: true } });
    expect((failure as BillingApiError).unreachable).toBe(true);
    expect(server.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150);
  });

  it('sends the bearer token and returns the validated account', async () => {
    const { client, server } = await clientFor([json(200, account)]);
    await expect(client.getAccount()).resolves.toEqual(account);
    expect(server.requests[0]!.headers.authorization).toBe('Bearer secret-token');
  });

  it('retries 5xx, dropped connections and invalid JSON with growing jittered delays, then succeeds', async () => {
    const { client, server, delays } = await clientFor([json(503, { error_code: 'X', error_msg: 'busy' }), drop, text(200, '{"customer_id":'), json(200, account)]);
    await expect(client.getAccount()).resolves.toEqual(account);
    expect(server.requests).toHaveLength(4);
    expect(delays).toEqual([50, 100, 200]);
  });

  it('honours Retry-After on 429', async () => {
    const { client, delays } = await clientFor([json(429, { error_code: 'CBC.99008040', error_msg: 'too frequent' }, { 'Retry-After': '2' }), json(200, account)]);
    await client.getAccount();
    expect(delays[0]).toBe(2000 + 50);
  });

  it('gives up after the last attempt with a typed, unreachable failure', async () => {
    const { client, server } = await clientFor([json(502, { error_code: 'X', error_msg: 'bad gateway' })]);
    const failure = await client.getAccount().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BillingApiError);
    expect((failure as BillingApiError).kind).toBe('server');
    expect((failure as BillingApiError).unreachable).toBe(true);
    expect(server.requests).toHaveLength(4);
  });

  it('does not retry a refused token and names the service error code', async () => {
    const { client, server } = await clientFor([json(401, { error_code: 'CBC.0151', error_msg: 'access denied' })]);
    const failure = (await client.getAccount().catch((e: unknown) => e)) as BillingApiError;
    expect(failure.kind).toBe('unauthorized');
    expect(failure.details.errorCode).toBe('CBC.0151');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an answer that breaks the contract, e.g. a float amount', async () => {
    const { client } = await clientFor([json(200, { ...account, postpaid: 'yes' })]);
    const failure = (await client.getAccount().catch((e: unknown) => e)) as BillingApiError;
    expect(failure.kind).toBe('malformed');
  });

  it('names the endpoint and the rule an answer broke, for the sync error a clerk reads', async () => {
    const { client } = await clientFor([json(200, { ...account, currency: 'usd' })]);
    const failure = (await client.getAccount().catch((e: unknown) => e)) as BillingApiError;
    expect(failure.kind).toBe('malformed');
    expect(failure.message).toMatch(/^\/v1\/account: unexpected answer \(.*ISO 4217.*\)$/);
  });

  it('reports an expired cursor as such, without retrying', async () => {
    const { client, server } = await clientFor([json(410, { error_code: 'CBC.0100', error_msg: 'cursor expired' })]);
    const failure = (await client.listOrders('old', 100).catch((e: unknown) => e)) as BillingApiError;
    expect(failure.kind).toBe('cursor_expired');
    expect(server.requests).toHaveLength(1);
  });

  it('reports a dead network as unreachable', async () => {
    const client = new BillingClient({ baseUrl: 'http://127.0.0.1:9', token: 't', log: createMemoryLogger(), retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    const failure = (await client.getAccount().catch((e: unknown) => e)) as BillingApiError;
    expect(failure.kind).toBe('network');
    expect(failure.unreachable).toBe(true);
  });

  it('never writes the token to its log', async () => {
    const { client, log } = await clientFor([json(503, { error_code: 'X', error_msg: 'busy' }), json(200, account)]);
    await client.getAccount();
    expect(JSON.stringify(log.lines)).not.toContain('secret-token');
    expect(log.lines.length).toBeGreaterThan(0);
  });
});

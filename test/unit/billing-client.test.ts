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
    expect(failure.message).toBe('sync cursor expired (CBC.0100: cursor expired)');
    expect(server.requests).toHaveLength(1);
  });

  it('asks for the page size it was given, and sends the cursor only once it has one', async () => {
    const page = { orders: [], next_cursor: 'c2', has_more: false, server_time: '2026-12-02T08:00:00Z' };
    const { client, server } = await clientFor([json(200, page)]);
    await client.listOrders(null, 40);
    await client.listOrders('c1', 40);
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/orders?limit=40', '/v1/orders?cursor=c1&limit=40']);
  });

  it('refuses a 403 like a 401: unauthorized, not retried', async () => {
    const { client, server } = await clientFor([json(403, { error_code: 'CBC.0151', error_msg: 'forbidden' })]);
    const failure = (await client.getAccount().catch((e: unknown) => e)) as BillingApiError;
    expect(failure).toMatchObject({ kind: 'unauthorized', message: 'access denied by the billing API (CBC.0151: forbidden)' });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 as a server fault', async () => {
    const { client, server } = await clientFor([json(500, { error_code: 'X', error_msg: 'oops' }), json(200, account)]);
    await expect(client.getAccount()).resolves.toEqual(account);
    expect(server.requests).toHaveLength(2);
  });

  it('never reads an answer outside 2xx as data, even one whose body fits the contract', async () => {
    const { client, server } = await clientFor([json(300, account)]);
    const failure = (await client.getAccount().catch((e: unknown) => e)) as BillingApiError;
    expect(failure).toMatchObject({ kind: 'rejected', message: 'billing API refused /v1/account (HTTP 300)' });
    expect(server.requests).toHaveLength(1);
  });

  it('names a missing order and the service’s words for it, without retrying', async () => {
    const { client, server } = await clientFor([json(404, { error_code: 'CBC.0101', error_msg: 'order does not exist' })]);
    const failure = (await client.getOrder('CS/1').catch((e: unknown) => e)) as BillingApiError;
    expect(failure).toMatchObject({ kind: 'rejected', message: 'billing API refused /v1/orders/CS%2F1 (CBC.0101: order does not exist)', details: { httpStatus: 404, errorCode: 'CBC.0101' } });
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/orders/CS%2F1']);
  });

  it('says an answer is not JSON when it is not, after retrying it', async () => {
    const { client, server } = await clientFor([text(200, '<html>maintenance</html>')]);
    const failure = (await client.getAccount().catch((e: unknown) => e)) as BillingApiError;
    expect(failure).toMatchObject({ kind: 'malformed', message: '/v1/account: the answer is not JSON' });
    expect(server.requests).toHaveLength(4);
  });

  it('counts a service that keeps answering 429 as out of reach, once the retries are spent', async () => {
    const { client, server } = await clientFor([json(429, { error_code: 'CBC.99008040', error_msg: 'too frequent' })]);
    const failure = (await client.getAccount().catch((e: unknown) => e)) as BillingApiError;
    expect(failure.kind).toBe('rate_limited');
    expect(failure.unreachable).toBe(true);
    expect(server.requests).toHaveLength(4);
  });

  it('sends one call after another over the same connection', async () => {
    const { client, server } = await clientFor([json(200, account)]);
    await client.getAccount();
    await client.getAccount();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]!.socket).toBe(server.requests[0]!.socket);
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

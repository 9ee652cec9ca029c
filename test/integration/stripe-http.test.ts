/**
 * The Stripe emulation at the HTTP level, below what the SDK shows: Stripe's form encoding, its error
 * shape, CORS for Stripe.js, the loopback-only Host rule, and state kept in the database file across
 * a restart of the sandbox.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { canonical, FormError, listParam, parseForm } from '../../sandbox/stripe/form';

let dir: string;
let sandbox: Sandbox;

const api = (path: string, init: RequestInit = {}, key = sandbox.stripe.secretKey) =>
  fetch(`${sandbox.stripe.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } });
const form = (body: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body),
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-stripe-http-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 7, ordersPerAccount: 5, largeAccountOrders: 5 });
});

afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("Stripe's form encoding", () => {
  it('nests bracketed keys, numbers lists with [] and reads indexed lists in order', () => {
    const params = parseForm('card[number]=4242&card[exp_month]=12&metadata[0]=zero&expand[]=a&expand[]=b&items[1]=y&items[0]=x&plain=1');
    expect(params).toEqual({ card: { number: '4242', exp_month: '12' }, metadata: { 0: 'zero' }, expand: { 0: 'a', 1: 'b' }, items: { 1: 'y', 0: 'x' }, plain: '1' });
    expect(listParam(params.items)).toEqual(['x', 'y']);
    expect(listParam('one')).toEqual(['one']);
    expect(canonical(parseForm('a=1&b[c]=2'))).toBe(canonical(parseForm('b[c]=2&a=1')));
  });

  it('refuses malformed keys and a key used as both a value and a hash', () => {
    expect(() => parseForm('card[number=1')).toThrow(FormError);
    expect(() => parseForm('card=1&card[number]=2')).toThrow(FormError);
    expect(() => parseForm('card[number]=2&card=1')).toThrow(FormError);
  });
});

describe('HTTP', () => {
  it("answers with Stripe's error shape, request id and version", async () => {
    const unknown = await api('/v1/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('request-id')).toMatch(/^req_/);
    expect(unknown.headers.get('stripe-version')).toBe('2026-10-28.endive');
    expect(await unknown.json()).toEqual({ error: { type: 'invalid_request_error', message: expect.stringContaining('Unrecognized request URL (GET: /v1/nothing)') as string } });

    const bad = await api('/v1/payment_intents', form({ amount: 'ten', currency: 'usd' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: unknown }).error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount' });
  });

  it('takes only form bodies', async () => {
    const json = await api('/v1/payment_intents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ amount: 1000, currency: 'usd' }) });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { error: { message: string } }).error.message).toContain('application/x-www-form-urlencoded');
  });

  it('answers CORS preflights for any origin, as Stripe does for Stripe.js', async () => {
    const preflight = await fetch(`${sandbox.stripe.url}/v1/payment_methods`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('answers only to the Host names 127.0.0.1 and localhost', async () => {
    const { port } = new URL(sandbox.stripe.url);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/v1/payment_intents/pi_x', headers: { host: 'rebound.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});

describe('persistence', () => {
  it('keeps intents and idempotency keys in the database file across a restart', async () => {
    const created = await api('/v1/payment_intents', { ...form({ amount: '1000', currency: 'usd' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'restart-1' } });
    const intent = (await created.json()) as { id: string };
    await sandbox.close();
    sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0 });
    const read = await api(`/v1/payment_intents/${intent.id}`);
    expect(read.status).toBe(200);
    const replay = await api('/v1/payment_intents', { ...form({ amount: '1000', currency: 'usd' }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'restart-1' } });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { id: string }).id).toBe(intent.id);
  });
});

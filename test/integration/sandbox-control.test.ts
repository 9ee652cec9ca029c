import { afterAll, beforeEach, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Order, OrdersPage } from '../../shared/billing-api/schemas';
import { EXPIRY_SWEEP_LAG_MS, startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'sbx_postpaid_demo';
let sandbox: Sandbox;

const get = (path: string) => fetch(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
const JSON_BODY = { 'content-type': 'application/json' };
const post = (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { ...JSON_BODY, ...headers }, body: JSON.stringify(body) });

async function unpaidOrders(): Promise<Order[]> {
  const body = OrdersPage.parse(await (await get('/v1/orders?limit=500')).json());
  return body.orders.map((o) => Order.parse(o));
}

async function sandboxNow(): Promise<number> {
  const { now } = (await (await fetch(`${sandbox.url}/sandbox/clock`)).json()) as { now: string };
  return Date.parse(now);
}

beforeAll(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', port: 0, seed: 3, ordersPerAccount: 40, largeAccountOrders: 10 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await post('/sandbox/faults', {});
  await post('/sandbox/reset', { seed: 3 });
});

describe('control API: accounts, approval and status changes', () => {
  it('lists the demo accounts with their fixed tokens', async () => {
    const { accounts } = (await (await fetch(`${sandbox.url}/sandbox/accounts`)).json()) as { accounts: { key: string; token: string; order_count: number }[] };
    expect(accounts.map((a) => [a.key, a.token, a.order_count])).toEqual([
      ['postpaid', 'sbx_postpaid_demo', 40],
      ['prepaid', 'sbx_prepaid_demo', 40],
      ['large', 'sbx_large_demo', 10],
    ]);
  });

  it('approving an order makes it payable and notifies the bound mobile and email; approving twice is a conflict', async () => {
    const pending = (await unpaidOrders()).find((o) => o.status === 1);
    const res = await post(`/sandbox/orders/${pending?.order_id}/approve`);
    expect(res.status).toBe(200);
    expect(Order.parse(((await res.json()) as { order: unknown }).order).status).toBe(6);

    const { notifications } = (await (await fetch(`${sandbox.url}/sandbox/notifications`)).json()) as { notifications: Record<string, unknown>[] };
    expect(notifications).toEqual([
      expect.objectContaining({ order_id: pending?.order_id, channels: ['sms', 'email'], to_mobile: expect.any(String), to_email: expect.stringContaining('@'), message: expect.stringContaining(pending?.order_id ?? '-') }),
    ]);
    const again = await post(`/sandbox/orders/${pending?.order_id}/approve`);
    expect(again.status).toBe(409);
    expect((await post('/sandbox/orders/CS0000000000ZZZZZ/approve')).status).toBe(404);
  });

  it('validates control input and answers unknown routes with a JSON 404', async () => {
    const [order] = await unpaidOrders();
    for (const [path, body] of [
      [`/sandbox/orders/${order?.order_id}/status`, { status: 7 }],
      ['/sandbox/clock', { advance_ms: -5 }],
      ['/sandbox/faults', { error_rate: 1.5 }],
      ['/sandbox/reset', { seed: 'seven' }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, path).toBe(400);
      expect(ApiError.parse(await res.json()).error_code).toBe('CBC.0100');
    }
    const broken = await fetch(`${sandbox.url}/sandbox/clock`, { method: 'POST', headers: JSON_BODY, body: '{oops' });
    expect(broken.status).toBe(400);
    const unknown = await fetch(`${sandbox.url}/v2/whatever`);
    expect(unknown.status).toBe(404);
    expect(ApiError.safeParse(await unknown.json()).success).toBe(true);
  });

  it('answers only to loopback host names', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(sandbox.url);
      request({ host: url.hostname, port: url.port, path: '/sandbox/accounts', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(421);
  });
});

describe('control API: only for callers on this machine, never for web pages', () => {
  const refusal = async (res: Response) => ({ status: res.status, code: ApiError.parse(await res.json()).error_code });

  it('refuses a cross-site form-style POST, and the faults stay as they were', async () => {
    // What any web page can send without a CORS preflight, once it has guessed the port.
    const res = await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
      body: JSON.stringify({ drop_rate: 1 }),
    });
    expect(await refusal(res)).toEqual({ status: 403, code: 'CBC.0151' });
    expect((await get('/v1/account')).status).toBe(200);
  });

  it('refuses any request carrying a foreign Origin, or sent cross-site or same-site, reads included', async () => {
    const foreign = ['http://evil.example', 'null', `${sandbox.url}1`, sandbox.url.replace('127.0.0.1', 'localhost.evil.example')];
    for (const origin of foreign) {
      expect(await refusal(await post('/sandbox/reset', { seed: 4 }, { origin })), origin).toEqual({ status: 403, code: 'CBC.0151' });
    }
    for (const site of ['cross-site', 'same-site']) {
      expect(await refusal(await post('/sandbox/clock', { advance_ms: 1 }, { 'sec-fetch-site': site })), site).toEqual({ status: 403, code: 'CBC.0151' });
    }
    // The accounts list carries the demo tokens.
    expect(await refusal(await fetch(`${sandbox.url}/sandbox/accounts`, { headers: { origin: 'http://evil.example' } }))).toEqual({ status: 403, code: 'CBC.0151' });
  });

  it('serves its own origin and callers that send no Origin, like curl and the tests', async () => {
    const own = await post('/sandbox/clock', { advance_ms: 1 }, { origin: sandbox.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect((await post('/sandbox/clock', { advance_ms: 1 })).status).toBe(200);
    expect((await fetch(`${sandbox.url}/sandbox/accounts`, { headers: { 'sec-fetch-site': 'none' } })).status).toBe(200);
  });

  it('takes a POST only with a JSON content type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonp']) {
      const res = await fetch(`${sandbox.url}/sandbox/clock`, { method: 'POST', headers: { 'content-type': type }, body: JSON.stringify({ advance_ms: 1 }) });
      expect(await refusal(res), type).toEqual({ status: 415, code: 'CBC.0100' });
    }
    const bodiless = await fetch(`${sandbox.url}/sandbox/orders/${(await unpaidOrders())[0]?.order_id}/approve`, { method: 'POST' });
    expect(await refusal(bodiless)).toEqual({ status: 415, code: 'CBC.0100' });
    expect((await post('/sandbox/clock', { advance_ms: 1 }, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
  });
});

describe('control API: clock and expiry', () => {
  it('advancing the clock past a deadline shows the order as expired, and a day later it is cancelled', async () => {
    const orders = await unpaidOrders();
    const soonest = orders.reduce((a, b) => (Date.parse(a.expire_time) <= Date.parse(b.expire_time) ? a : b));
    const latest = orders.reduce((a, b) => (Date.parse(a.expire_time) >= Date.parse(b.expire_time) ? a : b));
    const deadline = Date.parse(soonest.expire_time);
    const now = await sandboxNow();
    const { next_cursor } = OrdersPage.parse(await (await get('/v1/orders?limit=500')).json());

    // Just past the deadline: still unpaid (the app shows it as expired), not yet cancelled.
    await post('/sandbox/clock', { advance_ms: Math.max(0, deadline - now) + 60_000 });
    expect(Order.parse(await (await get(`/v1/orders/${soonest.order_id}`)).json()).status).toBe(soonest.status);

    const res = await post('/sandbox/clock', { advance_ms: EXPIRY_SWEEP_LAG_MS });
    const { now: movedTo } = (await res.json()) as { now: string };
    expect(Date.parse(movedTo)).toBeGreaterThan(deadline + EXPIRY_SWEEP_LAG_MS);

    const changes = OrdersPage.parse(await (await get(`/v1/orders?cursor=${next_cursor}`)).json());
    expect(Date.parse(changes.server_time)).toBeGreaterThanOrEqual(Date.parse(movedTo));
    const cancelled = changes.orders.map((o) => Order.parse(o));
    expect(cancelled.map((o) => o.order_id)).toContain(soonest.order_id);
    expect(cancelled.every((o) => o.status === 4 && Date.parse(o.expire_time) + EXPIRY_SWEEP_LAG_MS <= Date.parse(changes.server_time))).toBe(true);
    const remaining = (await unpaidOrders()).map((o) => o.order_id);
    expect(remaining).not.toContain(soonest.order_id);
    expect(remaining).toContain(latest.order_id);
  });
});

describe('control API: faults on /v1 only', () => {
  it('latency delays billing responses', async () => {
    await post('/sandbox/faults', { latency_ms: 150 });
    const started = performance.now();
    expect((await get('/v1/account')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('error_rate answers 500/503 with an ApiError body, reproducibly for the same request sequence, and leaves /sandbox alone', async () => {
    const run = async () => {
      await post('/sandbox/faults', { error_rate: 0.5 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await get('/v1/service-types');
        statuses.push(res.status);
        if (res.status !== 200) expect(ApiError.parse(await res.json()).error_code).toBeTruthy();
        else await res.body?.cancel();
      }
      return statuses;
    };
    const first = await run();
    expect(first.some((s) => s === 500 || s === 503)).toBe(true);
    expect(first.some((s) => s === 200)).toBe(true);
    expect(first.every((s) => [200, 500, 503].includes(s))).toBe(true);
    expect(await run()).toEqual(first);
    await post('/sandbox/faults', { error_rate: 1 });
    expect((await fetch(`${sandbox.url}/sandbox/accounts`)).status).toBe(200);
  });

  it('rate_limit_rate answers 429 with Retry-After and CBC.99008040', async () => {
    await post('/sandbox/faults', { rate_limit_rate: 1 });
    const res = await get('/v1/orders');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(ApiError.parse(await res.json()).error_code).toBe('CBC.99008040');
  });

  it('malformed_rate sends 200s that are either not JSON or carry some records that break the Order schema', async () => {
    await post('/sandbox/faults', { malformed_rate: 1 });
    let invalidJson = 0;
    let brokenRecords = 0;
    for (let i = 0; i < 12; i++) {
      const res = await get('/v1/orders?limit=50');
      expect(res.status).toBe(200);
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        invalidJson += 1;
        continue;
      }
      const page = OrdersPage.parse(body);
      const valid = page.orders.filter((o) => Order.safeParse(o).success).length;
      expect(valid).toBeLessThan(page.orders.length);
      expect(valid).toBeGreaterThan(0);
      brokenRecords += 1;
    }
    expect(invalidJson).toBeGreaterThan(0);
    expect(brokenRecords).toBeGreaterThan(0);
  });

  it('drop_rate closes the connection without an answer; {} clears every fault', async () => {
    await post('/sandbox/faults', { drop_rate: 1 });
    await expect(get('/v1/account')).rejects.toThrow();
    await post('/sandbox/faults', {});
    expect((await get('/v1/account')).status).toBe(200);
  });
});

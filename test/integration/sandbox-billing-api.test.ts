import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Account, ApiError, CURSOR_EXPIRED_HTTP_STATUS, Order, OrdersPage, ServiceTypeList } from '../../shared/billing-api/schemas';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const POSTPAID = 'sbx_postpaid_demo';
const PREPAID = 'sbx_prepaid_demo';
let sandbox: Sandbox;

async function get(path: string, token?: string): Promise<Response> {
  return fetch(`${sandbox.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function control(path: string, body: unknown = {}): Promise<Response> {
  return fetch(`${sandbox.url}/sandbox${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function page(token: string, cursor?: string, limit = 100): Promise<{ orders: Order[]; next_cursor: string; has_more: boolean; server_time: string }> {
  const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  const res = await get(`/v1/orders?${query}`, token);
  expect(res.status).toBe(200);
  const body = OrdersPage.parse(await res.json());
  return { ...body, orders: body.orders.map((o) => Order.parse(o)) };
}

/** Follows next_cursor until has_more is false; returns every record in arrival order and the cursor to continue from. */
async function sync(token: string, cursor?: string, limit = 100, onPage?: (n: number) => Promise<void>) {
  const records: Order[] = [];
  let next = cursor;
  for (let n = 1; ; n++) {
    const p = await page(token, next, limit);
    records.push(...p.orders);
    next = p.next_cursor;
    await onPage?.(n);
    if (!p.has_more) return { records, cursor: next };
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', port: 0, seed: 11, ordersPerAccount: 60, largeAccountOrders: 40 });
});
afterAll(() => sandbox.close());

describe('billing API: authentication', () => {
  it.each(['/v1/account', '/v1/service-types', '/v1/orders', '/v1/orders/CS0000000000AAAAA'])('%s refuses a missing or unknown token with 401 CBC.0151', async (path) => {
    for (const token of [undefined, 'sbx_nope']) {
      const res = await get(path, token);
      expect(res.status).toBe(401);
      expect(ApiError.parse(await res.json()).error_code).toBe('CBC.0151');
    }
  });
});

describe('billing API: account and service types', () => {
  it('returns the account the token belongs to, with masked contact details', async () => {
    const account = Account.parse(await (await get('/v1/account', POSTPAID)).json());
    expect(account).toMatchObject({ name: 'Acme Analytics Ltd.', currency: 'USD', postpaid: true, monthly_settlement_enabled: true });
    expect(account.bound_mobile_masked).toMatch(/\*{4}/);
    expect(account.bound_email_masked).toMatch(/^.{2}\*{4}@/);
    const prepaid = Account.parse(await (await get('/v1/account', PREPAID)).json());
    expect(prepaid).toMatchObject({ currency: 'CNY', postpaid: false, monthly_settlement_enabled: false });
    expect(sandbox.accounts.map((a) => a.token)).toEqual(['sbx_postpaid_demo', 'sbx_prepaid_demo', 'sbx_large_demo']);
  });

  it('lists at least 8 service types including hardware', async () => {
    const { service_types } = ServiceTypeList.parse(await (await get('/v1/service-types', POSTPAID)).json());
    expect(service_types.length).toBeGreaterThanOrEqual(8);
    expect(service_types).toContainEqual({ code: 'hws.service.type.ec2', name: 'Elastic Cloud Server' });
    expect(service_types.map((t) => t.code)).toContain('hws.service.type.dec');
  });
});

describe('billing API: orders', () => {
  it('a full sync pages through every unpaid order exactly once, and nothing else', async () => {
    const { records } = await sync(POSTPAID, undefined, 7);
    const ids = records.map((o) => o.order_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(records.every((o) => o.status === 1 || o.status === 6)).toBe(true);
    const oneShot = await page(POSTPAID, undefined, 500);
    expect(oneShot.has_more).toBe(false);
    expect(oneShot.orders.map((o) => o.order_id)).toEqual(ids);
    expect(sandbox.accounts.find((a) => a.key === 'postpaid')?.order_count).toBe(60);
    expect(ids.length).toBeLessThan(60); // the history (completed, cancelled, ...) stays out
  });

  it('returns one order by id, and 404 for unknown ids and for other accounts’ orders', async () => {
    const [first] = (await page(POSTPAID)).orders;
    const res = await get(`/v1/orders/${first?.order_id}`, POSTPAID);
    expect(Order.parse(await res.json())).toEqual(first);
    for (const [id, token] of [['CS0000000000AAAAA', POSTPAID], [first?.order_id, PREPAID]] as const) {
      const missing = await get(`/v1/orders/${id}`, token);
      expect(missing.status).toBe(404);
      expect(ApiError.parse(await missing.json()).error_code).toBe('CBC.30000010');
    }
  });

  it('validates the query: bad limit or malformed cursor → 400 CBC.0100', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'cursor=not-a-cursor', `cursor=${Buffer.from('{"epoch":1}').toString('base64url')}`]) {
      const res = await get(`/v1/orders?${query}`, POSTPAID);
      expect(res.status, query).toBe(400);
      expect(ApiError.parse(await res.json()).error_code).toBe('CBC.0100');
    }
  });

  it('the cursor then reports only changes: paid and cancelled orders too, so a cache can drop them', async () => {
    const { records, cursor } = await sync(PREPAID);
    expect((await page(PREPAID, cursor)).orders).toEqual([]);
    const [paid, cancelled] = records.filter((o) => o.status === 6);
    const pending = records.find((o) => o.status === 1);
    await control(`/orders/${paid?.order_id}/status`, { status: 5 });
    await control(`/orders/${cancelled?.order_id}/status`, { status: 4 });
    expect((await control(`/orders/${pending?.order_id}/approve`)).status).toBe(200);

    const changes = await page(PREPAID, cursor);
    expect(changes.orders.map((o) => [o.order_id, o.status])).toEqual([
      [paid?.order_id, 5],
      [cancelled?.order_id, 4],
      [pending?.order_id, 6],
    ]);
    expect(changes.orders[0]?.update_time).not.toBe(paid?.update_time);
    expect((await page(PREPAID, changes.next_cursor)).orders).toEqual([]);
    const fresh = (await sync(PREPAID)).records.map((o) => o.order_id);
    expect(fresh).not.toContain(paid?.order_id);
    expect(fresh).not.toContain(cancelled?.order_id);
  });

  it('an order paid or cancelled in the middle of a full sync is still reported', async () => {
    const token = 'sbx_large_demo';
    const before = (await sync(token)).records;
    const notYetSent = before.at(-1);
    let alreadySent: Order | undefined;
    const during = await sync(token, undefined, 5, async (n) => {
      if (n !== 1) return;
      alreadySent = before[0];
      await control(`/orders/${notYetSent?.order_id}/status`, { status: 5 });
      await control(`/orders/${alreadySent?.order_id}/status`, { status: 4 });
    });
    const last = new Map(during.records.map((o) => [o.order_id, o.status]));
    expect(last.get(notYetSent?.order_id ?? '')).toBe(5);
    expect(last.get(alreadySent?.order_id ?? '')).toBe(4);
    expect(new Set(last.keys())).toEqual(new Set(before.map((o) => o.order_id)));
  });

  it('same seed gives the same orders; after a reset old cursors answer 410 and a new full sync starts over', async () => {
    const { records, cursor } = await sync(POSTPAID);
    await control('/reset', { seed: 11 });
    const expired = await get(`/v1/orders?cursor=${cursor}`, POSTPAID);
    expect(expired.status).toBe(CURSOR_EXPIRED_HTTP_STATUS);
    expect(ApiError.parse(await expired.json())).toEqual({ error_code: 'CBC.0100', error_msg: 'cursor expired; start a full sync' });

    // Times (and the creation-time digits in ids) follow the seed time; everything else follows the seed.
    const timeless = (orders: Order[]) => orders.map(({ create_time: _c, update_time: _u, expire_time: _e, line_items, ...o }) => ({
      ...o,
      order_id: o.order_id.slice(12),
      combined_order_id: o.combined_order_id?.slice(12),
      line_items: line_items.map((i) => ({ ...i, line_item_id: i.line_item_id.slice(12) })),
    }));
    const again = await sync(POSTPAID);
    expect(timeless(again.records)).toEqual(timeless(records));
    await control('/reset', { seed: 12 });
    expect(timeless((await sync(POSTPAID)).records)).not.toEqual(timeless(records));
  });
});

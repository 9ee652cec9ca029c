/**
 * The billing API's edges, as a client meets them: paths that almost name a route, authorization
 * headers that almost carry a token, the exact refusals, an empty `?cursor=`, and a last page that
 * the unpaid orders fill exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Order, OrdersPage } from '../../shared/billing-api/schemas';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const POSTPAID = 'sbx_postpaid_demo';
const PREPAID = 'sbx_prepaid_demo';
let sandbox: Sandbox;

const get = (path: string, authorization?: string) => fetch(`${sandbox.url}${path}`, { headers: authorization === undefined ? {} : { authorization } });
const bearer = (token: string) => `Bearer ${token}`;

async function ordersPage(query: string, token = POSTPAID) {
  const res = await get(`/v1/orders?${query}`, bearer(token));
  expect(res.status, query).toBe(200);
  return OrdersPage.parse(await res.json());
}

beforeAll(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', port: 0, seed: 11, ordersPerAccount: 60, largeAccountOrders: 40 });
});
afterAll(() => sandbox.close());

describe('billing API: paths that only almost name a route', () => {
  // Each test starts its own sandbox: the route table is built as a sandbox starts, and Stryker's
  // per-test coverage credits that to the test running then (a beforeAll's sandbox is no test's).
  it('a route name with something before or after it is no route: 404, even with a good token', async () => {
    const own = await startSandbox({ dbPath: ':memory:', port: 0, seed: 11, ordersPerAccount: 5, largeAccountOrders: 5 });
    try {
      const headers = { authorization: bearer(POSTPAID) };
      for (const route of ['/v1/account', '/v1/service-types', '/v1/orders']) {
        expect((await fetch(`${own.url}${route}`, { headers })).status, route).toBe(200);
        for (const path of [`${route}X`, `/v1/x${route}`]) {
          const res = await fetch(`${own.url}${path}`, { headers });
          expect(res.status, path).toBe(404);
          expect(ApiError.parse(await res.json()), path).toEqual({ error_code: 'CBC.0100', error_msg: `no such route: GET ${path}` });
        }
      }
    } finally {
      await own.close();
    }
  });

  it('an order path with something before or after it is no route either', async () => {
    const own = await startSandbox({ dbPath: ':memory:', port: 0, seed: 11, ordersPerAccount: 5, largeAccountOrders: 5 });
    try {
      const headers = { authorization: bearer(POSTPAID) };
      const [order] = OrdersPage.parse(await (await fetch(`${own.url}/v1/orders?limit=1`, { headers })).json()).orders.map((o) => Order.parse(o));
      expect((await fetch(`${own.url}/v1/orders/${order?.order_id}`, { headers })).status).toBe(200);
      for (const path of [`/v1/x/v1/orders/${order?.order_id}`, `/v1/orders/${order?.order_id}/extra`]) {
        const res = await fetch(`${own.url}${path}`, { headers });
        expect(res.status, path).toBe(404);
        expect(ApiError.parse(await res.json()), path).toEqual({ error_code: 'CBC.0100', error_msg: `no such route: GET ${path}` });
      }
    } finally {
      await own.close();
    }
  });
});

describe('billing API: the bearer token', () => {
  it('takes the token only as the whole header "Bearer <token>"', async () => {
    expect((await get('/v1/account', bearer(POSTPAID))).status).toBe(200);
    for (const authorization of [`x${bearer(POSTPAID)}`, `${bearer(POSTPAID)} extra`, `Token ${POSTPAID}`, POSTPAID]) {
      const res = await get('/v1/account', authorization);
      expect(res.status, authorization).toBe(401);
    }
  });

  it('a 401 says why and names the scheme in WWW-Authenticate', async () => {
    for (const authorization of [undefined, bearer('sbx_nope'), `x${bearer(POSTPAID)}`]) {
      const res = await get('/v1/orders', authorization);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(ApiError.parse(await res.json())).toEqual({ error_code: 'CBC.0151', error_msg: 'access denied: missing or unknown bearer token' });
    }
  });
});

describe('billing API: refusals say what is wrong', () => {
  it('an unknown order and another account’s order get the same 404 message', async () => {
    const [theirs] = (await ordersPage('limit=1', PREPAID)).orders.map((o) => Order.parse(o));
    for (const id of ['CS0000000000AAAAA', theirs?.order_id]) {
      const res = await get(`/v1/orders/${id}`, bearer(POSTPAID));
      expect(res.status).toBe(404);
      expect(ApiError.parse(await res.json())).toEqual({ error_code: 'CBC.30000010', error_msg: 'order does not exist' });
    }
  });

  it('a cursor this sandbox did not issue is a 400 "malformed cursor"', async () => {
    for (const cursor of ['not-a-cursor', Buffer.from('{"epoch":1}').toString('base64url')]) {
      const res = await get(`/v1/orders?cursor=${cursor}`, bearer(POSTPAID));
      expect(res.status).toBe(400);
      expect(ApiError.parse(await res.json())).toEqual({ error_code: 'CBC.0100', error_msg: 'malformed cursor' });
    }
  });
});

describe('billing API: paging', () => {
  it('an empty ?cursor= is no cursor: the first page of a full sync, with the limit given', async () => {
    const first = await ordersPage('limit=7');
    expect(first.total_count).toBeGreaterThan(7);
    for (const query of ['cursor=&limit=7', 'limit=7&cursor=']) {
      const page = await ordersPage(query);
      expect(page.orders).toEqual(first.orders);
      expect(page.has_more).toBe(true);
      expect(page.total_count).toBe(first.total_count);
    }
  });

  it('when the unpaid orders fill the last page exactly, that page says there is no more', async () => {
    const { total_count: total } = await ordersPage('limit=1');
    expect(total).toBeGreaterThan(1);
    const whole = await ordersPage(`limit=${total}`);
    expect(whole.orders).toHaveLength(total ?? -1);
    expect(whole.has_more).toBe(false);

    // Pages of a size the count is a multiple of: exactly count / size pages, the last one full.
    const size = [5, 4, 3, 2, 1].find((d) => (total ?? 0) % d === 0) ?? 1;
    const seen: unknown[] = [];
    let query = `limit=${size}`;
    for (let pages = 1; ; pages++) {
      const page = await ordersPage(query);
      seen.push(...page.orders);
      if (!page.has_more) {
        expect(page.orders).toHaveLength(size);
        expect(pages).toBe((total ?? 0) / size);
        break;
      }
      expect(pages).toBeLessThan((total ?? 0) / size);
      query = `limit=${size}&cursor=${page.next_cursor}`;
    }
    expect(seen).toEqual(whole.orders);
  });
});

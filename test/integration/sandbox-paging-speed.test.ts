import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrdersPage, ORDERS_PAGE_MAX_LIMIT } from '../../shared/billing-api/schemas';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const LARGE_ORDERS = 20_000;
let sandbox: Sandbox;
let seedMs = 0;

beforeAll(async () => {
  const started = performance.now();
  sandbox = await startSandbox({ dbPath: ':memory:', ordersPerAccount: 10, largeAccountOrders: LARGE_ORDERS });
  seedMs = performance.now() - started;
});
afterAll(() => sandbox.close());

describe('sandbox paging speed (figures printed, not asserted)', () => {
  it(`full sync of the large account (${LARGE_ORDERS} orders) in pages of ${ORDERS_PAGE_MAX_LIMIT}`, async () => {
    const headers = { authorization: 'Bearer sbx_large_demo' };
    const started = performance.now();
    let cursor: string | undefined;
    let received = 0;
    let pages = 0;
    for (;;) {
      const query = new URLSearchParams({ limit: String(ORDERS_PAGE_MAX_LIMIT), ...(cursor ? { cursor } : {}) });
      const page = OrdersPage.parse(await (await fetch(`${sandbox.url}/v1/orders?${query}`, { headers })).json());
      received += page.orders.length;
      pages += 1;
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }
    const ms = performance.now() - started;
    console.log(
      `sandbox: seeded ${LARGE_ORDERS + 20} orders in ${seedMs.toFixed(0)} ms; synced ${received} unpaid in ${pages} pages, ` +
        `${ms.toFixed(0)} ms (${((ms / pages)).toFixed(2)} ms/page, ${Math.round((received / ms) * 1000)} orders/s incl. client JSON parsing)`,
    );
    expect(received).toBeGreaterThan(LARGE_ORDERS * 0.8);
  });
});

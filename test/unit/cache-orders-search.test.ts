import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../shared/billing-api/schemas';
import { OrderType } from '../../shared/domain/orders';
import type { OrdersSort } from '../../shared/ipc/contract';
import { Cache } from '../../main/cache/cache';
import { FEW_SEARCH_MATCHES } from '../../main/cache/orders-repository';
import { BASE_TIME, cached, randomOrders } from '../support/orders';

/**
 * A search matching more orders than are read by row id (FEW_SEARCH_MATCHES) is answered by SQL's
 * LIKE on the index entries instead: its rows, total, facet counts and export are checked here on
 * a real cache file, against what the orders themselves say.
 */
const MATCHING = 1_250;
const OTHERS = 400;
const orders: Order[] = randomOrders(MATCHING + OTHERS, 17).map((order, i) => ({
  ...order,
  order_id: i < MATCHING ? `CS2611${String(i).padStart(6, '0')}Q` : `CS2612${String(i).padStart(6, '0')}Q`,
}));
const matching = orders.slice(0, MATCHING);
// Inside the number, not its start, and in the other case: as a clerk types part of one.
const SEARCH = 's2611';

const compareIds = (a: Order, b: Order) => (a.order_id < b.order_id ? -1 : a.order_id > b.order_id ? 1 : 0);
const SORTS: Record<string, { sort: OrdersSort; compare: (a: Order, b: Order) => number }> = {
  'expire time, soonest first': { sort: { by: 'expire_time', dir: 'asc' }, compare: (a, b) => Date.parse(a.expire_time) - Date.parse(b.expire_time) || compareIds(a, b) },
  'amount, largest first': { sort: { by: 'amount', dir: 'desc' }, compare: (a, b) => b.amount_after_discount - a.amount_after_discount || compareIds(b, a) },
};

let dir: string;
let cache: Cache;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'settle-cache-'));
  cache = Cache.open(join(dir, 'cache.db'), { warn: () => {}, info: () => {} });
  cache.applySyncPage({ orders: cached(orders), nextCursor: 'c', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
});
afterAll(() => {
  cache.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`a search matching more than ${FEW_SEARCH_MATCHES} orders`, () => {
  for (const [name, { sort, compare }] of Object.entries(SORTS)) {
    it(`lists every matching order, page by page, sorted by ${name}`, () => {
      // Otherwise this would test the row id path.
      expect(MATCHING).toBeGreaterThan(FEW_SEARCH_MATCHES);
      const expected = [...matching].sort(compare).map((o) => o.order_id);
      const seen: string[] = [];
      for (let offset = 0; offset < MATCHING; offset += 100) {
        const page = cache.orders.list({ filter: { search: SEARCH }, sort, offset, limit: 100 });
        expect(page.total).toBe(MATCHING);
        expect(page.rows.map((r) => r.orderId)).toEqual(expected.slice(offset, offset + 100));
        seen.push(...page.rows.map((r) => r.orderId));
      }
      expect(new Set(seen).size).toBe(MATCHING);
      expect(cache.orders.list({ filter: { search: SEARCH }, sort, offset: MATCHING, limit: 100 })).toEqual({ rows: [], total: MATCHING });
    });
  }

  it('shows each row as the order is', () => {
    const sorted = [...matching].sort(SORTS['amount, largest first']!.compare);
    for (const at of [0, 777, MATCHING - 1]) {
      const order = sorted[at]!;
      const [row] = cache.orders.list({ filter: { search: SEARCH }, sort: { by: 'amount', dir: 'desc' }, offset: at, limit: 1 }).rows;
      expect(row).toMatchObject({
        orderId: order.order_id,
        amountAfterDiscount: order.amount_after_discount,
        officialAmount: order.official_amount,
        serviceTypeCode: order.service_type_code,
        status: order.status,
        expireTime: Date.parse(order.expire_time),
      });
    }
  });

  it('combines with a filter, in the rows and the total', () => {
    const renewals = matching.filter((o) => o.order_type === OrderType.Renewal).sort(SORTS['expire time, soonest first']!.compare);
    expect(renewals.length).toBeGreaterThan(100);
    const page = cache.orders.list({ filter: { search: SEARCH, orderTypes: [OrderType.Renewal] }, sort: { by: 'expire_time', dir: 'asc' }, offset: 50, limit: 50 });
    expect(page.total).toBe(renewals.length);
    expect(page.rows.map((r) => r.orderId)).toEqual(renewals.slice(50, 100).map((o) => o.order_id));
  });

  it('counts the matching orders in every facet', () => {
    const facets = cache.orders.facets({ search: SEARCH });
    const countOf = (key: (o: Order) => unknown) => {
      const counts = new Map<unknown, number>();
      for (const o of matching) counts.set(key(o), (counts.get(key(o)) ?? 0) + 1);
      return counts;
    };
    expect(new Map(facets.serviceTypes.map((f) => [f.value, f.count]))).toEqual(countOf((o) => o.service_type_code));
    expect(new Map(facets.orderTypes.map((f) => [f.value, f.count]))).toEqual(countOf((o) => o.order_type));
    expect(new Map(facets.statuses.map((f) => [f.value, f.count]))).toEqual(countOf((o) => o.status));
  });

  it('exports every matching order and no other', () => {
    const exported = [...cache.orders.iterate({ search: SEARCH }, { by: 'expire_time', dir: 'asc' })].map((r) => r.orderId);
    expect(exported).toEqual([...matching].sort(SORTS['expire time, soonest first']!.compare).map((o) => o.order_id));
  });
});

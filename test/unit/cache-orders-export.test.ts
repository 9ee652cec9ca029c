import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderStatus } from '../../shared/domain/orders';
import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import { Cache } from '../../main/cache/cache';
import { BASE_TIME, buildOrder, randomOrders, cached } from '../support/orders';

/** More than the list's largest page, so that "no limit" shows. */
const orders = randomOrders(1_200, 9);
let cache: Cache;
beforeAll(() => {
  cache = Cache.open(':memory:', { warn: () => {}, info: () => {} });
  cache.applySyncPage({ orders: cached(orders), nextCursor: 'c', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
});
afterAll(() => cache.close());

function everyPage(filter: OrdersFilter, sort: OrdersSort): string[] {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = cache.orders.list({ filter, sort, offset, limit: 500 });
    ids.push(...page.rows.map((r) => r.orderId));
    if (ids.length >= page.total) return ids;
  }
}

describe('OrdersRepository.iterate', () => {
  it('yields every matching order in the order the list pages them, as the list returns rows', () => {
    const cases: [OrdersFilter, OrdersSort][] = [
      [{}, { by: 'expire_time', dir: 'asc' }],
      [{ statuses: [OrderStatus.PendingPayment] }, { by: 'amount', dir: 'desc' }],
      [{ search: 'cs25' }, { by: 'create_time', dir: 'desc' }],
      [{ search: orders[7]!.order_id.slice(-5) }, { by: 'amount', dir: 'asc' }],
    ];
    for (const [filter, sort] of cases) expect([...cache.orders.iterate(filter, sort)].map((r) => r.orderId)).toEqual(everyPage(filter, sort));
    expect([...cache.orders.iterate({}, { by: 'expire_time', dir: 'asc' })]).toHaveLength(orders.length);
    const [first] = cache.orders.iterate({}, { by: 'create_time', dir: 'asc' });
    expect(first).toEqual(cache.orders.list({ filter: {}, sort: { by: 'create_time', dir: 'asc' }, offset: 0, limit: 1 }).rows[0]);
  });

  it('frees the connection when left early, so the sync can write again', () => {
    for (const _row of cache.orders.iterate({}, { by: 'amount', dir: 'asc' })) break;
    const extra = buildOrder();
    cache.applySyncPage({ orders: cached([extra]), nextCursor: 'c2', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
    expect(cache.orders.get(extra.order_id)).not.toBeNull();
    cache.applySyncPage({ orders: cached([{ ...extra, status: OrderStatus.Cancelled }]), nextCursor: 'c3', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
  });
});

describe('OrdersRepository.byIds', () => {
  it('returns the cached orders among the ids, each once, skipping unknown ones', () => {
    const wanted = [orders[5]!.order_id, 'CS-UNKNOWN', orders[900]!.order_id, orders[5]!.order_id];
    const rows = cache.orders.byIds(wanted);
    expect(rows.map((r) => r.orderId).sort()).toEqual([orders[5]!.order_id, orders[900]!.order_id].sort());
    expect(rows.find((r) => r.orderId === orders[900]!.order_id)).toEqual(cache.orders.list({ filter: { search: orders[900]!.order_id }, sort: { by: 'amount', dir: 'asc' }, offset: 0, limit: 1 }).rows[0]);
    expect(cache.orders.byIds([])).toEqual([]);
  });

  it('reads thousands of ids in one call', () => {
    expect(cache.orders.byIds(orders.map((o) => o.order_id))).toHaveLength(orders.length);
  });
});

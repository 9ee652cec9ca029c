import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../shared/billing-api/schemas';
import { OrderStatus } from '../../shared/domain/orders';
import { Cache } from '../../main/cache/cache';
import { buildOrder, cached } from '../support/orders';

const silent = { warn: () => {}, info: () => {} };
let cache: Cache;
beforeEach(() => {
  cache = Cache.open(':memory:', silent);
});
afterEach(() => cache.close());

function apply(orders: readonly Order[], options: { generation?: number; completesFullSync?: boolean; cursor?: string } = {}) {
  return cache.applySyncPage({
    orders: cached(orders),
    nextCursor: options.cursor ?? 'cursor',
    serverTime: Date.UTC(2025, 0, 1),
    generation: options.generation ?? 0,
    completesFullSync: options.completesFullSync ?? false,
  });
}

describe('Cache.applySyncPage', () => {
  it('caches unpaid orders, updates known ones and drops those no longer unpaid', () => {
    const a = buildOrder({ status: OrderStatus.PendingApproval });
    const b = buildOrder();
    const c = buildOrder();
    expect(apply([a, b, c])).toEqual({ upserted: 3, removed: 0, approvedOrderIds: [] });

    const result = apply([
      { ...b, amount_after_discount: 7_000 },
      { ...c, status: OrderStatus.Completed },
      buildOrder({ status: OrderStatus.Cancelled }),
    ]);

    expect(result).toEqual({ upserted: 1, removed: 1, approvedOrderIds: [] });
    expect(cache.orders.count()).toBe(2);
    expect(cache.orders.get(b.order_id)?.amountAfterDiscount).toBe(7_000);
    expect(cache.orders.get(c.order_id)).toBeNull();
  });

  it('refreshes a known order whose indexed values did not change, and keeps it through a full resync', () => {
    const order = buildOrder();
    apply([order], { generation: 0 });
    const generation = cache.syncState.beginFullSync();

    apply([{ ...order, service_type_name: 'Renamed', line_items: [] }], { generation, completesFullSync: true });

    expect(cache.orders.get(order.order_id)).toMatchObject({ serviceTypeName: 'Renamed', lineItems: [], thirdPartyItemCount: 0 });
    expect(cache.orders.count()).toBe(1);
  });

  it('moves a known order in the sort order when its indexed values change', () => {
    const early = buildOrder();
    const late = buildOrder();
    apply([early, late]);

    apply([{ ...early, expire_time: '2030-01-01T00:00:00.000Z', combined_order_id: 'CB-9' }]);

    const rows = cache.orders.list({ filter: {}, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 10 }).rows;
    expect(rows.map((r) => r.orderId)).toEqual([late.order_id, early.order_id]);
    expect(rows[1]?.combinedOrderId).toBe('CB-9');
  });

  it('gives a known order the combined purchase it joins or leaves, when nothing else about it changed', () => {
    const alone = buildOrder({ combined_order_id: null });
    const grouped = buildOrder({ combined_order_id: 'CB-7' });
    apply([alone, grouped]);

    apply([{ ...alone, combined_order_id: 'CB-8' }, { ...grouped, combined_order_id: null }]);

    expect(cache.orders.get(alone.order_id)?.combinedOrderId).toBe('CB-8');
    expect(cache.orders.get(grouped.order_id)?.combinedOrderId).toBeNull();
  });

  it('finds by number, in the next search, the orders a page added and none that it removed', () => {
    const search = (text: string) => cache.orders.list({ filter: { search: text }, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 10 });
    apply([buildOrder({ order_id: 'CS-FIND-1' })]);
    expect(search('find').rows.map((r) => r.orderId)).toEqual(['CS-FIND-1']);

    apply([buildOrder({ order_id: 'CS-FIND-2' })]);
    expect(search('find').rows.map((r) => r.orderId).sort()).toEqual(['CS-FIND-1', 'CS-FIND-2']);

    // A page that only removes (the order was paid elsewhere): the search forgets it, total included.
    apply([buildOrder({ order_id: 'CS-FIND-1', status: OrderStatus.Completed })]);
    expect(search('find')).toMatchObject({ rows: [expect.objectContaining({ orderId: 'CS-FIND-2' })], total: 1 });
  });

  it('saves the cursor and the server time with the orders', () => {
    apply([buildOrder()], { cursor: 'after-page-1' });
    expect(cache.syncState.get()).toMatchObject({ cursor: 'after-page-1', serverTime: Date.UTC(2025, 0, 1) });
  });

  it('reports orders that went from pending approval to pending payment', () => {
    const waiting = buildOrder({ status: OrderStatus.PendingApproval });
    const stillWaiting = buildOrder({ status: OrderStatus.PendingApproval });
    const payable = buildOrder();
    apply([waiting, stillWaiting, payable]);

    const result = apply([
      { ...waiting, status: OrderStatus.PendingPayment },
      stillWaiting,
      payable,
      buildOrder({ status: OrderStatus.PendingPayment }),
    ]);

    expect(result.approvedOrderIds).toEqual([waiting.order_id]);
    expect(cache.orders.get(waiting.order_id)?.status).toBe(OrderStatus.PendingPayment);
    expect(apply([{ ...waiting, status: OrderStatus.PendingPayment }]).approvedOrderIds).toEqual([]);
  });

  it('writes nothing when one order of the page can not be written', () => {
    const kept = buildOrder();
    apply([kept], { cursor: 'before' });

    const broken = { ...buildOrder(), amount_after_discount: 85.5 };
    expect(() => apply([buildOrder(), { ...kept, status: OrderStatus.Completed }, broken], { cursor: 'after' })).toThrow();

    expect(cache.orders.count()).toBe(1);
    expect(cache.orders.get(kept.order_id)).not.toBeNull();
    expect(cache.syncState.get().cursor).toBe('before');
  });

  it('ends a full resync by dropping the orders it did not see again', () => {
    const stays = buildOrder();
    const gone = buildOrder();
    const goneLater = buildOrder();
    apply([stays, gone, goneLater], { generation: 0 });

    const generation = cache.syncState.beginFullSync();
    expect(cache.syncState.get()).toMatchObject({ generation: 1, fullSyncInProgress: true });
    const fresh = buildOrder();
    expect(apply([stays], { generation })).toMatchObject({ upserted: 1, removed: 0 });
    expect(cache.orders.count()).toBe(3);

    expect(apply([fresh], { generation, completesFullSync: true })).toMatchObject({ upserted: 1, removed: 2 });

    expect(cache.orders.get(stays.order_id)).not.toBeNull();
    expect(cache.orders.get(fresh.order_id)).not.toBeNull();
    expect(cache.orders.count()).toBe(2);
    expect(cache.syncState.get().fullSyncInProgress).toBe(false);
  });

  it('keeps only the last state of an order listed twice in one page', () => {
    const once = buildOrder();
    const twice = buildOrder();
    const result = apply([twice, once, { ...twice, status: OrderStatus.Cancelled }]);

    expect(result).toEqual({ upserted: 1, removed: 0, approvedOrderIds: [] });
    expect(cache.orders.get(twice.order_id)).toBeNull();
    expect(cache.orders.list({ filter: { search: twice.order_id.slice(-6) }, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 10 }).total).toBe(0);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Order } from '../../shared/billing-api/schemas';
import { OrderStatus } from '../../shared/domain/orders';
import { Cache, type RejectedRecordNote } from '../../main/cache/cache';
import { buildOrder, cached } from '../support/orders';

let cache: Cache;
beforeEach(() => {
  cache = Cache.open(':memory:', { warn: () => {}, info: () => {} });
});
afterEach(() => cache.close());

const note = (orderId: string, at: number, problem = 'official_amount: expected number'): RejectedRecordNote => ({ orderId, problem, at });
const page = (orders: Order[], rejected: RejectedRecordNote[] = [], cursor = 'c') =>
  cache.applySyncPage({ orders: cached(orders), rejected, nextCursor: cursor, serverTime: 0, generation: 0, completesFullSync: false });
const remembered = () => cache.rejectedOrders.all().map((r) => r.orderId);

describe('rejected orders, as the sync page writer keeps them', () => {
  it('remembers a rejected order once, from when it was first rejected, with its latest problem', () => {
    page([buildOrder()], [note('CS-BAD', 1_000, 'first')]);
    page([], [note('CS-BAD', 2_000, 'second')]);

    expect(cache.rejectedOrders.all()).toEqual([{ orderId: 'CS-BAD', firstRejectedAt: 1_000, attempts: 0, lastProblem: 'second' }]);
    expect(cache.rejectedOrders.due(20)).toEqual(['CS-BAD']);
  });

  it('forgets an order that arrives valid, unpaid or not', () => {
    const unpaid = buildOrder();
    const paid = buildOrder();
    page([], [note(unpaid.order_id, 1), note(paid.order_id, 1), note('CS-STILL-BAD', 1)]);

    page([unpaid, { ...paid, status: OrderStatus.Completed }]);

    expect(remembered()).toEqual(['CS-STILL-BAD']);
  });

  it('keeps remembering an order both valid and rejected in one page', () => {
    const order = buildOrder();
    page([order], [note(order.order_id, 1)]);
    expect(remembered()).toEqual([order.order_id]);
  });

  it('remembers nothing from a page that could not be written', () => {
    const broken = { ...buildOrder(), amount_after_discount: 85.5 };
    expect(() => page([broken], [note('CS-BAD', 1)], 'after')).toThrow();
    expect(remembered()).toEqual([]);
  });

  it('counts failed fetches, and leaves an order out of the due ones at the cap', () => {
    page([], [note('CS-A', 1), note('CS-B', 2)]);
    expect(cache.rejectedOrders.recordFailedFetch('CS-A', 'HTTP 500')).toBe(1);
    expect(cache.rejectedOrders.recordFailedFetch('CS-A', 'still malformed')).toBe(2);

    expect(cache.rejectedOrders.due(2)).toEqual(['CS-B']);
    expect(cache.rejectedOrders.due(3)).toEqual(['CS-A', 'CS-B']);
    expect(cache.rejectedOrders.all()[0]).toMatchObject({ orderId: 'CS-A', attempts: 2, lastProblem: 'still malformed' });
  });
});

describe('Cache.applyFetchedOrders', () => {
  it('caches a fetched unpaid order, drops a fetched paid one and a missing one, and forgets all three', () => {
    const stale = buildOrder({ amount_after_discount: 1 });
    const paid = buildOrder();
    const missing = buildOrder();
    page([stale, paid, missing], [], 'cursor-1');
    page([], [note(stale.order_id, 1), note(paid.order_id, 1), note(missing.order_id, 1)], 'cursor-2');

    const fresh = { ...stale, amount_after_discount: 2, status: OrderStatus.PendingPayment };
    expect(cache.applyFetchedOrders({ orders: cached([fresh]), missingIds: [], generation: 0 })).toEqual({ upserted: 1, removed: 0, approvedOrderIds: [] });
    expect(cache.applyFetchedOrders({ orders: cached([{ ...paid, status: OrderStatus.Completed }]), missingIds: [], generation: 0 })).toMatchObject({ removed: 1 });
    expect(cache.applyFetchedOrders({ orders: [], missingIds: [missing.order_id], generation: 0 })).toMatchObject({ removed: 1 });

    expect(cache.orders.get(stale.order_id)?.amountAfterDiscount).toBe(2);
    expect(cache.orders.count()).toBe(1);
    expect(remembered()).toEqual([]);
    expect(cache.syncState.get().cursor).toBe('cursor-2');
  });

  it('reports an approval it brings, as a page does', () => {
    const waiting = buildOrder({ status: OrderStatus.PendingApproval });
    page([waiting]);
    const result = cache.applyFetchedOrders({ orders: cached([{ ...waiting, status: OrderStatus.PendingPayment }]), missingIds: [], generation: 0 });
    expect(result.approvedOrderIds).toEqual([waiting.order_id]);
  });
});

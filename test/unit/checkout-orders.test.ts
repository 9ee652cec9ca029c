/**
 * The one check into the checkout (shared/billing/checkout-orders.ts) on its own, over a fake
 * cache: which orders it resolves, in which order, and why it refuses. The renderer's selection
 * store tests reach it only through a faked bridge; mutation testing found its ordering unpinned.
 */
import { describe, expect, it } from 'vitest';
import { checkoutOrders, type CachedGroups } from '../../shared/billing/checkout-orders';
import type { OrderRow } from '../../shared/ipc/types';

const NOW = Date.UTC(2026, 10, 26, 12);
const row = (orderId: string, over: Partial<OrderRow> = {}): OrderRow => ({
  orderId,
  status: 6,
  orderType: 1,
  serviceTypeCode: 'hws.service.type.ec2',
  serviceTypeName: 'Elastic Cloud Server',
  officialAmount: 1000,
  amountAfterDiscount: 900,
  currency: 'USD',
  createTime: NOW - 86_400_000,
  updateTime: NOW - 86_400_000,
  expireTime: NOW + 86_400_000,
  combinedOrderId: null,
  groupSize: 1,
  contractOverlap: false,
  thirdPartyItemCount: 0,
  ...over,
});

/** Answers as the cache does: the orders asked for that it holds, and every member of their combined purchases, in no promised order. */
function cacheOf(rows: readonly OrderRow[]): CachedGroups {
  return {
    withGroups(orderIds) {
      const asked = rows.filter((o) => orderIds.includes(o.orderId));
      const groups = new Set(asked.flatMap((o) => (o.combinedOrderId === null ? [] : [o.combinedOrderId])));
      return rows.filter((o) => orderIds.includes(o.orderId) || (o.combinedOrderId !== null && groups.has(o.combinedOrderId))).reverse();
    },
  };
}

const ids = (orders: readonly OrderRow[]) => orders.map((o) => o.orderId);

describe('checkoutOrders', () => {
  it('brings whole combined purchases, the groups in the order asked and each group’s members by order number', () => {
    const cache = cacheOf([row('A1', { combinedOrderId: 'C' }), row('A2', { combinedOrderId: 'C' }), row('A3', { combinedOrderId: 'C' }), row('B'), row('D')]);
    const check = checkoutOrders(cache, ['D', 'A3', 'B'], NOW);
    expect(ids(check.orders)).toEqual(['D', 'A1', 'A2', 'A3', 'B']);
    expect(check).toMatchObject({ missing: [], refusal: null });
  });

  it('orders a group by the first of its members asked for, not by the one asked last', () => {
    const cache = cacheOf([row('A1', { combinedOrderId: 'C' }), row('A2', { combinedOrderId: 'C' }), row('B')]);
    expect(ids(checkoutOrders(cache, ['A2', 'B', 'A1'], NOW).orders)).toEqual(['A1', 'A2', 'B']);
  });

  it('refuses when an order asked for is no longer cached (paid or cancelled elsewhere), naming the first missing one', () => {
    const cache = cacheOf([row('A'), row('B')]);
    const check = checkoutOrders(cache, ['A', 'GONE1', 'B', 'GONE2'], NOW);
    expect(check).toEqual({ orders: [expect.objectContaining({ orderId: 'A' }), expect.objectContaining({ orderId: 'B' })], missing: ['GONE1', 'GONE2'], refusal: { code: 'not_payable', orderId: 'GONE1' } });
  });

  it('refuses by the selection rules, for a member of a group the clerk did not ask for too', () => {
    const cache = cacheOf([row('A1', { combinedOrderId: 'C' }), row('A2', { combinedOrderId: 'C', status: 1 }), row('E', { expireTime: NOW }), row('Y', { currency: 'CNY' }), row('U')]);
    expect(checkoutOrders(cache, ['A1'], NOW).refusal).toEqual({ code: 'pending_approval', orderId: 'A2' });
    expect(checkoutOrders(cache, ['U', 'E'], NOW).refusal).toEqual({ code: 'expired', orderId: 'E' });
    expect(checkoutOrders(cache, ['U', 'Y'], NOW).refusal).toEqual({ code: 'currency', selectedCurrency: 'USD' });
  });

  it('takes 30 orders into one payment and refuses 31', () => {
    const rows = Array.from({ length: 31 }, (_, i) => row(`O${String(i).padStart(2, '0')}`));
    const cache = cacheOf(rows);
    expect(checkoutOrders(cache, ids(rows.slice(0, 30)), NOW).refusal).toBeNull();
    expect(checkoutOrders(cache, ids(rows), NOW)).toMatchObject({ refusal: { code: 'limit', max: 30 }, missing: [] });
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cache } from '../../main/cache/cache';
import { buildOrder, cloudLineItem, thirdPartyLineItem, cached } from '../support/orders';

let cache: Cache;
beforeEach(() => {
  cache = Cache.open(':memory:', { warn: () => {}, info: () => {} });
});
afterEach(() => cache.close());

describe('OrdersRepository.get', () => {
  it('returns the order with its line items in camelCase, vendors included', () => {
    const order = buildOrder({
      contract_overlap: true,
      line_items: [
        cloudLineItem({ line_item_id: 'LI-1', product_name: 'Server', official_amount: 1_000, amount_after_discount: 900 }),
        thirdPartyLineItem('Acme Images', { line_item_id: 'LI-2', product_name: 'Image', official_amount: 300, amount_after_discount: 300 }),
      ],
    });
    cache.applySyncPage({ orders: cached([order]), nextCursor: 'c', serverTime: 0, generation: 0, completesFullSync: false });

    const detail = cache.orders.get(order.order_id);

    expect(detail).toMatchObject({ orderId: order.order_id, contractOverlap: true, thirdPartyItemCount: 1, groupSize: 1, groupMembers: [] });
    expect(detail?.lineItems).toEqual([
      { lineItemId: 'LI-1', productName: 'Server', serviceTypeCode: 'hws.service.type.ec2', officialAmount: 1_000, amountAfterDiscount: 900, provider: { kind: 'cloud' } },
      {
        lineItemId: 'LI-2',
        productName: 'Image',
        serviceTypeCode: 'hws.service.type.marketplace',
        officialAmount: 300,
        amountAfterDiscount: 300,
        provider: { kind: 'third_party', vendorName: 'Acme Images', vendorContact: 'billing@acme.example' },
      },
    ]);
  });

  it('lists the other cached members of its combined purchase', () => {
    const members = [buildOrder({ combined_order_id: 'CB-1' }), buildOrder({ combined_order_id: 'CB-1' }), buildOrder({ combined_order_id: 'CB-1' })];
    cache.applySyncPage({ orders: cached([...members, buildOrder({ combined_order_id: 'CB-2' })]), nextCursor: 'c', serverTime: 0, generation: 0, completesFullSync: false });

    const detail = cache.orders.get(members[1]!.order_id);

    expect(detail?.groupSize).toBe(3);
    expect(detail?.groupMembers.map((m) => [m.orderId, m.groupSize])).toEqual([
      [members[0]!.order_id, 3],
      [members[2]!.order_id, 3],
    ]);
    const listed = cache.orders.list({ filter: {}, sort: { by: 'create_time', dir: 'asc' }, offset: 0, limit: 10 }).rows;
    expect(listed.map((r) => r.groupSize)).toEqual([3, 3, 3, 1]);
  });

  it('returns null for an order it does not hold', () => {
    expect(cache.orders.get('CS-NOPE')).toBeNull();
  });

  it('counts the cached orders', () => {
    cache.applySyncPage({ orders: cached([buildOrder(), buildOrder()]), nextCursor: 'c', serverTime: 0, generation: 0, completesFullSync: false });
    expect(cache.orders.count()).toBe(2);
  });
});

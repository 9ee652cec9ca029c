import { describe, expect, it } from 'vitest';
import { Order } from '../../shared/billing-api/schemas';
import { buildOrder, cloudLineItem, randomOrders, thirdPartyLineItem } from '../support/orders';

describe('test/support/orders', () => {
  it('builds orders that the billing API schema accepts', () => {
    expect(() => Order.parse(buildOrder({ line_items: [cloudLineItem(), thirdPartyLineItem()] }))).not.toThrow();
    for (const order of randomOrders(300, 7)) expect(() => Order.parse(order)).not.toThrow();
  });

  it('generates the same orders for the same seed, with unique order numbers', () => {
    const orders = randomOrders(2_000, 3);
    expect(randomOrders(2_000, 3)).toEqual(orders);
    expect(new Set(orders.map((o) => o.order_id)).size).toBe(orders.length);
  });
});

import { describe, expect, it } from 'vitest';
import { Order } from '../../shared/billing-api/schemas';
import { ORDER_TYPE_CODES } from '../../shared/domain/orders';
import { DEMO_ACCOUNT_PROFILES, SERVICE_TYPES } from '../../sandbox/catalog';
import { CLOUD_PAYMENT_WINDOW_MS, HARDWARE_PAYMENT_WINDOW_MS, generateOrders, type SeededOrder } from '../../sandbox/seed';

const SEED_TIME = Date.parse('2026-03-02T10:15:00Z');
const counts = { ordersPerAccount: 80, largeAccountOrders: 150 };
const seeded = [...generateOrders(7, SEED_TIME, counts)];
const byAccount = (key: string): Order[] => {
  const profile = DEMO_ACCOUNT_PROFILES.find((p) => p.key === key);
  return seeded.filter((s) => s.customer_id === profile?.customer_id).map((s) => s.order);
};
const isUnpaid = (o: Order) => o.status === 1 || o.status === 6;

describe('sandbox seed', () => {
  it('is deterministic: same seed and seed time give the same orders, another seed others', () => {
    expect([...generateOrders(7, SEED_TIME, counts)]).toEqual(seeded);
    const other = [...generateOrders(8, SEED_TIME, counts)];
    expect(other.map((s) => s.order.order_id)).not.toEqual(seeded.map((s) => s.order.order_id));
  });

  it('resizing the large account leaves the other accounts unchanged', () => {
    const small = [...generateOrders(7, SEED_TIME, { ...counts, largeAccountOrders: 20 })];
    const notLarge = (list: SeededOrder[]) => list.filter((s) => s.customer_id !== DEMO_ACCOUNT_PROFILES[2]?.customer_id);
    expect(notLarge(small)).toEqual(notLarge(seeded));
  });

  it('gives each account the requested number of orders, all valid by the Order schema, with unique BSS-style ids', () => {
    expect(byAccount('postpaid')).toHaveLength(80);
    expect(byAccount('prepaid')).toHaveLength(80);
    expect(byAccount('large')).toHaveLength(150);
    for (const { order } of seeded) {
      expect(Order.safeParse(order).success).toBe(true);
      // "CS" + yyMMddHHmm of the creation time + five capitals, like a real Order No.
      expect(order.order_id).toMatch(/^CS\d{10}[A-Z]{5}$/);
      expect(order.order_id.slice(2, 12)).toBe(order.create_time.replace(/\D/g, '').slice(2, 12));
    }
    expect(new Set(seeded.map((s) => s.order.order_id)).size).toBe(seeded.length);
  });

  it.each(['postpaid', 'prepaid', 'large'])('%s: every order type, at least 8 service types, unpaid orders and some history', (key) => {
    const orders = byAccount(key);
    expect(new Set(orders.map((o) => o.order_type))).toEqual(new Set(ORDER_TYPE_CODES));
    expect(new Set(orders.map((o) => o.service_type_code)).size).toBeGreaterThanOrEqual(8);
    const statuses = new Set(orders.map((o) => o.status));
    for (const status of [1, 3, 4, 5, 6, 9]) expect(statuses).toContain(status);
    expect(orders.filter(isUnpaid).length / orders.length).toBeGreaterThan(0.75);
    expect(orders.some((o) => o.contract_overlap)).toBe(true);
  });

  it('puts USD and CNY on the postpaid account and only CNY on the prepaid one', () => {
    expect(new Set(byAccount('postpaid').map((o) => o.currency))).toEqual(new Set(['USD', 'CNY']));
    expect(new Set(byAccount('prepaid').map((o) => o.currency))).toEqual(new Set(['CNY']));
  });

  it('forms combined purchases of 2 to 6 unpaid orders in one currency, sometimes with a member pending approval', () => {
    const groups = new Map<string, Order[]>();
    for (const { order } of seeded) if (order.combined_order_id) groups.set(order.combined_order_id, [...(groups.get(order.combined_order_id) ?? []), order]);
    expect(groups.size).toBeGreaterThanOrEqual(3);
    for (const members of groups.values()) {
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members.length).toBeLessThanOrEqual(6);
      expect(new Set(members.map((o) => o.currency)).size).toBe(1);
      expect(new Set(members.map((o) => o.expire_time)).size).toBe(1);
      expect(members.every(isUnpaid)).toBe(true);
    }
    expect([...groups.values()].some((m) => m.some((o) => o.status === 1))).toBe(true);
  });

  it('charges only cloud line items; third-party items name their vendor and are left out of the amount', () => {
    let composites = 0;
    for (const { order } of seeded) {
      const cloud = order.line_items.filter((i) => i.provider.kind === 'cloud');
      expect(order.official_amount).toBe(cloud.reduce((s, i) => s + i.official_amount, 0));
      expect(order.amount_after_discount).toBe(cloud.reduce((s, i) => s + i.amount_after_discount, 0));
      expect(order.amount_after_discount).toBeLessThanOrEqual(order.official_amount);
      for (const item of order.line_items) expect(item.amount_after_discount).toBeLessThanOrEqual(item.official_amount);
      if (order.line_items.some((i) => i.provider.kind === 'third_party')) composites += 1;
    }
    expect(composites).toBeGreaterThan(0);
    expect(seeded.some((s) => s.order.amount_after_discount === s.order.official_amount)).toBe(true);
    expect(seeded.some((s) => s.order.amount_after_discount < s.order.official_amount)).toBe(true);
  });

  it('gives hardware 1 hour and cloud services 7 days to pay, with unpaid orders created recently and some deadlines near', () => {
    const hardware = new Set(SERVICE_TYPES.filter((t) => t.hardware).map((t) => t.code));
    let nearDeadline = 0;
    for (const { order } of seeded) {
      const window = Date.parse(order.expire_time) - Date.parse(order.create_time);
      expect(window).toBe(hardware.has(order.service_type_code) ? HARDWARE_PAYMENT_WINDOW_MS : CLOUD_PAYMENT_WINDOW_MS);
      expect(Date.parse(order.create_time)).toBeLessThanOrEqual(SEED_TIME);
      if (!isUnpaid(order)) continue;
      expect(SEED_TIME - Date.parse(order.create_time)).toBeLessThan(CLOUD_PAYMENT_WINDOW_MS + 3 * 3_600_000);
      if (Date.parse(order.expire_time) - SEED_TIME < 6 * 3_600_000) nearDeadline += 1;
    }
    expect(nearDeadline).toBeGreaterThan(0);
  });
});

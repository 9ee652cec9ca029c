/**
 * Savings rules that mutation testing (`npm run test:mutation`) found unpinned by savings.test.ts:
 * exact rounding of amounts too large for a double product, a discount coupon without a rate of its
 * own, what each refusal's message tells the clerk (the checkout card shows it beside the code), the
 * order a shared coupon is reported as used by, and the totals' currency. Every expected figure is
 * worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { Coupon, Discount } from '../../shared/billing-api/payment-schemas';
import { byApplicationOrder, couponBlockers, quoteOrders, roundedShare, type Choice, type PricedOrder } from '../../shared/billing/savings';

const NOW = Date.UTC(2026, 10, 26, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

const rate = (discount_id: string, pay_rate_bp: number, over: Partial<Discount> = {}): Discount => ({
  discount_id, kind: 2, mandatory: false, preselected: false, description: discount_id, pay_rate_bp, ...over,
});
const order = (order_id: string, official_amount: number, over: Partial<PricedOrder> = {}): PricedOrder => ({
  order_id, official_amount, currency: 'USD', service_type_code: 'hws.service.type.ec2', order_type: 1, discounts: [], ...over,
});
const coupon = (coupon_id: string, kind: Coupon['kind'], balance: number, over: Partial<Coupon> = {}): Coupon => ({
  coupon_id, kind, name: coupon_id, currency: 'USD', face_value: balance, balance,
  valid_from: iso(NOW - DAY), valid_until: iso(NOW + DAY), min_spend: 0, service_types: [], order_types: [],
  combinable_with_discount_kinds: [0, 2, 3, 609], locked_by_order_id: null, ...over,
});
function quoteOne(o: PricedOrder, choice: Omit<Choice, 'order_id'>, coupons: readonly Coupon[]) {
  return quoteOrders([o], [{ order_id: o.order_id, ...choice }], coupons, NOW).orders[0]!;
}
const messages = (q: { problems: readonly { message: string }[] }) => q.problems.map((p) => p.message);

describe('rounding amounts too large for an exact double product', () => {
  // Above floor((2^53 − 1 − 5000) / 10000) = 900,719,925,473 minor units, amount × bp + 5000 may pass 2^53.
  it('rounds a positive product half up exactly', () => {
    // (10^13 + 5) × 0.9 = 9,000,000,000,004.5 → 9,000,000,000,005; as a double, 90,000,000,000,045,000 is
    // not representable (above 2^53 the spacing is 8 or more) and the half is lost.
    expect(roundedShare(10_000_000_000_005, 9_000)).toBe(9_000_000_000_005);
    // (10^13 + 10) × 0.85 = 8,500,000,000,008.5 → …009.
    expect(roundedShare(10_000_000_000_010, 8_500)).toBe(8_500_000_000_009);
  });

  it('rounds a negative product half up (toward +∞) when it has a remainder', () => {
    // −(10^12 + 1) × 0.85 = −850,000,000,000.85 → −850,000,000,001 (truncating would give …000).
    expect(roundedShare(-1_000_000_000_001, 8_500)).toBe(-850_000_000_001);
    // −(2^53 − 1) × 0.0001 = −900,719,925,474.0991 → −900,719,925,474.
    expect(roundedShare(-Number.MAX_SAFE_INTEGER, 1)).toBe(-900_719_925_474);
  });

  it('prices such an order to the minor unit', () => {
    // discounted = 9,000,000,000,005 (above); the discount is worth 10^13 + 5 − that = 1,000,000,000,000.
    const q = quoteOne(order('O1', 10_000_000_000_005, { discounts: [rate('D', 9_000)] }), { discount_id: 'D', coupon_ids: [] }, []);
    expect(q).toMatchObject({ discount: { discount_id: 'D', amount: 1_000_000_000_000 }, payable: 9_000_000_000_005 });
  });
});

describe('a discount coupon without a rate of its own', () => {
  it('is limited only by its balance and what is left', () => {
    // No pay_rate_bp: 1000 − 250 = 750; with balance 4000 it takes all 1000.
    expect(quoteOne(order('O1', 1_000), { coupon_ids: ['C'] }, [coupon('C', 300, 250)])).toMatchObject({ coupons: [{ coupon_id: 'C', amount: 250 }], payable: 750 });
    expect(quoteOne(order('O1', 1_000), { coupon_ids: ['C'] }, [coupon('C', 300, 4_000)])).toMatchObject({ coupons: [{ coupon_id: 'C', amount: 1_000 }], payable: 0 });
  });
});

describe('the order coupons are applied in, as a comparator', () => {
  it('orders two coupons of one kind the same way whichever comes first', () => {
    // 'Z' (0x5A) before 'a' (0x61): negative one way, positive the other, as Array.prototype.sort requires.
    const z = coupon('Z', 302, 1);
    const a = coupon('a', 302, 1);
    expect(Math.sign(byApplicationOrder(z, a))).toBe(-1);
    expect(Math.sign(byApplicationOrder(a, z))).toBe(1);
  });
});

describe("what a coupon's refusal tells the clerk", () => {
  const o = order('ORD-1', 1_000, { service_type_code: 'hws.service.type.ebs', order_type: 2 });
  const message = (c: Coupon, reason: string, discounted = 1_000, kind: 0 | 2 | 3 | 609 | null = null, usedBy?: string) => {
    const found = couponBlockers(o, discounted, kind, c, NOW, usedBy).find((b) => b.reason === reason);
    expect(found, reason).toBeDefined();
    return found!.message;
  };

  it('names the coupon and what is wrong, with the figures and ids at fault', () => {
    const from = iso(NOW + DAY);
    expect(message(coupon('CPN-7', 302, 100, { valid_from: from }), 'not_yet_valid')).toSatisfy((m: string) => m.includes('CPN-7') && m.includes(from));
    expect(message(coupon('CPN-7', 302, 0), 'no_balance')).toContain('CPN-7');
    expect(message(coupon('CPN-7', 302, 100, { currency: 'EUR' }), 'currency')).toSatisfy((m: string) => ['CPN-7', 'EUR', 'USD', 'ORD-1'].every((s) => m.includes(s)));
    expect(message(coupon('CPN-7', 302, 100, { service_types: ['hws.service.type.obs'] }), 'service_type')).toSatisfy((m: string) => m.includes('CPN-7') && m.includes('hws.service.type.ebs'));
    expect(message(coupon('CPN-7', 302, 100, { order_types: [1, 3] }), 'order_type')).toSatisfy((m: string) => m.includes('CPN-7') && /\b2\b/.test(m));
    // The minimum (5000) and what the order comes to after its discount (999).
    expect(message(coupon('CPN-7', 302, 100, { min_spend: 5_000 }), 'min_spend', 999)).toSatisfy((m: string) => ['CPN-7', '5000', '999', 'ORD-1'].every((s) => m.includes(s)));
    expect(message(coupon('CPN-7', 302, 100, { combinable_with_discount_kinds: [0] }), 'not_combinable', 1_000, 609)).toSatisfy((m: string) => m.includes('CPN-7') && m.includes('609'));
    expect(message(coupon('CPN-7', 302, 100, { locked_by_order_id: 'ORD-9' }), 'locked')).toSatisfy((m: string) => m.includes('CPN-7') && m.includes('ORD-9'));
    expect(message(coupon('CPN-7', 302, 100), 'used_by_other_order', 1_000, null, 'ORD-8')).toSatisfy((m: string) => m.includes('CPN-7') && m.includes('ORD-8'));
  });
});

describe("what a quote's refusal tells the clerk", () => {
  it('names a discount that is not the order’s, and a 609 that would be swapped', () => {
    const plain = quoteOne(order('ORD-1', 1_000, { discounts: [rate('DSC-A', 9_000)] }), { discount_id: 'DSC-X', coupon_ids: [] }, []);
    expect(messages(plain)).toSatisfy((m: string[]) => m.length === 1 && m[0]!.includes('DSC-X') && m[0]!.includes('ORD-1'));
    const adjusted = order('ORD-1', 1_000, { discounts: [rate('DSC-A', 5_000), rate('ADJ-609', 9_000, { kind: 609, mandatory: true })] });
    expect(messages(quoteOne(adjusted, { discount_id: 'DSC-A', coupon_ids: [] }, []))).toSatisfy((m: string[]) => m.length === 1 && ['ORD-1', 'ADJ-609', 'DSC-A'].every((s) => m[0]!.includes(s)));
  });

  it('gives the count of coupons against the limit of 3', () => {
    const coupons = ['A', 'B', 'C', 'D'].map((id) => coupon(`CPN-${id}`, 302, 10));
    const [m] = messages(quoteOne(order('ORD-1', 1_000), { coupon_ids: coupons.map((c) => c.coupon_id) }, coupons));
    expect(m).toSatisfy((s: string) => s.includes('ORD-1') && /\b4\b/.test(s) && /\b3\b/.test(s));
  });

  it('tells two cash coupons apart from a cash coupon beside a discount coupon', () => {
    const coupons = [coupon('K1', 301, 10), coupon('K2', 301, 10), coupon('R1', 300, 10, { pay_rate_bp: 9_000 })];
    const [twoCash, withDiscountCoupon] = messages(quoteOne(order('ORD-1', 1_000), { coupon_ids: ['K1', 'K2', 'R1'] }, coupons));
    expect(twoCash).toSatisfy((s: string) => s.includes('ORD-1') && /\b2\b/.test(s) && /cash/.test(s));
    expect(withDiscountCoupon).toSatisfy((s: string) => s.includes('ORD-1') && /cash/.test(s) && /discount coupon/.test(s));
  });

  it('names a coupon id no coupon has, and a coupon named twice', () => {
    expect(messages(quoteOne(order('ORD-1', 1_000), { coupon_ids: ['CPN-404'] }, []))).toSatisfy((m: string[]) => m.length === 1 && m[0]!.includes('CPN-404'));
    const twice = messages(quoteOne(order('ORD-1', 1_000), { coupon_ids: ['CPN-7', 'CPN-7'] }, [coupon('CPN-7', 302, 10)]));
    expect(twice).toSatisfy((m: string[]) => m.length === 1 && m[0]!.includes('CPN-7') && m[0]!.includes('ORD-1'));
  });

  it('tells every later order of the payment that a shared coupon is used by the first', () => {
    const orders = [order('ORD-A', 1_000), order('ORD-B', 1_000), order('ORD-C', 1_000)];
    const choices = orders.map((o) => ({ order_id: o.order_id, coupon_ids: ['CPN-7'] }));
    const quote = quoteOrders(orders, choices, [coupon('CPN-7', 302, 300)], NOW);
    // ORD-A takes 300; ORD-B and ORD-C are refused, each told that ORD-A holds the coupon.
    expect(quote.orders.map((q) => q.payable)).toEqual([700, 1_000, 1_000]);
    for (const q of quote.orders.slice(1)) {
      expect(messages(q)).toSatisfy((m: string[]) => m.length === 1 && m[0]!.includes('ORD-A') && !m[0]!.includes('ORD-B'));
    }
  });
});

describe("the quote's totals currency, and the caller's mistakes", () => {
  it('is the chosen orders’ currency, whatever else the given orders hold', () => {
    const given = [order('EUR-1', 500, { currency: 'EUR' }), order('USD-1', 700)];
    expect(quoteOrders(given, [{ order_id: 'USD-1', coupon_ids: [] }], [], NOW).totals).toEqual({ official: 700, discounts: 0, coupons: 0, payable: 700, currency: 'USD' });
  });

  it('is the first given order’s currency when nothing is chosen, and there is none without orders', () => {
    expect(quoteOrders([order('EUR-1', 500, { currency: 'EUR' })], [], [], NOW)).toEqual({ orders: [], totals: { official: 0, discounts: 0, coupons: 0, payable: 0, currency: 'EUR' } });
    expect(() => quoteOrders([], [], [], NOW)).toThrow(/no orders/);
  });

  it('says which order a bad choice names', () => {
    expect(() => quoteOrders([order('O1', 1)], [{ order_id: 'O2', coupon_ids: [] }], [], NOW)).toThrow(/\bO2\b/);
    expect(() => quoteOrders([order('O1', 1)], [{ order_id: 'O1', coupon_ids: [] }, { order_id: 'O1', coupon_ids: [] }], [], NOW)).toThrow(/\bO1\b/);
    const mixed = [order('O1', 1), order('O2', 1, { currency: 'EUR' })];
    expect(() => quoteOrders(mixed, [{ order_id: 'O1', coupon_ids: [] }, { order_id: 'O2', coupon_ids: [] }], [], NOW)).toThrow(/USD.*EUR/);
  });
});

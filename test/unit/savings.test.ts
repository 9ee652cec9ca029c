/**
 * The savings arithmetic and the discount and coupon rules of docs/domain.md (shared/billing/savings.ts).
 * Every expected figure is worked out by hand in the test's comments from the rules, not copied
 * from the implementation's output.
 */
import { describe, expect, it } from 'vitest';
import type { Coupon, Discount } from '../../shared/billing-api/payment-schemas';
import {
  couponBlocker,
  couponBlockers,
  defaultChoice,
  quoteOrders,
  roundedShare,
  type Choice,
  type PricedOrder,
} from '../../shared/billing/savings';

const NOW = Date.UTC(2026, 10, 26, 12);
const iso = (ms: number) => new Date(ms).toISOString();
const DAY = 86_400_000;

const discount = (discount_id: string, over: Partial<Discount> = {}): Discount => ({
  discount_id,
  kind: 2,
  mandatory: false,
  preselected: false,
  description: discount_id,
  ...over,
});
const rate = (discount_id: string, pay_rate_bp: number, over: Partial<Discount> = {}) => discount(discount_id, { pay_rate_bp, ...over });
const reduction = (discount_id: string, amount: number, over: Partial<Discount> = {}) => discount(discount_id, { reduction: amount, ...over });

const order = (order_id: string, official_amount: number, over: Partial<PricedOrder> = {}): PricedOrder => ({
  order_id,
  official_amount,
  currency: 'USD',
  service_type_code: 'hws.service.type.ec2',
  order_type: 1,
  discounts: [],
  ...over,
});

const coupon = (coupon_id: string, kind: Coupon['kind'], balance: number, over: Partial<Coupon> = {}): Coupon => ({
  coupon_id,
  kind,
  name: coupon_id,
  currency: 'USD',
  face_value: balance,
  balance,
  valid_from: iso(NOW - DAY),
  valid_until: iso(NOW + DAY),
  min_spend: 0,
  service_types: [],
  order_types: [],
  combinable_with_discount_kinds: [0, 2, 3, 609],
  locked_by_order_id: null,
  ...over,
});

function quoteOne(o: PricedOrder, choice: Omit<Choice, 'order_id'>, coupons: readonly Coupon[]) {
  const quote = quoteOrders([o], [{ order_id: o.order_id, ...choice }], coupons, NOW);
  return quote.orders[0]!;
}
const codes = (q: { problems: readonly { code: string }[] }) => q.problems.map((p) => p.code);

describe('rounding a product of an amount and a rate', () => {
  it('rounds half up to a minor unit', () => {
    expect(roundedShare(10_001, 8_500)).toBe(8_501); // 8500.85
    expect(roundedShare(3, 5_000)).toBe(2); // 1.5
    expect(roundedShare(1, 5_000)).toBe(1); // 0.5
    expect(roundedShare(5, 1_000)).toBe(1); // 0.5
    expect(roundedShare(4_999, 1)).toBe(0); // 0.4999
    expect(roundedShare(15_000, 1)).toBe(2); // 1.5
    expect(roundedShare(14_999, 1)).toBe(1); // 1.4999
    expect(roundedShare(1_000, 10_000)).toBe(1_000);
    expect(roundedShare(1_000, 0)).toBe(0);
  });

  it('stays exact for amounts whose product passes 2^53', () => {
    // (2^53 − 1) × 0.5 = 4503599627370495.5 → 4503599627370496; a double product would be inexact.
    expect(roundedShare(Number.MAX_SAFE_INTEGER, 5_000)).toBe(4_503_599_627_370_496);
    // 900719925474099 × 9999 / 10000 = 900629853481551.5901 → …552.
    expect(roundedShare(900_719_925_474_099, 9_999)).toBe(900_629_853_481_552);
    // Half up is toward +∞ for a negative product too: −4503599627370495.5 → −4503599627370495.
    expect(roundedShare(-Number.MAX_SAFE_INTEGER, 5_000)).toBe(-4_503_599_627_370_495);
    expect(roundedShare(-3, 5_000)).toBe(-1);
  });
});

describe('the arithmetic of one order', () => {
  it('reproduces the worked example of docs/domain.md', () => {
    const o = order('O1', 10_001, { discounts: [rate('D2', 8_500)] });
    const coupons = [
      coupon('C300', 300, 5_000, { pay_rate_bp: 9_000, combinable_with_discount_kinds: [2] }),
      coupon('C302', 302, 2_000, { max_deduction_bp: 2_000, combinable_with_discount_kinds: [2] }),
    ];
    const q = quoteOne(o, { discount_id: 'D2', coupon_ids: ['C302', 'C300'] }, coupons);
    // discounted = round(8500.85) = 8501; the 300 takes ≤ 8501 − round(7650.9) = 850; the 302's cap is round(1700.2) = 1700.
    expect(q).toEqual({
      order_id: 'O1',
      official: 10_001,
      discount: { discount_id: 'D2', amount: 1_500 },
      coupons: [
        { coupon_id: 'C300', amount: 850 },
        { coupon_id: 'C302', amount: 1_700 },
      ],
      payable: 5_951,
      problems: [],
    });
  });

  it('takes a fixed reduction off, never below 0', () => {
    const o = order('O1', 1_000, { discounts: [reduction('R300', 300), reduction('R1500', 1_500)] });
    expect(quoteOne(o, { discount_id: 'R300', coupon_ids: [] }, [])).toMatchObject({ discount: { discount_id: 'R300', amount: 300 }, payable: 700 });
    // 1000 − 1500 < 0 → 0: the discount is worth the whole official amount.
    expect(quoteOne(o, { discount_id: 'R1500', coupon_ids: [] }, [])).toMatchObject({ discount: { discount_id: 'R1500', amount: 1_000 }, payable: 0 });
  });

  it('applies no discount when none is named and the order has no 609', () => {
    const o = order('O1', 1_000, { discounts: [rate('D', 5_000, { preselected: true })] });
    expect(quoteOne(o, { coupon_ids: [] }, [])).toMatchObject({ discount: null, payable: 1_000, problems: [] });
  });

  it('caps a coupon at its share of the discounted amount, rounded half up', () => {
    // discounted = round(2004 × 0.5) = 1002; cap = round(1002 × 0.25) = round(250.5) = 251.
    const o = order('O1', 2_004, { discounts: [rate('D', 5_000)] });
    const q = quoteOne(o, { discount_id: 'D', coupon_ids: ['C'] }, [coupon('C', 302, 5_000, { max_deduction_bp: 2_500 })]);
    expect(q.coupons).toEqual([{ coupon_id: 'C', amount: 251 }]);
    expect(q.payable).toBe(751);
  });

  it('takes no more than the balance, nor than is left', () => {
    const o = order('O1', 1_000);
    expect(quoteOne(o, { coupon_ids: ['C'] }, [coupon('C', 301, 400)]).payable).toBe(600);
    expect(quoteOne(o, { coupon_ids: ['C'] }, [coupon('C', 301, 4_000)]).coupons).toEqual([{ coupon_id: 'C', amount: 1_000 }]);
  });

  it("limits a discount coupon by its own rate, then by its balance", () => {
    const o = order('O1', 1_005);
    // 1005 − round(1005 × 0.9) = 1005 − round(904.5) = 1005 − 905 = 100.
    expect(quoteOne(o, { coupon_ids: ['C'] }, [coupon('C', 300, 5_000, { pay_rate_bp: 9_000 })]).coupons).toEqual([{ coupon_id: 'C', amount: 100 }]);
    expect(quoteOne(o, { coupon_ids: ['C'] }, [coupon('C', 300, 60, { pay_rate_bp: 9_000 })]).coupons).toEqual([{ coupon_id: 'C', amount: 60 }]);
    // Both limits of two discount coupons are shares of the discounted amount, not of what is left: 100 + 100.
    const two = quoteOne(o, { coupon_ids: ['C2', 'C1'] }, [coupon('C1', 300, 5_000, { pay_rate_bp: 9_000 }), coupon('C2', 300, 5_000, { pay_rate_bp: 9_000 })]);
    expect(two.coupons).toEqual([
      { coupon_id: 'C1', amount: 100 },
      { coupon_id: 'C2', amount: 100 },
    ]);
    expect(two.payable).toBe(805);
    expect(two.problems).toEqual([]);
  });

  it('does not limit other kinds by their pay_rate_bp', () => {
    const o = order('O1', 1_000);
    expect(quoteOne(o, { coupon_ids: ['C'] }, [coupon('C', 302, 5_000, { pay_rate_bp: 9_000 })]).payable).toBe(0);
  });

  it('applies coupons by kind 300, 301, 302, 303, then by coupon_id in code-unit order', () => {
    // 302 'Z' comes before 302 'a' ('Z' is 0x5A, 'a' 0x61; a locale order would put 'a' first).
    const o = order('O1', 1_000);
    const coupons = [coupon('a', 302, 450), coupon('Z', 302, 600), coupon('K', 301, 300), coupon('Y', 300, 900, { pay_rate_bp: 8_000 })];
    const q = quoteOne(o, { coupon_ids: ['a', 'Z', 'K'] }, coupons);
    // 301 'K' takes 300 → 700; 302 'Z' takes 600 → 100; 302 'a' takes min(450, 100) = 100.
    expect(q.coupons).toEqual([
      { coupon_id: 'K', amount: 300 },
      { coupon_id: 'Z', amount: 600 },
      { coupon_id: 'a', amount: 100 },
    ]);
    expect(q.payable).toBe(0);
    const withDiscountCoupon = quoteOne(o, { coupon_ids: ['a', 'Z', 'Y'] }, coupons);
    // 300 'Y' 200 → 800; 'Z' 600 → 200; 'a' min(450, 200) = 200 → 0.
    expect(withDiscountCoupon.coupons).toEqual([
      { coupon_id: 'Y', amount: 200 },
      { coupon_id: 'Z', amount: 600 },
      { coupon_id: 'a', amount: 200 },
    ]);
  });

  it('applies stored-value cards last, after flexi-purchase coupons', () => {
    // 303 'A' comes after 302 'B' despite its id: 'B' takes 700, 'A' the remaining 300.
    const q = quoteOne(order('O1', 1_000), { coupon_ids: ['A', 'B'] }, [coupon('A', 303, 900), coupon('B', 302, 700)]);
    expect(q.coupons).toEqual([
      { coupon_id: 'B', amount: 700 },
      { coupon_id: 'A', amount: 300 },
    ]);
  });

  it('reports a coupon that finds nothing left with a take of 0, and counts it toward the 3', () => {
    const coupons = [coupon('A', 302, 1_000), coupon('B', 302, 50), coupon('C', 303, 50), coupon('D', 303, 50)];
    const q = quoteOne(order('O1', 800), { coupon_ids: ['A', 'B', 'C'] }, coupons);
    expect(q.coupons).toEqual([
      { coupon_id: 'A', amount: 800 },
      { coupon_id: 'B', amount: 0 },
      { coupon_id: 'C', amount: 0 },
    ]);
    expect(q.payable).toBe(0);
    expect(q.problems).toEqual([]);
    expect(codes(quoteOne(order('O1', 800), { coupon_ids: ['A', 'B', 'C', 'D'] }, coupons))).toEqual(['CBC.0101']);
  });

  it('gives the totals: official, Σ(official − discounted), Σ takes, Σ payable, in the orders’ currency', () => {
    const orders = [order('O1', 1_000, { discounts: [rate('D', 9_000)], currency: 'EUR' }), order('O2', 500, { currency: 'EUR' })];
    const coupons = [coupon('C', 302, 250, { currency: 'EUR' })];
    const quote = quoteOrders(orders, [{ order_id: 'O1', discount_id: 'D', coupon_ids: [] }, { order_id: 'O2', coupon_ids: ['C'] }], coupons, NOW);
    // O1: 1000 → 900, payable 900; O2: 500 − 250 = 250.
    expect(quote.totals).toEqual({ official: 1_500, discounts: 100, coupons: 250, payable: 1_150, currency: 'EUR' });
    expect(quote.orders.map((o) => o.payable)).toEqual([900, 250]);
  });

  it('accepts the orders as a map', () => {
    const o = order('O1', 700);
    expect(quoteOrders(new Map([['O1', o]]), [{ order_id: 'O1', coupon_ids: [] }], [], NOW).totals.payable).toBe(700);
  });
});

describe('the choice an order starts with', () => {
  it('is its 609, else its preselected discount, else none, with no coupons', () => {
    const p = rate('P', 9_000, { kind: 609, mandatory: true });
    const s = rate('S', 8_000, { preselected: true });
    expect(defaultChoice(order('O1', 1, { discounts: [s, p] }))).toEqual({ order_id: 'O1', discount_id: 'P', coupon_ids: [] });
    expect(defaultChoice(order('O1', 1, { discounts: [rate('X', 1), s] }))).toEqual({ order_id: 'O1', discount_id: 'S', coupon_ids: [] });
    expect(defaultChoice(order('O1', 1, { discounts: [rate('X', 1)] }))).toEqual({ order_id: 'O1', coupon_ids: [] });
  });
});

describe('when a coupon may be used on an order', () => {
  const o = order('O1', 1_000, { service_type_code: 'hws.service.type.ebs', order_type: 2 });
  const blocker = (c: Coupon, discounted = 1_000, kind: Parameters<typeof couponBlocker>[2] = null, usedBy?: string) => couponBlocker(o, discounted, kind, c, NOW, usedBy);
  const reason = (c: Coupon, discounted?: number, kind?: Parameters<typeof couponBlocker>[2], usedBy?: string) => {
    const b = blocker(c, discounted, kind ?? null, usedBy);
    return b && { code: b.code, reason: b.reason };
  };

  it('passes a coupon that meets every rule', () => {
    expect(blocker(coupon('C', 302, 100))).toBeNull();
  });

  it('is valid from valid_from inclusive to valid_until exclusive', () => {
    expect(reason(coupon('C', 302, 100, { valid_from: iso(NOW) }))).toBeNull();
    expect(reason(coupon('C', 302, 100, { valid_from: iso(NOW + 1) }))).toEqual({ code: 'CBC.0101', reason: 'not_yet_valid' });
    expect(reason(coupon('C', 302, 100, { valid_until: iso(NOW + 1) }))).toBeNull();
    expect(reason(coupon('C', 302, 100, { valid_until: iso(NOW) }))).toEqual({ code: 'CBC.0101', reason: 'expired' });
  });

  it('needs a balance', () => {
    expect(reason(coupon('C', 302, 1))).toBeNull();
    expect(reason(coupon('C', 302, 0))).toEqual({ code: 'CBC.99003112', reason: 'no_balance' });
  });

  it("must be in the order's currency", () => {
    expect(reason(coupon('C', 302, 100, { currency: 'EUR' }))).toEqual({ code: 'CBC.0101', reason: 'currency' });
  });

  it("must list the order's service type, an empty list meaning any", () => {
    expect(reason(coupon('C', 302, 100, { service_types: ['hws.service.type.ec2', 'hws.service.type.ebs'] }))).toBeNull();
    expect(reason(coupon('C', 302, 100, { service_types: ['hws.service.type.ec2'] }))).toEqual({ code: 'CBC.0101', reason: 'service_type' });
  });

  it("must list the order's order type, an empty list meaning any", () => {
    expect(reason(coupon('C', 302, 100, { order_types: [1, 2] }))).toBeNull();
    expect(reason(coupon('C', 302, 100, { order_types: [1] }))).toEqual({ code: 'CBC.0101', reason: 'order_type' });
  });

  it('needs the discounted amount to reach the minimum spend', () => {
    expect(reason(coupon('C', 302, 100, { min_spend: 800 }), 800)).toBeNull();
    expect(reason(coupon('C', 302, 100, { min_spend: 800 }), 799)).toEqual({ code: 'CBC.0101', reason: 'min_spend' });
  });

  it('judges the minimum spend after the discount, not on the official amount', () => {
    const discounted = order('O1', 1_000, { discounts: [rate('D', 7_990)] });
    const c = coupon('C', 302, 100, { min_spend: 800 });
    // 1000 × 0.799 = 799 < 800, although 1000 ≥ 800.
    const q = quoteOne(discounted, { discount_id: 'D', coupon_ids: ['C'] }, [c]);
    expect(codes(q)).toEqual(['CBC.0101']);
    expect(q.coupons).toEqual([]);
    expect(q.payable).toBe(799);
    expect(quoteOne(discounted, { coupon_ids: ['C'] }, [c]).problems).toEqual([]);
  });

  it('combines with the chosen discount kind only if it lists it; no discount always combines', () => {
    expect(reason(coupon('C', 302, 100, { combinable_with_discount_kinds: [] }))).toBeNull();
    expect(reason(coupon('C', 302, 100, { combinable_with_discount_kinds: [0, 3] }), 900, 3)).toBeNull();
    expect(reason(coupon('C', 302, 100, { combinable_with_discount_kinds: [0, 3] }), 900, 2)).toEqual({ code: 'CBC.99003116', reason: 'not_combinable' });
    expect(reason(coupon('C', 302, 100, { combinable_with_discount_kinds: [0, 2, 3] }), 900, 609)).toEqual({ code: 'CBC.99003116', reason: 'not_combinable' });
    expect(reason(coupon('C', 302, 100, { combinable_with_discount_kinds: [609] }), 900, 609)).toBeNull();
  });

  it('serves only the order that locked it', () => {
    expect(reason(coupon('C', 302, 100, { locked_by_order_id: 'O1' }))).toBeNull();
    expect(reason(coupon('C', 302, 100, { locked_by_order_id: 'O2' }))).toEqual({ code: 'CBC.99003112', reason: 'locked' });
  });

  it('serves one order of a payment', () => {
    expect(reason(coupon('C', 302, 100), 1_000, null, 'O1')).toBeNull();
    expect(reason(coupon('C', 302, 100), 1_000, null, 'O2')).toEqual({ code: 'CBC.99003112', reason: 'used_by_other_order' });
  });

  it('lists every broken rule, each with its own reason, in the order of docs/domain.md', () => {
    const bad = coupon('C', 302, 0, { valid_until: iso(NOW), currency: 'EUR', service_types: ['x'], order_types: [1], min_spend: 5_000, combinable_with_discount_kinds: [], locked_by_order_id: 'O9' });
    expect(couponBlockers(o, 1_000, 2, bad, NOW, 'O9').map((b) => b.reason)).toEqual([
      'expired',
      'no_balance',
      'currency',
      'service_type',
      'order_type',
      'min_spend',
      'not_combinable',
      'locked',
      'used_by_other_order',
    ]);
    expect(couponBlocker(o, 1_000, 2, bad, NOW)?.message).toMatch(/expired/);
  });
});

describe('what a quote refuses, and with which code', () => {
  it("refuses a discount that isn't the order's (CBC.99003108) and prices the order without it", () => {
    const q = quoteOne(order('O1', 1_000, { discounts: [rate('D', 9_000)] }), { discount_id: 'X', coupon_ids: [] }, []);
    expect(codes(q)).toEqual(['CBC.99003108']);
    expect(q.discount).toBeNull();
    expect(q.payable).toBe(1_000);
  });

  it('always applies a 609 and refuses swapping it (CBC.99003108)', () => {
    const o = order('O1', 1_000, { discounts: [rate('D', 5_000), rate('P', 9_000, { kind: 609, mandatory: true })] });
    expect(quoteOne(o, { coupon_ids: [] }, [])).toMatchObject({ discount: { discount_id: 'P', amount: 100 }, payable: 900, problems: [] });
    expect(quoteOne(o, { discount_id: 'P', coupon_ids: [] }, [])).toMatchObject({ payable: 900, problems: [] });
    const swapped = quoteOne(o, { discount_id: 'D', coupon_ids: [] }, []);
    expect(codes(swapped)).toEqual(['CBC.99003108']);
    expect(swapped).toMatchObject({ discount: { discount_id: 'P' }, payable: 900 });
  });

  it('refuses a coupon not combinable with a 609 it did not list (CBC.99003116)', () => {
    const o = order('O1', 1_000, { discounts: [rate('P', 9_000, { kind: 609, mandatory: true })] });
    const q = quoteOne(o, { coupon_ids: ['C'] }, [coupon('C', 302, 100, { combinable_with_discount_kinds: [0, 2, 3] })]);
    expect(codes(q)).toEqual(['CBC.99003116']);
    expect(q.payable).toBe(900);
  });

  it('refuses more than 3 coupons on one order (CBC.0101)', () => {
    const coupons = ['A', 'B', 'C', 'D'].map((id) => coupon(id, 302, 10));
    expect(quoteOne(order('O1', 1_000), { coupon_ids: ['A', 'B', 'C'] }, coupons).problems).toEqual([]);
    expect(codes(quoteOne(order('O1', 1_000), { coupon_ids: ['A', 'B', 'C', 'D'] }, coupons))).toEqual(['CBC.0101']);
  });

  it('refuses two cash coupons, and a cash coupon beside a discount coupon (CBC.99003147)', () => {
    const coupons = [coupon('K1', 301, 10), coupon('K2', 301, 10), coupon('R1', 300, 10, { pay_rate_bp: 9_000 }), coupon('R2', 300, 10, { pay_rate_bp: 9_000 }), coupon('F', 302, 10)];
    const o = order('O1', 1_000);
    expect(quoteOne(o, { coupon_ids: ['K1', 'F'] }, coupons).problems).toEqual([]);
    expect(quoteOne(o, { coupon_ids: ['R1', 'R2', 'F'] }, coupons).problems).toEqual([]);
    expect(codes(quoteOne(o, { coupon_ids: ['K1', 'K2'] }, coupons))).toEqual(['CBC.99003147']);
    expect(codes(quoteOne(o, { coupon_ids: ['K1', 'R1'] }, coupons))).toEqual(['CBC.99003147']);
    expect(codes(quoteOne(o, { coupon_ids: ['K1', 'K2', 'R1'] }, coupons))).toEqual(['CBC.99003147', 'CBC.99003147']);
  });

  it('refuses a coupon used by two orders of the payment on the second (CBC.99003112)', () => {
    const orders = [order('O1', 1_000), order('O2', 1_000)];
    const quote = quoteOrders(orders, [{ order_id: 'O1', coupon_ids: ['C'] }, { order_id: 'O2', coupon_ids: ['C'] }], [coupon('C', 302, 300)], NOW);
    expect(quote.orders.map(codes)).toEqual([[], ['CBC.99003112']]);
    expect(quote.orders.map((q) => q.payable)).toEqual([700, 1_000]);
    expect(quote.totals.coupons).toBe(300);
  });

  it('refuses a coupon named twice on one order (CBC.99003112), taking it once', () => {
    const q = quoteOne(order('O1', 1_000), { coupon_ids: ['C', 'C'] }, [coupon('C', 302, 300)]);
    expect(codes(q)).toEqual(['CBC.99003112']);
    expect(q.payable).toBe(700);
  });

  it('refuses a coupon locked by another order, or with no balance (CBC.99003112), and it takes nothing', () => {
    const q = quoteOne(order('O1', 1_000), { coupon_ids: ['L', 'Z'] }, [coupon('L', 302, 300, { locked_by_order_id: 'O2' }), coupon('Z', 303, 0)]);
    expect(codes(q)).toEqual(['CBC.99003112', 'CBC.99003112']);
    expect(q.coupons).toEqual([]);
    expect(q.payable).toBe(1_000);
  });

  it('refuses a coupon id no coupon has (CBC.0101)', () => {
    expect(codes(quoteOne(order('O1', 1_000), { coupon_ids: ['nope'] }, []))).toEqual(['CBC.0101']);
  });

  it('refuses an expired, not yet valid, wrong-currency, wrong-service, wrong-order-type or below-minimum coupon (CBC.0101)', () => {
    const coupons = [
      coupon('E', 302, 1, { valid_until: iso(NOW - 1) }),
      coupon('N', 302, 1, { valid_from: iso(NOW + 1) }),
      coupon('X', 302, 1, { currency: 'EUR' }),
      coupon('S', 302, 1, { service_types: ['hws.service.type.obs'] }),
      coupon('T', 302, 1, { order_types: [3] }),
      coupon('M', 302, 1, { min_spend: 1_001 }),
    ];
    for (const c of coupons) expect(codes(quoteOne(order('O1', 1_000), { coupon_ids: [c.coupon_id] }, coupons))).toEqual(['CBC.0101']);
  });

  it('throws when a choice names an order not given, or one twice, or mixes currencies', () => {
    expect(() => quoteOrders([order('O1', 1)], [{ order_id: 'O2', coupon_ids: [] }], [], NOW)).toThrow(RangeError);
    expect(() => quoteOrders([order('O1', 1)], [{ order_id: 'O1', coupon_ids: [] }, { order_id: 'O1', coupon_ids: [] }], [], NOW)).toThrow(RangeError);
    const mixed = [order('O1', 1), order('O2', 1, { currency: 'EUR' })];
    expect(() => quoteOrders(mixed, [{ order_id: 'O1', coupon_ids: [] }, { order_id: 'O2', coupon_ids: [] }], [], NOW)).toThrow(RangeError);
  });
});

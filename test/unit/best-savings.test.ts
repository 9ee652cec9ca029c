/**
 * Best savings (shared/billing/best-savings.ts) against optima found independently: an exhaustive
 * search priced by quoteOrders (test/support/savings-instances.ts) on many random small instances,
 * and at the full 30 × 40 size on instances built of independent blocks, whose optimum is the union
 * of the blocks' exhaustive optima.
 */
import { describe, expect, it } from 'vitest';
import type { Coupon } from '../../shared/billing-api/payment-schemas';
import { bestSavings } from '../../shared/billing/best-savings';
import type { Choice, PricedOrder } from '../../shared/billing/savings';
import { NOW, exhaustiveOptimum, outcomeOf, realisticInstance, seeded, smallInstance, type Instance } from '../support/savings-instances';

const iso = (ms: number) => new Date(ms).toISOString();
const order = (order_id: string, official_amount: number, over: Partial<PricedOrder> = {}): PricedOrder => ({
  order_id,
  official_amount,
  currency: 'USD',
  service_type_code: 'svc',
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
  valid_from: iso(NOW - 1),
  valid_until: iso(NOW + 1),
  min_spend: 0,
  service_types: [],
  order_types: [],
  combinable_with_discount_kinds: [0, 2, 3, 609],
  locked_by_order_id: null,
  ...over,
});

describe('Best savings against an exhaustive optimum', () => {
  it('finds the optimum, with the tie rules, on random instances of up to 6 orders and 8 coupons', () => {
    for (let seed = 1; seed <= 160; seed++) {
      const random = seeded(seed);
      const { orders, coupons } = smallInstance(random, 1 + Math.floor(random() * 6), Math.floor(random() * 9));
      const answer = bestSavings(orders, coupons, NOW);
      const got = outcomeOf(orders, answer.choices, coupons);
      const want = exhaustiveOptimum(orders, coupons);
      expect({ seed, optimal: answer.optimal, problems: got.problems, payable: got.payable, couponIds: got.couponIds }).toEqual({ seed, optimal: true, problems: 0, ...want });
    }
  });

  it('finds the optimum, with the tie rules, on small payments shaped like real ones', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = seeded(5_000 + seed);
      const { orders, coupons } = realisticInstance(random, 2 + Math.floor(random() * 7), 4 + Math.floor(random() * 8));
      const answer = bestSavings(orders, coupons, NOW, { budgetMs: 10_000 });
      const got = outcomeOf(orders, answer.choices, coupons);
      const want = exhaustiveOptimum(orders, coupons);
      expect({ seed, optimal: answer.optimal, problems: got.problems, payable: got.payable, couponIds: got.couponIds }).toEqual({ seed, optimal: true, problems: 0, ...want });
    }
  });

  it('finds the optimum where the search re-prices its nodes and puts tie questions to the relaxation', () => {
    // Seeds picked because they take those paths: the first two bound nodes at their own prices,
    // the last two settle a tie question by the relaxation with its coupons required.
    for (const [seed, orderCount, couponCount] of [
      [9_001, 12, 13],
      [9_027, 12, 13],
      [9_269, 12, 14],
      [9_845, 12, 14],
    ] as const) {
      const { orders, coupons } = realisticInstance(seeded(seed), orderCount, couponCount);
      const answer = bestSavings(orders, coupons, NOW, { budgetMs: 10_000 });
      const got = outcomeOf(orders, answer.choices, coupons);
      const want = exhaustiveOptimum(orders, coupons);
      expect({ seed, optimal: answer.optimal, problems: got.problems, payable: got.payable, couponIds: got.couponIds }).toEqual({ seed, optimal: true, problems: 0, ...want });
    }
  });

  /** Six blocks of 5 orders and 6–7 coupons; a block's coupons serve only its service type, so blocks don't interact. */
  function blocks(seed: number): { instance: Instance; parts: Instance[] } {
    const random = seeded(seed);
    const parts = [7, 7, 7, 7, 6, 6].map((couponCount, b): Instance => {
      const part = smallInstance(random, 5, couponCount);
      const rename = (id: string) => `B${b}${id}`;
      return {
        orders: part.orders.map((o) => ({ ...o, order_id: rename(o.order_id), service_type_code: `svc.${b}`, discounts: o.discounts.map((d) => ({ ...d, discount_id: rename(d.discount_id) })) })),
        coupons: part.coupons.map((c, k) => ({
          ...c,
          // Ids interleave across blocks, so the tie rule compares coupons of different blocks.
          coupon_id: `${'cZa'[k % 3]}${k}${b}`,
          service_types: [`svc.${b}`],
          locked_by_order_id: c.locked_by_order_id === null ? null : rename(c.locked_by_order_id),
        })),
      };
    });
    return { instance: { orders: parts.flatMap((p) => p.orders), coupons: parts.flatMap((p) => p.coupons) }, parts };
  }

  it('finds the optimum at the full size of 30 orders and 40 coupons', () => {
    for (const seed of [11, 12, 13, 14]) {
      const { instance, parts } = blocks(seed);
      expect(instance.orders).toHaveLength(30);
      expect(instance.coupons).toHaveLength(40);
      const byBlock = parts.map((p) => exhaustiveOptimum(p.orders, p.coupons));
      const want = {
        payable: byBlock.reduce((sum, b) => sum + b.payable, 0),
        couponIds: byBlock.flatMap((b) => b.couponIds).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      };
      const answer = bestSavings(instance.orders, instance.coupons, NOW, { budgetMs: 10_000 });
      const got = outcomeOf(instance.orders, answer.choices, instance.coupons);
      expect({ seed, optimal: answer.optimal, problems: got.problems, payable: got.payable, couponIds: got.couponIds }).toEqual({ seed, optimal: true, problems: 0, ...want });
    }
  });
});

describe('orders that share no coupon', () => {
  it('are solved group by group, with the same answer as each group alone', () => {
    // Two payments side by side whose coupons serve only their own service type: the payment's
    // answer is each one's own answer, coupon ids interleaved so that the tie rule spans both.
    for (const seed of [21, 22, 23]) {
      const random = seeded(seed);
      const parts = [0, 1].map((b): Instance => {
        const part = realisticInstance(random, 15, 20);
        return {
          orders: part.orders.map((o) => ({ ...o, order_id: `${o.order_id}-${b}`, service_type_code: `svc.${b}`, discounts: o.discounts.map((d) => ({ ...d, discount_id: `${d.discount_id}-${b}` })) })),
          coupons: part.coupons.map((c, k) => ({ ...c, coupon_id: `CP${k}${b}`, service_types: [`svc.${b}`], locked_by_order_id: c.locked_by_order_id === null ? null : `${c.locked_by_order_id}-${b}` })),
        };
      });
      const alone = parts.map((p) => bestSavings(p.orders, p.coupons, NOW, { budgetMs: 10_000 }));
      const whole = bestSavings(
        parts.flatMap((p) => p.orders),
        parts.flatMap((p) => p.coupons),
        NOW,
        { budgetMs: 10_000 },
      );
      // The same payable and coupons group by group (which order takes which coupon may differ where that ties).
      const byPart = (choices: readonly Choice[]) =>
        parts.map((p) => {
          const ids = new Set(p.orders.map((o) => o.order_id));
          return outcomeOf(
            p.orders,
            choices.filter((c) => ids.has(c.order_id)),
            p.coupons,
          );
        });
      expect({ seed, optimal: whole.optimal, parts: byPart(whole.choices) }).toEqual({ seed, optimal: true, parts: alone.map((a, k) => outcomeOf(parts[k]!.orders, a.choices, parts[k]!.coupons)) });
      expect(alone.every((a) => a.optimal)).toBe(true);
    }
  });
});

describe('the tie rules', () => {
  it('prefers the fewest coupons when the payable is the same', () => {
    // One 1000 coupon or two 500s pay the order alike: the single coupon wins though the others sort first.
    const coupons = [coupon('A', 302, 500), coupon('B', 302, 500), coupon('Z', 302, 1_000)];
    const answer = bestSavings([order('O1', 1_000)], coupons, NOW);
    expect(answer.choices).toEqual([{ order_id: 'O1', coupon_ids: ['Z'] }]);
  });

  it('then the smallest sorted list of coupon_ids, in code-unit order', () => {
    // Either coupon pays the order in full; 'Z' (0x5A) sorts before 'a' (0x61).
    const answer = bestSavings([order('O1', 300)], [coupon('a', 302, 500), coupon('Z', 303, 500)], NOW);
    expect(answer.choices).toEqual([{ order_id: 'O1', coupon_ids: ['Z'] }]);
  });

  it('compares the list of the whole payment, not order by order', () => {
    // O1 can use A or C, O2 A or B (the others are locked), and any one pays an order in full:
    // {A, B} (O1 A, O2 B) sorts before {A, C} (O1 C, O2 A) and {B, C}.
    const coupons = [coupon('A', 302, 500), coupon('B', 302, 500, { locked_by_order_id: 'O2' }), coupon('C', 302, 500, { locked_by_order_id: 'O1' })];
    const answer = bestSavings([order('O1', 100), order('O2', 100)], coupons, NOW);
    expect(answer.choices).toEqual([
      { order_id: 'O1', coupon_ids: ['A'] },
      { order_id: 'O2', coupon_ids: ['B'] },
    ]);
  });

  it('keeps a 609 and picks the best of the others, with no coupon left unused for nothing', () => {
    const orders = [
      order('O1', 1_000, { discounts: [{ discount_id: 'P', kind: 609, pay_rate_bp: 9_500, mandatory: true, preselected: true, description: '' }, { discount_id: 'D', kind: 2, pay_rate_bp: 5_000, mandatory: false, preselected: false, description: '' }] }),
      order('O2', 1_000, { discounts: [{ discount_id: 'D2', kind: 2, pay_rate_bp: 8_000, mandatory: false, preselected: false, description: '' }] }),
    ];
    const answer = bestSavings(orders, [], NOW);
    expect(answer.choices).toEqual([
      { order_id: 'O1', discount_id: 'P', coupon_ids: [] },
      { order_id: 'O2', discount_id: 'D2', coupon_ids: [] },
    ]);
  });
});

describe('answers at the full size', () => {
  it('always pass quoteOrders without a problem, within the budget or not', () => {
    for (const seed of [1, 2, 3]) {
      const { orders, coupons } = realisticInstance(seeded(seed));
      for (const budgetMs of [0, 50]) {
        const answer = bestSavings(orders, coupons, NOW, { budgetMs });
        expect(answer.choices.map((c) => c.order_id)).toEqual(orders.map((o) => o.order_id));
        expect(outcomeOf(orders, answer.choices, coupons).problems).toBe(0);
      }
    }
  });

  it('says when the budget ran out before the best was proven', () => {
    // With no time at all, only a relaxation that happens to be whole and tight could prove it.
    const { orders, coupons } = realisticInstance(seeded(2));
    expect(bestSavings(orders, coupons, NOW, { budgetMs: 0 }).optimal).toBe(false);
  });
});

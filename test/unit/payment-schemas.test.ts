/**
 * The paying half of the billing API contract (shared/billing-api/payment-schemas.ts): rules the
 * schemas hold beyond field types, which both the client (on what the service sends) and the
 * sandbox (on what it is sent) rely on.
 */
import { describe, expect, it } from 'vitest';
import { Discount, DiscountList } from '../../shared/billing-api/payment-schemas';

const base = { discount_id: 'D1', kind: 2, mandatory: false, preselected: false, description: '15 % off' };

describe('a discount', () => {
  it('is either a rate or a fixed reduction', () => {
    expect(Discount.safeParse({ ...base, pay_rate_bp: 8_500 }).success).toBe(true);
    expect(Discount.safeParse({ ...base, reduction: 300 }).success).toBe(true);
  });

  it('is refused with both, or with neither, and says why', () => {
    for (const bad of [{ ...base, pay_rate_bp: 8_500, reduction: 300 }, base]) {
      const parsed = Discount.safeParse(bad);
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((i) => i.message)).toEqual(['a discount has either pay_rate_bp or reduction']);
    }
    // A list from the service with one such discount is refused whole.
    expect(DiscountList.safeParse({ discounts: [{ ...base, pay_rate_bp: 8_500 }, { ...base, discount_id: 'D2' }] }).success).toBe(false);
  });
});

/**
 * Money rules that mutation testing (`npm run test:mutation`) found unpinned by money.test.ts:
 * a currency with three minor-unit digits is split at the third digit, not at a default of two.
 */
import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits, money, toDecimalString } from '../../shared/money';

describe('money, mutation gaps', () => {
  it('splits three-digit currencies (Kuwaiti and Bahraini dinar: 1,000 fils) at the third digit', () => {
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(toDecimalString(money(1234, 'KWD'))).toBe('1.234');
    expect(toDecimalString(money(-5, 'BHD'))).toBe('-0.005');
    expect(formatMoney(money(1234567, 'KWD'), 'en')).toMatch(/^KWD\s1,234\.567$/);
  });
});

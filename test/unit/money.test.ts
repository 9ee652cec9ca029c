import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits, money, sumMoney, toDecimalString } from '../../shared/money';

describe('money', () => {
  it('refuses fractional minor units and bad currency codes', () => {
    expect(() => money(10.5, 'USD')).toThrow(/integer/);
    expect(() => money(0.1 + 0.2, 'USD')).toThrow(/integer/);
    expect(() => money(100, 'usd')).toThrow(/ISO 4217/);
    // Three capital letters exactly, none around them.
    expect(() => money(100, 'USDT')).toThrow(/ISO 4217/);
    expect(() => money(100, 'XUSD')).toThrow(/ISO 4217/);
    expect(money(100, 'USD')).toEqual({ amountMinor: 100, currency: 'USD' });
  });

  it('sums exactly, where floats would drift', () => {
    const dimes = Array.from({ length: 10 }, () => money(10, 'USD'));
    expect(sumMoney(dimes, 'USD')).toEqual({ amountMinor: 100, currency: 'USD' });
    expect(() => sumMoney([money(1, 'USD'), money(1, 'CNY')], 'USD')).toThrow(/cannot add CNY/);
  });

  it('knows each currency’s minor digits', () => {
    expect(minorUnitDigits('USD')).toBe(2);
    expect(minorUnitDigits('CNY')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
  });

  it('formats by locale without passing through a float', () => {
    expect(formatMoney(money(123456, 'USD'), 'en-US')).toBe('$1,234.56');
    expect(formatMoney(money(5, 'USD'), 'en-US')).toBe('$0.05');
    expect(formatMoney(money(-5, 'USD'), 'en-US')).toBe('-$0.05');
    expect(formatMoney(money(123456, 'CNY'), 'zh-CN')).toBe('¥1,234.56');
    expect(formatMoney(money(1234, 'JPY'), 'ja-JP')).toBe('￥1,234');
    // 2^53 - 1 minor units: exact to the last digit.
    expect(formatMoney(money(Number.MAX_SAFE_INTEGER, 'USD'), 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it('shows a zero amount without a minus sign, however the zero was reached', () => {
    // A fully discounted order, or a refund netting out, must not read "-$0.00" to a clerk.
    const zeros = [money(0, 'USD'), money(-0, 'USD'), sumMoney([money(-250, 'USD'), money(250, 'USD')], 'USD')];
    for (const zero of zeros) {
      expect(formatMoney(zero, 'en-US')).toBe('$0.00');
      expect(toDecimalString(zero)).toBe('0.00');
    }
    expect(formatMoney(money(-0, 'CNY'), 'zh-CN')).toBe('¥0.00');
    expect(formatMoney(money(-0, 'JPY'), 'ja-JP')).toBe('￥0');
    expect(toDecimalString(money(-0, 'JPY'))).toBe('0');
  });

  it('still signs negative amounts, down to a single minor unit', () => {
    expect(formatMoney(money(-1, 'USD'), 'en-US')).toBe('-$0.01');
    expect(formatMoney(money(-123456, 'USD'), 'en-US')).toBe('-$1,234.56');
    expect(formatMoney(money(-1234, 'JPY'), 'ja-JP')).toBe('-￥1,234');
    expect(toDecimalString(money(-1, 'USD'))).toBe('-0.01');
    expect(toDecimalString(money(-123456, 'USD'))).toBe('-1234.56');
    expect(toDecimalString(money(-7, 'JPY'))).toBe('-7');
  });
});

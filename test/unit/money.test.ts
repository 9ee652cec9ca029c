import { describe, expect, it } from 'vitest';
import { formatMoney, minorUnitDigits, money, sumMoney } from '../../shared/money';

describe('money', () => {
  it('refuses fractional minor units and bad currency codes', () => {
    expect(() => money(10.5, 'USD')).toThrow(/integer/);
    expect(() => money(0.1 + 0.2, 'USD')).toThrow(/integer/);
    expect(() => money(100, 'usd')).toThrow(/ISO 4217/);
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
});

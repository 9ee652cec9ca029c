import { describe, expect, it } from 'vitest';
import { monthlyBillFor } from '../../shared/billing/monthly-bill';

describe('monthlyBillFor', () => {
  it('joins this month’s bill, generated on the 3rd of the next month', () => {
    expect(monthlyBillFor(Date.UTC(2026, 10, 15, 12))).toEqual({ period: '2026-11', generated_on: '2026-12-03' });
  });

  it('rolls December over into January of the next year', () => {
    expect(monthlyBillFor(Date.UTC(2026, 11, 31, 23, 59, 59))).toEqual({ period: '2026-12', generated_on: '2027-01-03' });
  });

  it('judges the month in UTC, whatever the machine’s time zone', () => {
    // 00:30 UTC on 1 March is still February in the Americas: the bill is March's.
    expect(monthlyBillFor(Date.UTC(2027, 2, 1, 0, 30))).toEqual({ period: '2027-03', generated_on: '2027-04-03' });
    expect(monthlyBillFor(Date.UTC(2027, 1, 28, 23, 59))).toEqual({ period: '2027-02', generated_on: '2027-03-03' });
  });
});

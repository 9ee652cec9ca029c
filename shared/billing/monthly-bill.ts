/**
 * Which monthly bill a settled amount joins (docs/domain.md, "Payment methods"): this month's, in
 * UTC, generated on the 3rd of the following month and then charged to the account's card.
 */
export interface MonthlyBill {
  /** "2026-12" */
  readonly period: string;
  /** "2027-01-03" */
  readonly generated_on: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function monthlyBillFor(epochMs: number): MonthlyBill {
  const at = new Date(epochMs);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + 1;
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return { period: `${year}-${pad(month)}`, generated_on: `${next.year}-${pad(next.month)}-03` };
}

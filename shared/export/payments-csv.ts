/**
 * The Payments page's CSV: one row per order of each payment, so that every order paid (or not)
 * can be traced to its payment, who made it and what it cost. Amounts are exact decimals with their
 * currency, times in UTC (ISO 8601). Cells are escaped and defused as the orders CSV does
 * (`csvCell`); an amount is written as the plain number it is, so a negative one (a refund, an
 * adjustment) stays a number rather than being defused into text.
 */
import type { PaymentOrderView, PaymentView } from '../ipc/payment-types';
import { toDecimalString } from '../money';
import { csvCell } from './orders-csv';

const HEADER = [
  'Payment key',
  'Payment ID',
  'Created (UTC)',
  'OS user',
  'Account',
  'Method',
  'Status',
  'Order No.',
  'Outcome',
  'Amount charged',
  'Savings',
  'Currency',
];

/** What a payment came to: the service's status, else where it stands (`pending`, `refused`). */
export const paymentStatusText = (p: Pick<PaymentView, 'state' | 'status'>): string => (p.state === 'refused' ? 'refused' : (p.status ?? p.state));

/** One order's savings: its discount and its coupons' takes. */
export const orderSavings = (o: Pick<PaymentOrderView, 'discount' | 'coupons'>): number => (o.discount?.amount ?? 0) + o.coupons.reduce((sum, c) => sum + c.amount, 0);

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal as itself (a leading minus is a sign, not a formula); anything else goes through `csvCell`. */
function amountCell(amountMinor: number, currency: string): string {
  const text = toDecimalString({ amountMinor, currency });
  return PLAIN_DECIMAL.test(text) ? text : csvCell(text);
}

function orderOutcome(p: PaymentView, o: PaymentOrderView): string {
  if (o.outcome) return o.outcome;
  return p.state === 'refused' ? 'not_paid' : 'pending';
}

function paymentLines(p: PaymentView): string {
  let lines = '';
  for (const o of p.orders) {
    const text = [p.key, p.paymentId ?? '', new Date(p.createdAt).toISOString(), p.osUser, p.accountId, p.method, paymentStatusText(p), o.orderId, orderOutcome(p, o)].map(csvCell);
    lines += `${[...text, amountCell(o.amountCharged, p.currency), amountCell(orderSavings(o), p.currency), csvCell(p.currency)].join(',')}\r\n`;
  }
  return lines;
}

/** The file's head: a BOM so Excel reads UTF-8 right, and the header line; lines end in CRLF (RFC 4180). */
export const PAYMENTS_CSV_HEAD = `\uFEFF${HEADER.map(csvCell).join(',')}\r\n`;

export function paymentsCsv(payments: Iterable<PaymentView>): string {
  let csv = PAYMENTS_CSV_HEAD;
  for (const p of payments) csv += paymentLines(p);
  return csv;
}

/** Rows the file holds: one per order of each payment. */
export const paymentsCsvRows = (payments: readonly PaymentView[]): number => payments.reduce((n, p) => n + p.orders.length, 0);

export function paymentsExportFileName(now: Date): string {
  return `payments-${now.toISOString().slice(0, 16).replace(/[-:T]/g, '')}.csv`;
}

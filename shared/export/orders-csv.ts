/**
 * The CSV a clerk sends to finance to request funds: one row per order, amounts as exact decimals
 * with their currency, times in UTC (ISO 8601) so the file means the same in every time zone.
 */
import { ORDER_STATUS_NAMES, ORDER_TYPE_NAMES } from '../domain/order-labels';
import type { OrderRow } from '../ipc/types';
import { toDecimalString } from '../money';

const HEADER = ['Order No.', 'Service type', 'Order type', 'Status', 'Official amount', 'Amount after discount', 'Currency', 'Created (UTC)', 'Expires (UTC)', 'Combined purchase'];

/**
 * Quotes when needed, and defuses cells a spreadsheet would run as a formula (CSV injection):
 * text from the billing service must never execute on a finance desktop.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvLine(order: OrderRow): string {
  return [
    order.orderId,
    order.serviceTypeName,
    ORDER_TYPE_NAMES[order.orderType],
    ORDER_STATUS_NAMES[order.status],
    toDecimalString({ amountMinor: order.officialAmount, currency: order.currency }),
    toDecimalString({ amountMinor: order.amountAfterDiscount, currency: order.currency }),
    order.currency,
    new Date(order.createTime).toISOString(),
    new Date(order.expireTime).toISOString(),
    order.combinedOrderId ?? '',
  ]
    .map(csvCell)
    .join(',');
}

/**
 * The file's first chunk: a BOM so Excel reads UTF-8 names (Chinese service names) right, and the
 * header line. Lines end in CRLF (RFC 4180).
 */
export const ORDERS_CSV_HEAD = `\uFEFF${HEADER.map(csvCell).join(',')}\r\n`;

/** One chunk of the file after its head: a line per order. A long export is written chunk by chunk. */
export function ordersCsvLines(orders: Iterable<OrderRow>): string {
  let lines = '';
  for (const order of orders) lines += `${csvLine(order)}\r\n`;
  return lines;
}

export function ordersCsv(orders: Iterable<OrderRow>): string {
  return ORDERS_CSV_HEAD + ordersCsvLines(orders);
}

export function exportFileName(now: Date): string {
  return `unpaid-orders-${now.toISOString().slice(0, 16).replace(/[-:T]/g, '')}.csv`;
}

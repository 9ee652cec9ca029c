import { Order } from '../../shared/billing-api/schemas';

export interface RejectedRecord {
  readonly orderId: string | null;
  readonly problems: readonly string[];
}

/**
 * Splits a page's records into valid orders and rejected ones: one malformed record is dropped and
 * reported, and the rest of the page is still applied.
 */
export function validateOrderRecords(records: readonly unknown[]): { valid: Order[]; rejected: RejectedRecord[] } {
  const valid: Order[] = [];
  const rejected: RejectedRecord[] = [];
  for (const record of records) {
    const parsed = Order.safeParse(record);
    if (parsed.success) {
      valid.push(parsed.data);
      continue;
    }
    const id = typeof record === 'object' && record !== null ? (record as { order_id?: unknown }).order_id : undefined;
    rejected.push({
      orderId: typeof id === 'string' ? id : null,
      problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`),
    });
  }
  return { valid, rejected };
}

import type { Database } from 'better-sqlite3';
import type { Payment, PaymentMethod, PaymentRequest, PaymentStatus } from '../../shared/billing-api/payment-schemas';

/**
 * prepared: written, not sent · sent: the request may have reached the service · answered: the
 * service's answer is stored · applied: the cache shows it · refused: nothing was charged.
 */
export type PaymentStep = 'prepared' | 'sent' | 'answered' | 'applied' | 'refused';
export const UNFINISHED_STEPS: readonly PaymentStep[] = ['prepared', 'sent', 'answered'];

/** Why the service refused a payment, as stored: its code, message and the broken rules. */
export interface StoredRefusal {
  readonly code: string;
  readonly message: string;
  readonly problems: readonly { readonly orderId: string | null; readonly code: string; readonly message: string }[];
}

export interface NewPayment {
  readonly idempotencyKey: string;
  readonly accountId: string;
  readonly osUser: string;
  readonly method: PaymentMethod;
  readonly currency: string;
  readonly orderIds: readonly string[];
  /** The body sent, byte for byte the same on every attempt. */
  readonly request: PaymentRequest;
  readonly quotedPayable: number;
  readonly quotedSavings: number;
}

export interface LedgerPayment extends NewPayment {
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly step: PaymentStep;
  readonly paymentId: string | null;
  readonly status: PaymentStatus | null;
  readonly amountCharged: number | null;
  readonly savings: number | null;
  readonly answer: Payment | null;
  readonly refusal: StoredRefusal | null;
  readonly attempts: number;
  readonly lastError: string | null;
}

interface Row {
  idempotency_key: string;
  account_id: string;
  os_user: string;
  created_at: number;
  updated_at: number;
  step: PaymentStep;
  method: PaymentMethod;
  currency: string;
  order_ids: string;
  request: string;
  quoted_payable: number;
  quoted_savings: number;
  payment_id: string | null;
  status: PaymentStatus | null;
  amount_charged: number | null;
  savings: number | null;
  answer: string | null;
  refusal: string | null;
  attempts: number;
  last_error: string | null;
}

const fromRow = (r: Row): LedgerPayment => ({
  idempotencyKey: r.idempotency_key,
  accountId: r.account_id,
  osUser: r.os_user,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  step: r.step,
  method: r.method,
  currency: r.currency,
  orderIds: JSON.parse(r.order_ids) as string[],
  request: JSON.parse(r.request) as PaymentRequest,
  quotedPayable: r.quoted_payable,
  quotedSavings: r.quoted_savings,
  paymentId: r.payment_id,
  status: r.status,
  amountCharged: r.amount_charged,
  savings: r.savings,
  answer: r.answer === null ? null : (JSON.parse(r.answer) as Payment),
  refusal: r.refusal === null ? null : (JSON.parse(r.refusal) as StoredRefusal),
  attempts: r.attempts,
  lastError: r.last_error,
});

/** The payments table: one row per payment asked for, moved forward one step at a time. */
export class PaymentRecords {
  private readonly statements;

  constructor(db: Database) {
    this.statements = {
      insert: db.prepare(`
        INSERT INTO payments (idempotency_key, account_id, os_user, created_at, updated_at, step, method, currency, order_ids, request, quoted_payable, quoted_savings)
        VALUES (@idempotencyKey, @accountId, @osUser, @at, @at, 'prepared', @method, @currency, @orderIds, @request, @quotedPayable, @quotedSavings)`),
      sent: db.prepare<[number, string]>(`UPDATE payments SET step = 'sent', attempts = attempts + 1, updated_at = ? WHERE idempotency_key = ? AND step IN ('prepared', 'sent')`),
      answered: db.prepare(`
        UPDATE payments SET step = 'answered', payment_id = @paymentId, status = @status, amount_charged = @amountCharged, savings = @savings,
          answer = @answer, last_error = NULL, updated_at = @at
        WHERE idempotency_key = @key AND (step IN ('prepared', 'sent') OR (step = 'answered' AND status = 'requires_action'))`),
      applied: db.prepare<[number, string]>(`UPDATE payments SET step = 'applied', updated_at = ? WHERE idempotency_key = ? AND step = 'answered'`),
      refused: db.prepare<[string, number, string]>(`UPDATE payments SET step = 'refused', refusal = ?, last_error = NULL, updated_at = ? WHERE idempotency_key = ? AND step IN ('prepared', 'sent')`),
      failed: db.prepare<[string, number, string]>('UPDATE payments SET last_error = ?, updated_at = ? WHERE idempotency_key = ?'),
      get: db.prepare<[string], Row>('SELECT * FROM payments WHERE idempotency_key = ?'),
      unfinished: db.prepare<[], Row>(`SELECT * FROM payments WHERE step IN ('prepared', 'sent', 'answered') ORDER BY created_at`),
      list: db.prepare<[number, number, number], Row>('SELECT * FROM payments WHERE created_at >= ? AND created_at < ? ORDER BY created_at DESC, idempotency_key LIMIT ?'),
    };
  }

  /** Written before the request leaves: from here on, a crash can't lose the payment. */
  prepare(payment: NewPayment, at: number): void {
    this.statements.insert.run({
      ...payment,
      at,
      orderIds: JSON.stringify(payment.orderIds),
      request: JSON.stringify(payment.request),
    });
  }

  /** Just before each attempt: the request may reach the service from here on. */
  markSent(key: string, at: number): void {
    this.statements.sent.run(at, key);
  }

  /**
   * The service's answer. A card payment's first answer (requires_action) is followed by its
   * settlement, which replaces it; a settled answer is final. What only the card form needs (the
   * client secret, the publishable key) is never written.
   */
  recordAnswer(key: string, answer: Payment, at: number): void {
    const { client_secret: _secret, publishable_key: _publishable, ...payment } = answer;
    this.statements.answered.run({
      key,
      at,
      paymentId: payment.payment_id,
      status: payment.status,
      amountCharged: payment.amount_charged,
      savings: payment.savings,
      answer: JSON.stringify(payment),
    });
  }

  markApplied(key: string, at: number): void {
    this.statements.applied.run(at, key);
  }

  recordRefusal(key: string, refusal: StoredRefusal, at: number): void {
    this.statements.refused.run(JSON.stringify(refusal), at, key);
  }

  /** An attempt that ended without an answer: the step stays, to be resumed. */
  recordError(key: string, message: string, at: number): void {
    this.statements.failed.run(message, at, key);
  }

  get(key: string): LedgerPayment | null {
    const row = this.statements.get.get(key);
    return row ? fromRow(row) : null;
  }

  /** Oldest first: the payments a crash or a lost connection left without a known outcome. */
  unfinished(): LedgerPayment[] {
    return this.statements.unfinished.all().map(fromRow);
  }

  /** Newest first, created in [from, to). */
  list(from: number, to: number, limit: number): LedgerPayment[] {
    return this.statements.list.all(from, to, limit).map(fromRow);
  }
}

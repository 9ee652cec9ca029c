/**
 * Payments in the sandbox's SQLite database: each payment as the API answers it, one charge row per
 * order ever paid (what tests count to prove "once"), the idempotency keys with the answer each one
 * got, and the account settings tests change. SandboxStore creates it and clears it on a reset.
 */
import type Database from 'better-sqlite3';
import type { Payment, PaymentMethod } from '../shared/billing-api/payment-schemas';

export interface Charge {
  readonly payment_id: string;
  readonly order_id: string;
  readonly amount: number;
  readonly currency: string;
  readonly method: PaymentMethod;
  readonly idempotency_key: string;
  readonly at: string;
}

/** What a key has seen: a request still being worked on, or the answer it got. */
export type KeyState =
  | { readonly state: 'running'; readonly bodyHash: string }
  | { readonly state: 'done'; readonly bodyHash: string; readonly status: number; readonly body: string };

export interface CardAuthorization {
  readonly intentId: string;
  /** What each order to be paid would be charged, in minor units. */
  readonly payableByOrder: Readonly<Record<string, number>>;
}

export interface AccountSettings {
  readonly postpaid: boolean;
  readonly monthly_settlement_enabled: boolean;
}

const TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS payments (
    seq INTEGER PRIMARY KEY,
    payment_id TEXT NOT NULL UNIQUE,
    customer_id TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS payments_by_account ON payments (customer_id, seq);
  CREATE TABLE IF NOT EXISTS charges (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    payment_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    method TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS idempotency_keys (
    customer_id TEXT NOT NULL,
    key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    status INTEGER,
    body TEXT,
    PRIMARY KEY (customer_id, key)
  ) WITHOUT ROWID;
  -- A payment reads the other members of each combined purchase it names: without this, a scan of the account.
  CREATE INDEX IF NOT EXISTS orders_by_combined_purchase ON orders (customer_id, json_extract(body, '$.combined_order_id'));
  -- A card payment between its authorization and its confirmation: the processor's hold and what
  -- each order would be charged (the payment's own body says 0 until the capture).
  CREATE TABLE IF NOT EXISTS card_authorizations (
    payment_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    intent_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    payable_by_order TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS account_settings (
    customer_id TEXT PRIMARY KEY,
    postpaid INTEGER NOT NULL,
    monthly_settlement_enabled INTEGER NOT NULL
  );
`;

export class PaymentsStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    db.exec(TABLES_SQL);
    this.s = {
      key: db.prepare<[string, string], { body_hash: string; status: number | null; body: string | null }>(
        'SELECT body_hash, status, body FROM idempotency_keys WHERE customer_id = ? AND key = ?',
      ),
      claim: db.prepare<[string, string, string]>('INSERT INTO idempotency_keys (customer_id, key, body_hash) VALUES (?, ?, ?)'),
      answer: db.prepare<[number, string, string, string]>('UPDATE idempotency_keys SET status = ?, body = ? WHERE customer_id = ? AND key = ?'),
      release: db.prepare<[string, string]>('DELETE FROM idempotency_keys WHERE customer_id = ? AND key = ? AND status IS NULL'),
      insertPayment: db.prepare<[string, string, string]>('INSERT INTO payments (payment_id, customer_id, body) VALUES (?, ?, ?)'),
      payment: db.prepare<[string, string], string>('SELECT body FROM payments WHERE customer_id = ? AND payment_id = ?').pluck(),
      updatePayment: db.prepare<[string, string, string]>('UPDATE payments SET body = ? WHERE customer_id = ? AND payment_id = ?'),
      insertAuthorization: db.prepare<[string, string, string, string, string]>(
        'INSERT INTO card_authorizations (payment_id, customer_id, intent_id, idempotency_key, payable_by_order) VALUES (?, ?, ?, ?, ?)',
      ),
      authorization: db.prepare<[string, string], { intent_id: string; idempotency_key: string; payable_by_order: string }>(
        'SELECT intent_id, idempotency_key, payable_by_order FROM card_authorizations WHERE customer_id = ? AND payment_id = ?',
      ),
      history: db.prepare<[string, number, number], { seq: number; body: string }>(
        'SELECT seq, body FROM payments WHERE customer_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
      insertCharge: db.prepare('INSERT INTO charges (customer_id, payment_id, order_id, amount, currency, method, idempotency_key, at) VALUES (@customer_id, @payment_id, @order_id, @amount, @currency, @method, @idempotency_key, @at)'),
      charges: db.prepare<[], Charge>('SELECT payment_id, order_id, amount, currency, method, idempotency_key, at FROM charges ORDER BY id'),
      settledSince: db.prepare<[string, string], { currency: string; amount: number }>(
        `SELECT currency, SUM(amount) AS amount FROM charges WHERE customer_id = ? AND method = 'monthly_settlement' AND at >= ? GROUP BY currency ORDER BY currency`,
      ),
      settings: db.prepare<[string], { postpaid: number; monthly_settlement_enabled: number }>(
        'SELECT postpaid, monthly_settlement_enabled FROM account_settings WHERE customer_id = ?',
      ),
      saveSettings: db.prepare<[string, number, number]>(
        `INSERT INTO account_settings (customer_id, postpaid, monthly_settlement_enabled) VALUES (?, ?, ?)
         ON CONFLICT (customer_id) DO UPDATE SET postpaid = excluded.postpaid, monthly_settlement_enabled = excluded.monthly_settlement_enabled`,
      ),
    };
  }

  clear(): void {
    this.db.exec('DELETE FROM payments; DELETE FROM charges; DELETE FROM idempotency_keys; DELETE FROM card_authorizations; DELETE FROM account_settings;');
  }

  keyState(customerId: string, key: string): KeyState | undefined {
    const row = this.s.key.get(customerId, key);
    if (!row) return undefined;
    return row.status === null || row.body === null ? { state: 'running', bodyHash: row.body_hash } : { state: 'done', bodyHash: row.body_hash, status: row.status, body: row.body };
  }

  /** Marks the key as in use by a request with this body; fails if the key is known already. */
  claimKey(customerId: string, key: string, bodyHash: string): void {
    this.s.claim.run(customerId, key, bodyHash);
  }

  /** The answer a key got, replayed for every later request with the same key and body. */
  answerKey(customerId: string, key: string, status: number, body: string): void {
    this.s.answer.run(status, body, customerId, key);
  }

  /** Frees a key whose request ended without an answer (the service failed), so it can be sent again. */
  releaseKey(customerId: string, key: string): void {
    this.s.release.run(customerId, key);
  }

  /** The payment with its charges, one per order paid (0 included). */
  recordPayment(customerId: string, payment: Payment, idempotencyKey: string): void {
    this.s.insertPayment.run(payment.payment_id, customerId, JSON.stringify(payment));
    this.recordCharges(customerId, payment, idempotencyKey);
  }

  /** A card payment waiting for its confirmation: no charge yet. */
  recordCardAuthorization(customerId: string, payment: Payment, idempotencyKey: string, hold: CardAuthorization): void {
    this.s.insertPayment.run(payment.payment_id, customerId, JSON.stringify(payment));
    this.s.insertAuthorization.run(payment.payment_id, customerId, hold.intentId, idempotencyKey, JSON.stringify(hold.payableByOrder));
  }

  cardAuthorization(customerId: string, paymentId: string): (CardAuthorization & { idempotencyKey: string }) | undefined {
    const row = this.s.authorization.get(customerId, paymentId);
    return row && { intentId: row.intent_id, idempotencyKey: row.idempotency_key, payableByOrder: JSON.parse(row.payable_by_order) as Record<string, number> };
  }

  /** The card payment as confirmed, with a charge per order paid, for what was captured. */
  completeCardPayment(customerId: string, payment: Payment, idempotencyKey: string, capturedAt: string): void {
    this.s.updatePayment.run(JSON.stringify(payment), customerId, payment.payment_id);
    this.recordCharges(customerId, payment, idempotencyKey, capturedAt);
  }

  private recordCharges(customerId: string, payment: Payment, idempotencyKey: string, at = payment.created_at): void {
    for (const order of payment.orders) {
      if (order.outcome !== 'paid') continue;
      this.s.insertCharge.run({
        customer_id: customerId,
        payment_id: payment.payment_id,
        order_id: order.order_id,
        amount: order.amount_charged,
        currency: payment.currency,
        method: payment.method,
        idempotency_key: idempotencyKey,
        at,
      });
    }
  }

  payment(customerId: string, paymentId: string): string | undefined {
    return this.s.payment.get(customerId, paymentId);
  }

  /** Newest first, before `beforeSeq`; the seq of the last one is the next page's cursor. */
  history(customerId: string, beforeSeq: number, limit: number): { seq: number; body: string }[] {
    return this.s.history.all(customerId, beforeSeq, limit);
  }

  charges(): Charge[] {
    return this.s.charges.all();
  }

  /** Amounts settled monthly since `sinceIso`, per currency: what the current bill holds. */
  settledSince(customerId: string, sinceIso: string): { currency: string; amount: number }[] {
    return this.s.settledSince.all(customerId, sinceIso);
  }

  settings(customerId: string): AccountSettings | undefined {
    const row = this.s.settings.get(customerId);
    return row && { postpaid: row.postpaid === 1, monthly_settlement_enabled: row.monthly_settlement_enabled === 1 };
  }

  saveSettings(customerId: string, settings: AccountSettings): void {
    this.s.saveSettings.run(customerId, settings.postpaid ? 1 : 0, settings.monthly_settlement_enabled ? 1 : 0);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

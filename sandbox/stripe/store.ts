/**
 * The Stripe emulation's state, in its own tables of the sandbox's SQLite database: each object as
 * the JSON the API answers with, the idempotency keys with the answer each got. SandboxStore creates
 * it on the sandbox's database and clears it on a reset.
 *
 * No card number or CVC is ever written: a payment method row holds its test card's key and the
 * object (brand, funding, last4, expiry), and the tests read the database files to prove it.
 */
import type Database from 'better-sqlite3';
import type { Charge, PaymentIntent, PaymentMethod } from './objects';

export interface StoredReply {
  readonly fingerprint: string;
  readonly status: number;
  readonly body: string;
  readonly requestId: string;
}

const TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS stripe_payment_methods (
    id TEXT PRIMARY KEY,
    card_key TEXT NOT NULL,
    body TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS stripe_payment_intents (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS stripe_charges (
    id TEXT PRIMARY KEY,
    payment_intent TEXT NOT NULL,
    body TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS stripe_idempotency_keys (
    key TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    request_id TEXT NOT NULL
  ) WITHOUT ROWID;
`;

export class StripeStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    db.exec(TABLES_SQL);
    this.s = {
      insertMethod: db.prepare<[string, string, string]>('INSERT INTO stripe_payment_methods (id, card_key, body) VALUES (?, ?, ?)'),
      method: db.prepare<[string], { card_key: string; body: string }>('SELECT card_key, body FROM stripe_payment_methods WHERE id = ?'),
      saveIntent: db.prepare<[string, string]>('INSERT INTO stripe_payment_intents (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body'),
      intent: db.prepare<[string], string>('SELECT body FROM stripe_payment_intents WHERE id = ?').pluck(),
      saveCharge: db.prepare<[string, string, string]>(
        'INSERT INTO stripe_charges (id, payment_intent, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body',
      ),
      charge: db.prepare<[string], string>('SELECT body FROM stripe_charges WHERE id = ?').pluck(),
      reply: db.prepare<[string], { fingerprint: string; status: number; body: string; request_id: string }>(
        'SELECT fingerprint, status, body, request_id FROM stripe_idempotency_keys WHERE key = ?',
      ),
      saveReply: db.prepare<[string, string, number, string, string]>(
        'INSERT INTO stripe_idempotency_keys (key, fingerprint, status, body, request_id) VALUES (?, ?, ?, ?, ?)',
      ),
    };
  }

  clear(): void {
    this.db.exec('DELETE FROM stripe_payment_methods; DELETE FROM stripe_payment_intents; DELETE FROM stripe_charges; DELETE FROM stripe_idempotency_keys;');
  }

  insertPaymentMethod(method: PaymentMethod, cardKey: string): void {
    this.s.insertMethod.run(method.id, cardKey, JSON.stringify(method));
  }

  paymentMethod(id: string): { method: PaymentMethod; cardKey: string } | undefined {
    const row = this.s.method.get(id);
    return row && { method: JSON.parse(row.body) as PaymentMethod, cardKey: row.card_key };
  }

  saveIntent(intent: PaymentIntent): void {
    this.s.saveIntent.run(intent.id, JSON.stringify(intent));
  }

  intent(id: string): PaymentIntent | undefined {
    const body = this.s.intent.get(id);
    return body === undefined ? undefined : (JSON.parse(body) as PaymentIntent);
  }

  saveCharge(charge: Charge): void {
    this.s.saveCharge.run(charge.id, charge.payment_intent, JSON.stringify(charge));
  }

  charge(id: string): Charge | undefined {
    const body = this.s.charge.get(id);
    return body === undefined ? undefined : (JSON.parse(body) as Charge);
  }

  reply(key: string): StoredReply | undefined {
    const row = this.s.reply.get(key);
    return row && { fingerprint: row.fingerprint, status: row.status, body: row.body, requestId: row.request_id };
  }

  saveReply(key: string, reply: StoredReply): void {
    this.s.saveReply.run(key, reply.fingerprint, reply.status, reply.body, reply.requestId);
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

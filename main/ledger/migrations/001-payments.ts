import type { Migration } from '../../sqlite/migration';

/**
 * Every payment this app asked for, written before the request leaves (so a crash can't lose it)
 * and updated after each step. The idempotency key is the row's identity: it is what makes
 * sending the request again safe.
 */
export const payments: Migration = {
  version: 1,
  name: 'payments',
  up(db) {
    db.exec(`
      CREATE TABLE payments (
        idempotency_key TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        os_user TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        -- prepared: written, not sent yet · sent: the request may have reached the service ·
        -- answered: the service's answer is stored · applied: the cache shows it · refused: nothing charged
        step TEXT NOT NULL CHECK (step IN ('prepared', 'sent', 'answered', 'applied', 'refused')),
        method TEXT NOT NULL,
        currency TEXT NOT NULL,
        order_ids TEXT NOT NULL,
        request TEXT NOT NULL,
        quoted_payable INTEGER NOT NULL,
        quoted_savings INTEGER NOT NULL,
        payment_id TEXT,
        status TEXT,
        amount_charged INTEGER,
        savings INTEGER,
        answer TEXT,
        refusal TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      CREATE INDEX payments_by_time ON payments (created_at DESC);
      CREATE INDEX unfinished_payments ON payments (created_at) WHERE step IN ('prepared', 'sent', 'answered');
    `);
  },
};

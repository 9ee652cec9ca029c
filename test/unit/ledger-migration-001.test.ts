import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LEDGER_MIGRATIONS } from '../../main/ledger/migrations';
import { runMigrations, schemaVersion } from '../../main/sqlite/migration';

const columns = (db: Database.Database, table: string) => db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all();

describe('ledger migration 001 (payments)', () => {
  it('takes an empty database to version 1 with the payments table', () => {
    const db = new Database(':memory:');
    runMigrations(db, LEDGER_MIGRATIONS.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    expect(columns(db, 'payments')).toEqual([
      'idempotency_key', 'account_id', 'os_user', 'created_at', 'updated_at', 'step', 'method', 'currency', 'order_ids', 'request',
      'quoted_payable', 'quoted_savings', 'payment_id', 'status', 'amount_charged', 'savings', 'answer', 'refusal', 'attempts', 'last_error',
    ]);
  });

  it('refuses a second row with the same idempotency key, a step it does not know and a float amount', () => {
    const db = new Database(':memory:');
    runMigrations(db, LEDGER_MIGRATIONS.slice(0, 1));
    const insert = (key: string, step: string, payable: number) =>
      db.prepare(`INSERT INTO payments (idempotency_key, account_id, os_user, created_at, updated_at, step, method, currency, order_ids, request, quoted_payable, quoted_savings)
        VALUES (?, 'acct', 'clerk', 1, 1, ?, 'monthly_settlement', 'USD', '[]', '{}', ?, 0)`).run(key, step, payable);
    insert('k1', 'prepared', 100);
    expect(() => insert('k1', 'prepared', 100)).toThrow(/UNIQUE/);
    expect(() => insert('k2', 'paid-maybe', 100)).toThrow(/CHECK/);
    expect(() => insert('k3', 'prepared', 1.5)).toThrow(/cannot store REAL value in INTEGER column/);
  });
});

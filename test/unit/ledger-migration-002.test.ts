import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LEDGER_MIGRATIONS } from '../../main/ledger/migrations';
import { runMigrations, schemaVersion } from '../../main/sqlite/migration';

describe('ledger migration 002 (the audit log)', () => {
  it('runs on a version 1 ledger, keeps its payments, and adds the audit log', () => {
    const db = new Database(':memory:');
    runMigrations(db, LEDGER_MIGRATIONS.slice(0, 1));
    db.exec(`INSERT INTO payments (idempotency_key, account_id, os_user, created_at, updated_at, step, method, currency, order_ids, request, quoted_payable, quoted_savings)
      VALUES ('k1', 'acct', 'clerk', 1, 1, 'sent', 'monthly_settlement', 'USD', '["CS1"]', '{}', 100, 0)`);

    runMigrations(db, LEDGER_MIGRATIONS.slice(0, 2));

    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT idempotency_key, step FROM payments').all()).toEqual([{ idempotency_key: 'k1', step: 'sent' }]);
    expect(db.prepare(`SELECT name FROM pragma_table_info('audit_log')`).pluck().all()).toEqual(['id', 'at', 'kind', 'detail', 'cache_id']);
  });

  it('keeps one entry per cache id, so a repeated move copies nothing twice', () => {
    const db = new Database(':memory:');
    runMigrations(db, LEDGER_MIGRATIONS);
    db.exec(`INSERT INTO audit_log (at, kind, detail, cache_id) VALUES (1, 'a', '{}', 4)`);
    expect(() => db.exec(`INSERT INTO audit_log (at, kind, detail, cache_id) VALUES (1, 'a', '{}', 4)`)).toThrow(/UNIQUE/);
  });
});

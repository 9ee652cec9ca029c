import Database from 'better-sqlite3';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LEDGER_MIGRATIONS, LEDGER_SCHEMA_VERSION } from '../../main/ledger/migrations';
import { Ledger, isLedger, ledgerBackupPath } from '../../main/ledger/ledger';
import { runMigrations } from '../../main/sqlite/migration';
import { tempCachePaths } from '../support/temp-files';

const newPath = tempCachePaths();
const warnings: string[] = [];
const log = { warn: (msg: string) => warnings.push(msg), info: () => {} };

function opened(path: string): Ledger {
  const ledger = Ledger.open(path, log);
  if (!isLedger(ledger)) throw new Error(`not opened: ${ledger.reason} ${ledger.detail}`);
  return ledger;
}

describe('Ledger.open', () => {
  it('creates a new ledger with every commit flushed to disk, and reopens it with what was written', () => {
    const path = newPath();
    const ledger = opened(path);
    ledger.audit.append('app.started', {}, 1);
    ledger.close();

    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LEDGER_SCHEMA_VERSION);
    db.close();
    const again = opened(path);
    expect(again.audit.recent(1)[0]?.kind).toBe('app.started');
    again.close();
  });

  it('runs with synchronous=FULL', () => {
    const ledger = opened(newPath());
    // A per-connection setting: read on the ledger's own connection.
    const db = (ledger as unknown as { db: Database.Database }).db;
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    ledger.close();
  });

  it('backs an existing ledger up before migrating it, and the backup holds the old data', () => {
    const path = newPath();
    const old = new Database(path);
    runMigrations(old, LEDGER_MIGRATIONS.slice(0, 1));
    old.exec(`INSERT INTO payments (idempotency_key, account_id, os_user, created_at, updated_at, step, method, currency, order_ids, request, quoted_payable, quoted_savings)
      VALUES ('k1', 'acct', 'clerk', 1, 1, 'applied', 'monthly_settlement', 'USD', '["CS1"]', '{}', 100, 0)`);
    old.close();

    opened(path).close();

    const backup = new Database(ledgerBackupPath(path, 1), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    expect(backup.prepare('SELECT idempotency_key FROM payments').pluck().all()).toEqual(['k1']);
    backup.close();
  });

  it('takes no backup of a new ledger', () => {
    const path = newPath();
    opened(path).close();
    expect(existsSync(ledgerBackupPath(path, 0))).toBe(false);
  });

  it('says a damaged file is corrupt and leaves it where it is, byte for byte', () => {
    const path = newPath();
    writeFileSync(path, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 0x5a)]));
    const before = readFileSync(path);

    const problem = Ledger.open(path, log);

    expect(isLedger(problem)).toBe(false);
    expect(problem).toMatchObject({ reason: 'corrupt', path });
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(warnings.at(-1)).toMatch(/paying is disabled/);
  });

  it('refuses a ledger written by a newer Settle and does not touch it', () => {
    const path = newPath();
    const newer = new Database(path);
    newer.pragma(`user_version = ${LEDGER_SCHEMA_VERSION + 1}`);
    newer.close();

    expect(Ledger.open(path, log)).toMatchObject({ reason: 'newer_version', path });
    const db = new Database(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LEDGER_SCHEMA_VERSION + 1);
    db.close();
  });
});

describe('a migration that fails', () => {
  it('puts the copy from before it back, whole, and says so: paying disabled, nothing lost', () => {
    const path = newPath();
    const db = new Database(path);
    runMigrations(db, LEDGER_MIGRATIONS.slice(0, 1));
    db.prepare(
      "INSERT INTO payments (idempotency_key, account_id, os_user, created_at, updated_at, step, method, currency, order_ids, request, quoted_payable, quoted_savings) VALUES ('k-1', 'acc', 'clerk', 1, 1, 'applied', 'monthly_settlement', 'CNY', '[]', '{}', 100, 0)",
    ).run();
    db.close();
    const failing = { version: LEDGER_MIGRATIONS.length + 1, name: 'fails half-way', up: () => { throw new Error('disk full'); } };
    const problem = Ledger.open(path, log, [...LEDGER_MIGRATIONS, failing]);
    expect(problem).toMatchObject({ reason: 'migration_failed', path, detail: expect.stringContaining(`disk full; the ledger was restored from ${ledgerBackupPath(path, 1)}`) });
    // Migration 2 had completed before 3 failed: the restored file is the version-1 ledger as it was.
    const restored = new Database(path, { readonly: true });
    expect(restored.pragma('user_version', { simple: true })).toBe(1);
    expect(restored.prepare('SELECT idempotency_key FROM payments').all()).toEqual([{ idempotency_key: 'k-1' }]);
    restored.close();
    expect(opened(path).payments.get('k-1')).toMatchObject({ step: 'applied' });
  });
});

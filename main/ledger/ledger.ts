import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LedgerProblem } from '../../shared/ipc/types';
import type { CacheLogger } from '../cache/cache-logger';
import { runMigrations, schemaVersion, type Migration } from '../sqlite/migration';
import { AuditLog } from './audit-log';
import { LEDGER_MIGRATIONS } from './migrations';
import { PaymentRecords } from './payment-records';

export type { AuditEntry, AuditTrail, CacheAuditEntry } from './audit-log';
export { AuditLog };

const IN_MEMORY = ':memory:';

/** The copy taken before migrating a ledger of `version`: `settle-ledger.db.v1.bak`. */
export const ledgerBackupPath = (path: string, version: number): string => `${path}.v${version}.bak`;

/**
 * What must never be lost: the payments asked for with their idempotency keys, and the audit log.
 * Unlike the cache it is never moved aside or recreated: a file that can't be opened disables
 * paying (with the reason) and stays where it is for support. Every commit is flushed to disk
 * (synchronous=FULL): a payment's row must survive a power cut, not only a crash.
 */
export class Ledger {
  readonly payments: PaymentRecords;
  readonly audit: AuditLog;

  private constructor(private readonly db: Database.Database) {
    this.payments = new PaymentRecords(db);
    this.audit = new AuditLog(db);
  }

  /** The ledger at `path` (created when missing), or why it can't be used. ':memory:' for tests. */
  static open(path: string, log: CacheLogger, migrations: readonly Migration[] = LEDGER_MIGRATIONS): Ledger | LedgerProblem {
    if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
    const isNew = path === IN_MEMORY || !existsSync(path);
    let db: Database.Database | null = null;
    try {
      db = new Database(path);
      const version = schemaVersion(db);
      if (version > migrations.length) {
        db.close();
        return unavailable(log, { reason: 'newer_version', path, detail: `schema version ${version}, this build knows ${migrations.length}` });
      }
      if (!isNew) {
        const check = db.pragma('quick_check', { simple: true });
        if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
      }
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      const opened = db;
      let backup: string | null = null;
      try {
        runMigrations(opened, migrations, (from) => {
          if (from === 0) return;
          backup = ledgerBackupPath(path, from);
          rmSync(backup, { force: true });
          opened.prepare('VACUUM INTO ?').run(backup);
          log.info('ledger: backed up before migrating', { from, to: migrations.length, backup });
        });
      } catch (error) {
        if (backup === null) throw error;
        // Each step is its own transaction: a later one failing leaves a ledger half-way between
        // versions. The copy from before the first step is put back, whole.
        opened.close();
        db = null;
        restoreBackup(path, backup);
        return unavailable(log, { reason: 'migration_failed', path, detail: `${error instanceof Error ? error.message : String(error)}; the ledger was restored from ${backup}` });
      }
      return new Ledger(opened);
    } catch (error) {
      db?.close();
      const code = (error as { code?: unknown } | null)?.code;
      const corrupt = typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
      return unavailable(log, { reason: corrupt ? 'corrupt' : 'unopenable', path, detail: error instanceof Error ? error.message : String(error) });
    }
  }

  /** A ledger that lives as long as the process: for tools and tests that have no file for one. */
  static inMemory(log: CacheLogger): Ledger {
    const opened = Ledger.open(IN_MEMORY, log);
    if (!isLedger(opened)) throw new Error(`an in-memory ledger failed to open: ${opened.detail}`);
    return opened;
  }

  close(): void {
    this.db.close();
  }
}

function unavailable(log: CacheLogger, problem: LedgerProblem): LedgerProblem {
  log.warn('ledger: cannot be used; paying is disabled and the file is kept as it is', { ...problem });
  return problem;
}

function restoreBackup(path: string, backup: string): void {
  for (const companion of ['-wal', '-shm']) rmSync(path + companion, { force: true });
  copyFileSync(backup, `${path}.restoring`);
  renameSync(`${path}.restoring`, path);
}

export const isLedger = (opened: Ledger | LedgerProblem): opened is Ledger => opened instanceof Ledger;

import type { Database } from 'better-sqlite3';

/** One schema version. `up` runs inside the transaction that also stamps PRAGMA user_version. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to the last of `migrations`, each in its own transaction with its
 * user_version stamp, so a failure leaves the database at the last version that completed.
 * `beforeFirst` runs once, before the first migration that is due (the ledger backs itself up there).
 */
export function runMigrations(db: Database, migrations: readonly Migration[], beforeFirst?: (from: number) => void): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const from = schemaVersion(db);
  const due = migrations.slice(from);
  if (due.length > 0) beforeFirst?.(from);
  for (const m of due) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

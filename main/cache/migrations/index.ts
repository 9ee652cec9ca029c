import type { Database } from 'better-sqlite3';
import { initial } from './001-initial';
import { deferredIndexBuild } from './002-deferred-index-build';
import { rejectedOrders } from './003-rejected-orders';
import { orderIdIndex } from './004-order-id-index';
import { syncAccounting } from './005-sync-accounting';
import { currencyInIndexes } from './006-currency-in-indexes';
import type { Migration } from './migration';

/** In version order, one per schema version, never edited once released: add a new one instead. */
export const MIGRATIONS: readonly Migration[] = [initial, deferredIndexBuild, rejectedOrders, orderIdIndex, syncAccounting, currencyInIndexes];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to the last of `migrations`, each in its own transaction with its
 * user_version stamp, so a failure leaves the database at the last version that completed.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const from = schemaVersion(db);
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

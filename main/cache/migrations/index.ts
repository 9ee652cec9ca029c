import type { Database } from 'better-sqlite3';
import { initial } from './001-initial';
import { deferredIndexBuild } from './002-deferred-index-build';
import { rejectedOrders } from './003-rejected-orders';
import { orderIdIndex } from './004-order-id-index';
import { syncAccounting } from './005-sync-accounting';
import { currencyInIndexes } from './006-currency-in-indexes';
import { runMigrations, schemaVersion, type Migration } from '../../sqlite/migration';

/** In version order, one per schema version, never edited once released: add a new one instead. */
export const MIGRATIONS: readonly Migration[] = [initial, deferredIndexBuild, rejectedOrders, orderIdIndex, syncAccounting, currencyInIndexes];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

export { schemaVersion };

/** Brings the cache up to the last of `migrations` (all of them by default). */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): void {
  runMigrations(db, migrations);
}

import type { Migration } from '../../sqlite/migration';

/**
 * What a sync could not account for, kept with the cursor so that a crash can't hide it:
 * `full_sync_expected` is the total the service announced on a full sync's first page and
 * `full_sync_received` the records received since, counted in each page's transaction;
 * `unreadable_records` (records no order id could be read from) and `shortfall` (announced orders
 * that never arrived) describe the last sync until one accounts for everything.
 */
export const syncAccounting: Migration = {
  version: 5,
  name: 'sync-accounting',
  up(db) {
    db.exec(`
      ALTER TABLE sync_state ADD COLUMN full_sync_expected INTEGER;
      ALTER TABLE sync_state ADD COLUMN full_sync_received INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_state ADD COLUMN unreadable_records INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sync_state ADD COLUMN shortfall INTEGER NOT NULL DEFAULT 0;
    `);
  },
};

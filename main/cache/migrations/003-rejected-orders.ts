import type { Migration } from '../../sqlite/migration';

/**
 * Orders whose record the sync rejected as malformed. The cursor moves past a rejected record, so
 * without a note the order would stay missing, or stale, until it changed again; the sync fetches
 * each one on its own until it arrives valid. `attempts` counts the fetches that failed.
 */
export const rejectedOrders: Migration = {
  version: 3,
  name: 'rejected-orders',
  up(db) {
    db.exec(`
      CREATE TABLE rejected_orders (
        order_id TEXT NOT NULL PRIMARY KEY,
        first_rejected_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_problem TEXT NOT NULL
      ) STRICT;
    `);
  },
};

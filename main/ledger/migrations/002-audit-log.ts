import type { Migration } from '../../sqlite/migration';

/**
 * The audit log, moved here from the cache, which may be thrown away and rebuilt. `cache_id` is the
 * entry's id in the cache it came from, so that moving the old entries can be repeated after a
 * crash without copying one twice.
 */
export const auditLog: Migration = {
  version: 2,
  name: 'audit-log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        cache_id INTEGER UNIQUE
      ) STRICT;
    `);
  },
};

import type { Migration } from '../../sqlite/migration';

/**
 * Index builds a bulk load has put off (see bulk-load.ts). Kept in the database, in the same
 * transactions as the drops, so that a crash in the middle of a bulk load can't leave the cache
 * without its indexes.
 */
export const deferredIndexBuild: Migration = {
  version: 2,
  name: 'deferred-index-build',
  up(db) {
    db.exec(`
      CREATE TABLE deferred_index_build (
        name TEXT NOT NULL PRIMARY KEY,
        sql TEXT NOT NULL
      ) STRICT;
    `);
  },
};

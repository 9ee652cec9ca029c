import type { Migration } from './migration';

/**
 * Statements a bulk load has put off (see bulk-load.ts): the indexes and triggers it dropped and
 * the search index rebuild. Kept in the database, in the same transactions as the drop, so that a
 * crash in the middle of a bulk load can't leave the cache without its indexes.
 */
export const deferredIndexBuild: Migration = {
  version: 3,
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

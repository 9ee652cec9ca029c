import type { Migration } from './migration';

/**
 * Substring search on order numbers through an FTS5 trigram index: a LIKE '%text%' scan of 100k
 * order numbers can't use a B-tree index. The index is external-content, so it stores trigrams and
 * not a second copy of the ids.
 *
 * New orders are indexed by the sync writer with one INSERT … SELECT per page rather than by an
 * AFTER INSERT trigger: measured on 100k orders, the trigger doubles the cost of a full sync.
 * Deletes are rare and go through triggers, so no delete path can leave a stale entry behind.
 * An upsert never changes order_id, so re-syncing a known order doesn't touch the index.
 */
export const orderNumberSearch: Migration = {
  version: 2,
  name: 'order-number-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE orders_search USING fts5(
        order_id, content = 'orders', content_rowid = 'rowid', tokenize = 'trigram'
      );
      INSERT INTO orders_search (orders_search) VALUES ('rebuild');

      CREATE TRIGGER orders_search_delete AFTER DELETE ON orders BEGIN
        INSERT INTO orders_search (orders_search, rowid, order_id) VALUES ('delete', old.rowid, old.order_id);
      END;
      CREATE TRIGGER orders_search_update AFTER UPDATE OF order_id ON orders BEGIN
        INSERT INTO orders_search (orders_search, rowid, order_id) VALUES ('delete', old.rowid, old.order_id);
        INSERT INTO orders_search (rowid, order_id) VALUES (new.rowid, new.order_id);
      END;
    `);
  },
};

import type { Migration } from '../../sqlite/migration';

/**
 * Moves the uniqueness of order_id from the table's inline PRIMARY KEY, whose index SQLite can't
 * drop, to a named unique index that a bulk load can put off like the others (see bulk-load.ts).
 * Orders arrive in the service's change order, not by id, so every row of a first full sync landed
 * at a random place in the key's B-tree and each page's commit rewrote most of its leaf pages:
 * measured on 100k orders, the key alone cost more than half of the writing.
 *
 * SQLite can't alter a constraint, so the table is rebuilt and its indexes with it. Any index
 * build a bulk load had put off is done here too.
 */
export const orderIdIndex: Migration = {
  version: 4,
  name: 'order-id-index',
  up(db) {
    db.exec(`
      CREATE TABLE orders_v4 (
        order_id TEXT NOT NULL,
        status INTEGER NOT NULL CHECK (status IN (1, 6)),
        order_type INTEGER NOT NULL,
        service_type_code TEXT NOT NULL,
        service_type_name TEXT NOT NULL,
        official_amount INTEGER NOT NULL,
        amount_after_discount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        create_time INTEGER NOT NULL,
        update_time INTEGER NOT NULL,
        expire_time INTEGER NOT NULL,
        combined_order_id TEXT,
        contract_overlap INTEGER NOT NULL CHECK (contract_overlap IN (0, 1)),
        third_party_item_count INTEGER NOT NULL,
        line_items TEXT NOT NULL,
        generation INTEGER NOT NULL
      ) STRICT;
      INSERT INTO orders_v4 SELECT * FROM orders;
      DROP TABLE orders;
      ALTER TABLE orders_v4 RENAME TO orders;
      DELETE FROM deferred_index_build;

      CREATE UNIQUE INDEX orders_by_id ON orders (order_id);
      CREATE INDEX orders_by_expire_time
        ON orders (expire_time, order_id, status, order_type, service_type_code);
      CREATE INDEX orders_by_create_time
        ON orders (create_time, order_id, status, order_type, service_type_code, expire_time);
      CREATE INDEX orders_by_amount
        ON orders (amount_after_discount, order_id, status, order_type, service_type_code, expire_time);
      CREATE INDEX orders_by_service_type
        ON orders (service_type_code, order_type, status, expire_time, order_id);
      CREATE INDEX orders_by_combined_order
        ON orders (combined_order_id) WHERE combined_order_id IS NOT NULL;
    `);
  },
};

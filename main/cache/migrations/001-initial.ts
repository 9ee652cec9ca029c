import type { Migration } from '../../sqlite/migration';

/**
 * Orders are stored one row each with their line items as JSON text: the list never reads line
 * items, and one row per order keeps a 500-order sync page to 500 inserts.
 *
 * Each sort key gets an index that leads with the key, has order_id as the tiebreaker and then
 * carries every filter column, so a filtered, sorted page is read from the index alone and only the
 * rows of the page itself are looked up. The service type index serves the facet counts and a
 * filter on a few service types. Every one of them holds order_id, so that the order-number search,
 * a LIKE no index can seek, is tested on index entries without reading rows.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE orders (
        order_id TEXT NOT NULL PRIMARY KEY,
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

      CREATE TABLE sync_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        cursor TEXT,
        generation INTEGER NOT NULL DEFAULT 0,
        full_sync_in_progress INTEGER NOT NULL DEFAULT 0 CHECK (full_sync_in_progress IN (0, 1)),
        server_time INTEGER,
        last_success_at INTEGER,
        last_attempt_at INTEGER,
        last_error TEXT,
        server_clock_offset_ms INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      INSERT INTO sync_state (id) VALUES (1);

      CREATE TABLE account (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        customer_id TEXT NOT NULL,
        name TEXT NOT NULL,
        currency TEXT NOT NULL,
        country TEXT NOT NULL,
        postpaid INTEGER NOT NULL CHECK (postpaid IN (0, 1)),
        monthly_settlement_enabled INTEGER NOT NULL CHECK (monthly_settlement_enabled IN (0, 1)),
        bound_mobile_masked TEXT NOT NULL,
        bound_email_masked TEXT NOT NULL
      ) STRICT;

      CREATE TABLE service_types (
        code TEXT NOT NULL PRIMARY KEY,
        name TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
    `);
  },
};

import type { Migration } from '../../sqlite/migration';

/**
 * Currency joins the indexes: a payment holds one currency, so the page filters by it, counts it
 * as a facet, and sorts amounts within a currency (CN¥2,038 between $1,975 and $2,126 compared
 * numbers that mean different money). Each sort index still covers every filter column, so a page
 * is read by walking one index. An interrupted first sync's put-off builds are dropped with the old
 * definitions: the indexes are built here, whole.
 */
export const currencyInIndexes: Migration = {
  version: 6,
  name: 'currency-in-indexes',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS orders_by_expire_time;
      DROP INDEX IF EXISTS orders_by_create_time;
      DROP INDEX IF EXISTS orders_by_amount;
      DROP INDEX IF EXISTS orders_by_service_type;
      DELETE FROM deferred_index_build WHERE name IN ('orders_by_expire_time', 'orders_by_create_time', 'orders_by_amount', 'orders_by_service_type');
      CREATE INDEX orders_by_expire_time
        ON orders (expire_time, order_id, status, order_type, service_type_code, currency);
      CREATE INDEX orders_by_create_time
        ON orders (create_time, order_id, status, order_type, service_type_code, expire_time, currency);
      CREATE INDEX orders_by_amount
        ON orders (currency, amount_after_discount, order_id, status, order_type, service_type_code, expire_time);
      CREATE INDEX orders_by_service_type
        ON orders (service_type_code, order_type, status, currency, expire_time, order_id);
    `);
  },
};

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../main/cache/migrations';
import { ORDER_COLUMNS, orderParams, toCachedOrder } from '../../main/cache/order-records';
import { buildOrder } from '../support/orders';

const insertOrder = (db: Database.Database, params: unknown[]) =>
  db.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})`).run(params);
const indexNames = (db: Database.Database) =>
  db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' ORDER BY name`).pluck().all();

describe('migration 004 (order id index)', () => {
  it('keeps every cached order and moves order_id uniqueness to an index a bulk load can drop', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 3));
    const kept = [buildOrder({ order_id: 'CS-KEPT-1' }), buildOrder({ order_id: 'CS-KEPT-2', combined_order_id: 'G1' })];
    kept.forEach((o) => insertOrder(db, orderParams(toCachedOrder(o), 4)));

    migrate(db, MIGRATIONS.slice(0, 4));

    expect(schemaVersion(db)).toBe(4);
    expect(db.prepare('SELECT order_id, generation, combined_order_id FROM orders ORDER BY order_id').all()).toEqual([
      { order_id: 'CS-KEPT-1', generation: 4, combined_order_id: null },
      { order_id: 'CS-KEPT-2', generation: 4, combined_order_id: 'G1' },
    ]);
    // No sqlite_autoindex: every index of orders is a named one, so each can be dropped.
    expect(indexNames(db)).toEqual([
      'orders_by_amount',
      'orders_by_combined_order',
      'orders_by_create_time',
      'orders_by_expire_time',
      'orders_by_id',
      'orders_by_service_type',
    ]);
    expect(() => insertOrder(db, orderParams(toCachedOrder(buildOrder({ order_id: 'CS-KEPT-1' })), 5))).toThrow(/UNIQUE/);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('builds the indexes a bulk load cut short had put off', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 3));
    db.exec(`INSERT INTO deferred_index_build (name, sql) SELECT name, sql FROM sqlite_schema WHERE name = 'orders_by_amount'`);
    db.exec('DROP INDEX orders_by_amount');

    migrate(db, MIGRATIONS.slice(0, 4));

    expect(indexNames(db)).toContain('orders_by_amount');
    expect(db.prepare('SELECT count(*) FROM deferred_index_build').pluck().get()).toBe(0);
  });
});

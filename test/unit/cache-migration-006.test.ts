import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../main/cache/migrations';

const indexColumns = (db: Database.Database, name: string) => db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck().all(name);

describe('migration 006 (currency in the indexes)', () => {
  it('runs on a version 5 database, keeps the orders, and puts currency in every sort index', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 5));
    db.prepare(
      `INSERT INTO orders (order_id, status, order_type, service_type_code, service_type_name, official_amount, amount_after_discount, currency,
         create_time, update_time, expire_time, combined_order_id, contract_overlap, third_party_item_count, line_items, generation)
       VALUES ('CS-1', 6, 1, 'ec2', 'ECS', 100, 90, 'CNY', 1, 1, 2, NULL, 0, 0, '[]', 1)`,
    ).run();

    migrate(db, MIGRATIONS.slice(0, 6));

    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare('SELECT order_id, currency FROM orders').all()).toEqual([{ order_id: 'CS-1', currency: 'CNY' }]);
    expect(indexColumns(db, 'orders_by_amount').slice(0, 2)).toEqual(['currency', 'amount_after_discount']);
    for (const name of ['orders_by_expire_time', 'orders_by_create_time', 'orders_by_service_type']) expect(indexColumns(db, name)).toContain('currency');
  });

  it('builds the indexes a first sync interrupted by a crash had put off, and forgets the old definitions', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 5));
    const amount = db.prepare(`SELECT sql FROM sqlite_schema WHERE name = 'orders_by_amount'`).pluck().get() as string;
    db.exec('DROP INDEX orders_by_amount');
    db.prepare('INSERT INTO deferred_index_build (name, sql) VALUES (?, ?)').run('orders_by_amount', amount);

    migrate(db, MIGRATIONS.slice(0, 6));

    expect(db.prepare('SELECT count(*) FROM deferred_index_build').pluck().get()).toBe(0);
    expect(indexColumns(db, 'orders_by_amount')[0]).toBe('currency');
  });
});

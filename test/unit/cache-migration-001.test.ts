import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../main/cache/migrations';
import { ORDER_COLUMNS, orderParams, toCachedOrder } from '../../main/cache/order-records';
import { buildOrder } from '../support/orders';

const toV1 = MIGRATIONS.slice(0, 1);

function columns(db: Database.Database, table: string): string[] {
  return db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).map((c) => c.name);
}

function insertOrder(db: Database.Database, params: unknown[]): void {
  db.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})`).run(params);
}

describe('migration 001 (initial)', () => {
  it('takes an empty database to version 1 with the orders, sync state, account, service type and audit tables', () => {
    const db = new Database(':memory:');
    expect(schemaVersion(db)).toBe(0);
    migrate(db, toV1);

    expect(schemaVersion(db)).toBe(1);
    expect(columns(db, 'orders')).toEqual([...ORDER_COLUMNS]);
    expect(columns(db, 'sync_state')).toContain('cursor');
    expect(columns(db, 'account')).toContain('customer_id');
    expect(columns(db, 'service_types')).toEqual(['code', 'name']);
    expect(columns(db, 'audit_log')).toEqual(['id', 'at', 'kind', 'detail']);
    expect(db.prepare('SELECT generation, full_sync_in_progress, cursor FROM sync_state').all()).toEqual([
      { generation: 0, full_sync_in_progress: 0, cursor: null },
    ]);
  });

  it('indexes each sort key with the order number as tiebreaker and the filter columns', () => {
    const db = new Database(':memory:');
    migrate(db, toV1);
    const indexColumns = (name: string) =>
      db.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?)').all(name).map((c) => c.name);

    expect(indexColumns('orders_by_expire_time').slice(0, 2)).toEqual(['expire_time', 'order_id']);
    expect(indexColumns('orders_by_create_time').slice(0, 2)).toEqual(['create_time', 'order_id']);
    expect(indexColumns('orders_by_amount').slice(0, 2)).toEqual(['amount_after_discount', 'order_id']);
    for (const index of ['orders_by_expire_time', 'orders_by_create_time', 'orders_by_amount']) {
      expect(indexColumns(index)).toEqual(expect.arrayContaining(['status', 'order_type', 'service_type_code']));
    }
    expect(indexColumns('orders_by_service_type')[0]).toBe('service_type_code');
    expect(indexColumns('orders_by_combined_order')).toEqual(['combined_order_id']);
  });

  it('refuses amounts that are not integers and orders that are not unpaid', () => {
    const db = new Database(':memory:');
    migrate(db, toV1);
    const params = orderParams(toCachedOrder(buildOrder()), 0);

    expect(() => insertOrder(db, params.map((v, i) => (ORDER_COLUMNS[i] === 'amount_after_discount' ? 85.5 : v)))).toThrow(/REAL/);
    expect(() => insertOrder(db, params.map((v, i) => (ORDER_COLUMNS[i] === 'status' ? 5 : v)))).toThrow(/CHECK/);
    expect(() => insertOrder(db, params.map((v, i) => (ORDER_COLUMNS[i] === 'currency' ? null : v)))).toThrow(/NOT NULL/);
    insertOrder(db, params);
    expect(db.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 1 });
  });

  it('leaves a database already at version 1 as it is', () => {
    const db = new Database(':memory:');
    migrate(db, toV1);
    migrate(db, toV1);
    expect(schemaVersion(db)).toBe(1);
  });
});

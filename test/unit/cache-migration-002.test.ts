import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../main/cache/migrations';
import { ORDER_COLUMNS, orderParams } from '../../main/cache/order-records';
import { buildOrder } from '../support/orders';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function searchIds(db: Database.Database, text: string): string[] {
  return db
    .prepare<[string], string>(
      'SELECT o.order_id FROM orders o WHERE o.rowid IN (SELECT rowid FROM orders_search WHERE orders_search MATCH ?) ORDER BY 1',
    )
    .pluck()
    .all(`"${text}"`);
}

describe('migration 002 (order number search)', () => {
  it('runs on a version 1 database with orders and indexes the orders already there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-cache-'));
    dirs.push(dir);
    const path = join(dir, 'cache.db');
    const v1 = new Database(path);
    migrate(v1, MIGRATIONS.slice(0, 1));
    const insert = v1.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})`);
    insert.run(orderParams(buildOrder({ order_id: 'CS2501AB7Q' }), 0));
    insert.run(orderParams(buildOrder({ order_id: 'CS2502XYZ1' }), 0));
    v1.close();

    const db = new Database(path);
    migrate(db, MIGRATIONS.slice(0, 2));

    expect(schemaVersion(db)).toBe(2);
    expect(searchIds(db, 'ab7')).toEqual(['CS2501AB7Q']);
    expect(searchIds(db, 'cs25')).toEqual(['CS2501AB7Q', 'CS2502XYZ1']);
    db.close();
  });

  it('drops a deleted order from the search index through its trigger', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    const insert = db.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})`);
    insert.run(orderParams(buildOrder({ order_id: 'CS2501AB7Q' }), 0));
    // New orders are indexed by the sync page writer, not by a trigger.
    db.exec(`INSERT INTO orders_search (orders_search) VALUES ('rebuild')`);

    db.prepare('DELETE FROM orders WHERE order_id = ?').run('CS2501AB7Q');

    expect(searchIds(db, 'ab7')).toEqual([]);
    expect(() => db.exec(`INSERT INTO orders_search (orders_search) VALUES ('integrity-check')`)).not.toThrow();
  });
});

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../main/cache/migrations';

describe('migration 003 (rejected orders)', () => {
  it('runs on a version 2 database and adds the empty table of rejected orders', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    db.exec(`INSERT INTO audit_log (at, kind, detail) VALUES (1, 'kept', '{}')`);

    migrate(db, MIGRATIONS.slice(0, 3));

    expect(schemaVersion(db)).toBe(3);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('rejected_orders')).toEqual([
      'order_id',
      'first_rejected_at',
      'attempts',
      'last_problem',
    ]);
    expect(db.prepare('SELECT count(*) FROM rejected_orders').pluck().get()).toBe(0);
    expect(db.prepare('SELECT kind FROM audit_log').pluck().all()).toEqual(['kept']);
  });

  it('counts no failed fetch for a newly rejected order', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare('INSERT INTO rejected_orders (order_id, first_rejected_at, last_problem) VALUES (?, ?, ?)').run('CS-1', 5, 'x');
    expect(db.prepare('SELECT attempts FROM rejected_orders').pluck().get()).toBe(0);
  });
});

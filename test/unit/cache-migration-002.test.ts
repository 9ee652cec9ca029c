import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../main/cache/migrations';

describe('migration 002 (deferred index build)', () => {
  it('runs on a version 1 database and adds the empty table of put-off index builds', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    db.exec(`INSERT INTO audit_log (at, kind, detail) VALUES (1, 'kept', '{}')`);

    migrate(db, MIGRATIONS.slice(0, 2));

    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('deferred_index_build')).toEqual(['name', 'sql']);
    expect(db.prepare('SELECT count(*) FROM deferred_index_build').pluck().get()).toBe(0);
    expect(db.prepare('SELECT kind FROM audit_log').pluck().all()).toEqual(['kept']);
  });
});

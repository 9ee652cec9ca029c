import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, schemaVersion } from '../../main/cache/migrations';

describe('migration 005 (sync accounting)', () => {
  it('runs on a version 4 database, keeps the cursor, and starts with nothing unaccounted for', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 4));
    db.exec(`UPDATE sync_state SET cursor = 'c-42', generation = 3, last_error = 'earlier' WHERE id = 1`);

    migrate(db, MIGRATIONS.slice(0, 5));

    expect(schemaVersion(db)).toBe(5);
    expect(db.prepare('SELECT * FROM sync_state').get()).toMatchObject({
      cursor: 'c-42',
      generation: 3,
      last_error: 'earlier',
      full_sync_expected: null,
      full_sync_received: 0,
      unreadable_records: 0,
      shortfall: 0,
    });
  });

  it('refuses a count that is not an integer (the table is STRICT)', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 5));
    expect(() => db.exec(`UPDATE sync_state SET shortfall = 'many' WHERE id = 1`)).toThrow(/cannot store TEXT value in INTEGER column/);
  });
});

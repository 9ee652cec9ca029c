import type { Database } from 'better-sqlite3';

/**
 * Fills an empty cache without maintaining its indexes row by row. Inserting 100k orders into six
 * B-tree indexes at random positions, page after page, costs several times more than the rows
 * themselves; building each index once at the end is a sort. So the first full sync into an empty
 * cache drops every index of `orders`, order_id's unique one included, and its last page builds
 * them again. While it runs, queries are correct but scan the table, and rows are only appended
 * (SyncPageWriter replaces an order that comes again by row id). Should an order still be there
 * twice when the unique index is built, its later row is kept rather than the build failing, which
 * would fail every sync after it.
 *
 * The definitions are read back from the schema, so the migrations stay their one source.
 */
export class BulkLoad {
  private readonly sql;

  constructor(private readonly db: Database) {
    this.sql = {
      // The unique index first: the duplicates it finds are dropped before any other index holds them.
      pending: db.prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM deferred_index_build ORDER BY sql NOT LIKE 'CREATE UNIQUE INDEX%', name`,
      ),
      anyPending: db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM deferred_index_build)').pluck(),
      defer: db.prepare<[string, string]>('INSERT INTO deferred_index_build (name, sql) VALUES (?, ?)'),
      clear: db.prepare('DELETE FROM deferred_index_build'),
      indexes: db.prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL`,
      ),
      // Rows are only appended during a load, so the highest rowid is an order's last version.
      keepLatest: db.prepare('DELETE FROM orders WHERE rowid NOT IN (SELECT max(rowid) FROM orders GROUP BY order_id)'),
    };
  }

  get active(): boolean {
    return this.sql.anyPending.get() === 1;
  }

  /** Call inside the transaction that writes the first page. */
  begin(): void {
    for (const index of this.sql.indexes.all()) {
      this.sql.defer.run(index.name, index.sql);
      this.db.exec(`DROP INDEX "${index.name.replaceAll('"', '""')}"`);
    }
  }

  /** Builds what was put off; inside the last page's transaction, or at open after a crash. */
  finish(): void {
    for (const step of this.sql.pending.all()) {
      try {
        this.db.exec(step.sql);
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
        this.sql.keepLatest.run();
        this.db.exec(step.sql);
      }
    }
    this.sql.clear.run();
  }
}

import type { Database } from 'better-sqlite3';

/**
 * Fills an empty cache without maintaining its indexes row by row. Inserting 100k orders into five
 * B-tree indexes at random positions, page after page, costs several times more than the rows
 * themselves; building each index once at the end is a sort. So the first full sync into an empty
 * cache drops the secondary indexes, and its last page builds them again. While it runs, queries
 * are correct but scan the table.
 *
 * The definitions are read back from the schema, so the migrations stay their one source.
 */
export class BulkLoad {
  private readonly sql;

  constructor(private readonly db: Database) {
    this.sql = {
      pending: db.prepare<[], { name: string; sql: string }>('SELECT name, sql FROM deferred_index_build ORDER BY name'),
      anyPending: db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM deferred_index_build)').pluck(),
      defer: db.prepare<[string, string]>('INSERT INTO deferred_index_build (name, sql) VALUES (?, ?)'),
      clear: db.prepare('DELETE FROM deferred_index_build'),
      // sql IS NULL for the primary key's own index, which the upsert needs and which stays.
      indexes: db.prepare<[], { name: string; sql: string }>(
        `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL`,
      ),
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
    for (const step of this.sql.pending.all()) this.db.exec(step.sql);
    this.sql.clear.run();
  }
}

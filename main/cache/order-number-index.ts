import type { Database } from 'better-sqlite3';

/**
 * Every cached order number, lower-cased, in memory: a substring search tests 100k of them in a
 * few milliseconds, where SQLite's LIKE over an index takes 15 to 30. It is loaded (about 50 ms
 * for 100k) on the first search after the set of cached orders changed, as the cache's one writer
 * counts it (SyncPageWriter.orderIdsVersion), so it never answers from a state the cache has left,
 * and costs nothing while the clerk isn't searching.
 */
export class OrderNumberIndex {
  private readonly sql;
  private loaded: { readonly version: number; readonly numbers: string[]; readonly rowids: number[] } | null = null;
  /** The last answer: a search change asks for the page and then for the facet counts. */
  private last: { readonly loaded: object; readonly needle: string; readonly found: number[] } | null = null;

  constructor(
    db: Database,
    private readonly orderIdsVersion: () => number,
  ) {
    this.sql = {
      // One scan of the narrowest index, in two JSON arrays: far cheaper than 100k result rows.
      // lower() folds ASCII letters only, as LIKE does, so both ways of searching agree.
      all: db.prepare<[], { rowids: string; numbers: string }>(
        'SELECT json_group_array(rowid) AS rowids, json_group_array(lower(order_id)) AS numbers FROM orders',
      ),
    };
  }

  /** Row ids of the orders whose number contains `text`, ignoring ASCII case, in no particular order. */
  matching(text: string): number[] {
    const loaded = this.current();
    const needle = text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
    if (this.last?.loaded === loaded && this.last.needle === needle) return this.last.found;
    const { numbers, rowids } = loaded;
    const found: number[] = [];
    for (let i = 0; i < numbers.length; i++) if (numbers[i]!.includes(needle)) found.push(rowids[i]!);
    this.last = { loaded, needle, found };
    return found;
  }

  /** Loads the order numbers now if they changed, so that the next search needn't. */
  current(): { numbers: string[]; rowids: number[] } {
    const version = this.orderIdsVersion();
    if (this.loaded?.version !== version) {
      const all = this.sql.all.get()!;
      this.loaded = { version, numbers: JSON.parse(all.numbers) as string[], rowids: JSON.parse(all.rowids) as number[] };
    }
    return this.loaded;
  }
}

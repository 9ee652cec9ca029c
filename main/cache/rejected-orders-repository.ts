import type { Database } from 'better-sqlite3';

/** An order whose record was rejected as malformed, remembered until it arrives valid. */
export interface RejectedOrder {
  readonly orderId: string;
  readonly firstRejectedAt: number;
  /** Fetches of the order on its own that failed. */
  readonly attempts: number;
  readonly lastProblem: string;
}

/** What the sync saw wrong with an order's record. */
export interface RejectedRecordNote {
  readonly orderId: string;
  readonly problem: string;
  /** Epoch ms. */
  readonly at: number;
}

/** The orders to fetch again on their own; the sync page writer adds and clears them. */
export class RejectedOrdersRepository {
  private readonly sql;

  constructor(db: Database) {
    this.sql = {
      remember: db.prepare<[string, number, string]>(
        `INSERT INTO rejected_orders (order_id, first_rejected_at, last_problem) VALUES (?, ?, ?)
         ON CONFLICT (order_id) DO UPDATE SET last_problem = excluded.last_problem`,
      ),
      forget: db.prepare<[string]>('DELETE FROM rejected_orders WHERE order_id IN (SELECT value FROM json_each(?))'),
      any: db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM rejected_orders)').pluck(),
      count: db.prepare<[], number>('SELECT count(*) FROM rejected_orders').pluck(),
      due: db.prepare<[number], string>('SELECT order_id FROM rejected_orders WHERE attempts < ? ORDER BY first_rejected_at, order_id').pluck(),
      failed: db
        .prepare<[string, string], number>('UPDATE rejected_orders SET attempts = attempts + 1, last_problem = ? WHERE order_id = ? RETURNING attempts')
        .pluck(),
      all: db.prepare<[], RejectedOrder>(
        `SELECT order_id AS orderId, first_rejected_at AS firstRejectedAt, attempts, last_problem AS lastProblem
         FROM rejected_orders ORDER BY first_rejected_at, order_id`,
      ),
    };
  }

  /** Inside the page's transaction, so the note lands with the cursor that moved past the record. */
  remember(note: RejectedRecordNote): void {
    this.sql.remember.run(note.orderId, note.at, note.problem);
  }

  /** Orders that arrived valid, or gone: nothing is left to fetch for them. */
  forget(orderIds: readonly string[]): void {
    // There are almost never any to forget: looking up a page's 500 ids took about 1 ms a page.
    if (orderIds.length > 0 && this.sql.any.get() === 1) this.sql.forget.run(JSON.stringify(orderIds));
  }

  /** Those with fewer than `maxAttempts` failed fetches, oldest first. */
  due(maxAttempts: number): string[] {
    return this.sql.due.all(maxAttempts);
  }

  /** Returns the failed fetches so far. */
  recordFailedFetch(orderId: string, problem: string): number {
    return this.sql.failed.get(problem, orderId) ?? 0;
  }

  /** Every remembered order, those given up on included: each is missing or stale in the cache. */
  count(): number {
    return this.sql.count.get() ?? 0;
  }

  all(): RejectedOrder[] {
    return this.sql.all.all();
  }
}

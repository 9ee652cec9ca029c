/**
 * The sandbox's state in its own SQLite database. Each order is stored as the JSON the API sends, next
 * to the columns that queries need (seq, status, deadline), so serving a page is an index range scan
 * and a string join, with no per-record JSON round trip.
 */
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { UNPAID_STATUSES, type OrderStatusCode } from '../shared/domain/orders';
import { isoUtc } from './clock';
import { PaymentsStore } from './payments-store';
import { SAVINGS_TABLES_SQL, SavingsStore } from './savings-store';
import { StripeStore } from './stripe/store';
import type { SeededCoupons } from './savings-seed';
import type { SeedCounts, SeededOrder } from './seed';

/** Bumped when the table layout changes; a database with another version is wiped and reseeded. */
const SCHEMA_VERSION = 2;
const UNPAID_SQL = `(${UNPAID_STATUSES.join(',')})`;

export interface SeedInfo extends SeedCounts {
  readonly epoch: string;
  readonly seed: number;
}

export interface OrderRow {
  readonly customerId: string;
  readonly status: OrderStatusCode;
  /** The order as JSON, exactly as the API sends it. */
  readonly json: string;
}

export interface OrdersPageRows {
  readonly records: string[];
  readonly lastSeq: number | undefined;
  readonly hasMore: boolean;
  readonly maxSeq: number;
}

export interface StoredNotification {
  order_id: string;
  customer_id: string;
  to_mobile: string;
  to_email: string;
  message: string;
  at: string;
}

interface RawOrderRow {
  customer_id: string;
  seq: number;
  status: OrderStatusCode;
  body: string;
}

function migrate(db: Database.Database): void {
  if (db.pragma('user_version', { simple: true }) !== SCHEMA_VERSION) {
    // Every table goes, whichever store made it: one left behind keeps its old layout (CREATE TABLE IF
    // NOT EXISTS leaves it so), and the store's statements fail on it. The names are the sandbox's own.
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all();
    for (const table of tables) db.exec(`DROP TABLE "${table}"`);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    -- seq is the rowid: pages are read in seq order, and every change moves the row to the end.
    CREATE TABLE IF NOT EXISTS orders (
      seq INTEGER PRIMARY KEY,
      order_id TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL,
      status INTEGER NOT NULL,
      expire_ms INTEGER NOT NULL,
      body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS orders_by_account_seq ON orders (customer_id, seq);
    CREATE INDEX IF NOT EXISTS unpaid_orders_by_expiry ON orders (expire_ms) WHERE status IN ${UNPAID_SQL};
    CREATE TABLE IF NOT EXISTS notifications (
      id INTEGER PRIMARY KEY,
      order_id TEXT NOT NULL,
      customer_id TEXT NOT NULL,
      to_mobile TEXT NOT NULL,
      to_email TEXT NOT NULL,
      message TEXT NOT NULL,
      at TEXT NOT NULL
    );
  `);
  db.exec(SAVINGS_TABLES_SQL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}

function prepareStatements(db: Database.Database) {
  return {
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    maxSeq: db.prepare<[], { max_seq: number | null }>('SELECT MAX(seq) AS max_seq FROM orders'),
    insertOrder: db.prepare<[number, string, string, number, number, string]>(
      'INSERT INTO orders (seq, order_id, customer_id, status, expire_ms, body) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    page: db.prepare<[string, number, number, number], RawOrderRow>(
      `SELECT customer_id, seq, status, body FROM orders
       WHERE customer_id = ? AND seq > ? AND (status IN ${UNPAID_SQL} OR seq > ?)
       ORDER BY seq LIMIT ?`,
    ),
    unpaidCount: db.prepare<[string], number>(`SELECT count(*) FROM orders WHERE customer_id = ? AND status IN ${UNPAID_SQL}`).pluck(),
    byId: db.prepare<[string], RawOrderRow>('SELECT customer_id, seq, status, body FROM orders WHERE order_id = ?'),
    setStatus: db.prepare<[number, number, string, string]>(
      `UPDATE orders SET status = ?, body = json_set(body, '$.status', ?, '$.update_time', ?), seq = (SELECT MAX(seq) + 1 FROM orders)
       WHERE order_id = ?`,
    ),
    expired: db.prepare<[number], { order_id: string }>(
      `SELECT order_id FROM orders WHERE status IN ${UNPAID_SQL} AND expire_ms <= ? ORDER BY expire_ms, order_id`,
    ),
    orderCounts: db.prepare<[], { customer_id: string; n: number }>('SELECT customer_id, COUNT(*) AS n FROM orders GROUP BY customer_id'),
    insertNotification: db.prepare<[string, string, string, string, string, string]>(
      'INSERT INTO notifications (order_id, customer_id, to_mobile, to_email, message, at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    notifications: db.prepare<[], StoredNotification>('SELECT order_id, customer_id, to_mobile, to_email, message, at FROM notifications ORDER BY id'),
  };
}

export class SandboxStore {
  private readonly db: Database.Database;
  private readonly statements: ReturnType<typeof prepareStatements>;
  /** Discounts and coupons (sandbox/savings-store.ts). */
  readonly savings: SavingsStore;
  /** Payments, charges, idempotency keys, account settings (sandbox/payments-store.ts). */
  readonly payments: PaymentsStore;
  /** The Stripe emulation's payment methods, intents, charges and idempotency keys (sandbox/stripe/store.ts). */
  readonly stripe: StripeStore;

  constructor(dbPath: string) {
    this.db = new Database(dbPath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    migrate(this.db);
    this.statements = prepareStatements(this.db);
    this.savings = new SavingsStore(this.db);
    this.payments = new PaymentsStore(this.db);
    this.stripe = new StripeStore(this.db);
  }

  seedInfo(): SeedInfo | undefined {
    const epoch = this.meta('epoch');
    if (epoch === undefined) return undefined;
    return {
      epoch,
      seed: Number(this.meta('seed')),
      ordersPerAccount: Number(this.meta('orders_per_account')),
      largeAccountOrders: Number(this.meta('large_account_orders')),
    };
  }

  clockOffsetMs(): number {
    return Number(this.meta('clock_offset_ms') ?? 0);
  }

  saveClockOffset(offsetMs: number): void {
    this.statements.setMeta.run('clock_offset_ms', String(offsetMs));
  }

  /**
   * Wipes everything and stores a new data set under a new epoch, in one transaction. `coupons` is
   * read once the orders are all stored (the seed produces an account's coupons after its orders).
   */
  replaceAll(seed: number, counts: SeedCounts, orders: Iterable<SeededOrder>, coupons: Iterable<SeededCoupons> = []): SeedInfo {
    const epoch = randomBytes(8).toString('hex');
    const { insertOrder, setMeta } = this.statements;
    this.db.transaction(() => {
      this.db.exec('DELETE FROM orders; DELETE FROM notifications; DELETE FROM meta;');
      this.savings.clear();
      this.payments.clear();
      this.stripe.clear();
      let seq = 0;
      for (const { customer_id, order, discounts } of orders) {
        insertOrder.run(++seq, order.order_id, customer_id, order.status, Date.parse(order.expire_time), JSON.stringify(order));
        if (discounts.length > 0) this.savings.insertDiscounts(customer_id, order.order_id, discounts);
      }
      for (const account of coupons) this.savings.insertCoupons(account.customer_id, account.coupons);
      setMeta.run('epoch', epoch);
      setMeta.run('seed', String(seed));
      setMeta.run('orders_per_account', String(counts.ordersPerAccount));
      setMeta.run('large_account_orders', String(counts.largeAccountOrders));
      setMeta.run('clock_offset_ms', '0');
    })();
    return { epoch, seed, ...counts };
  }

  maxSeq(): number {
    return this.statements.maxSeq.get()?.max_seq ?? 0;
  }

  /** Orders of one account after `after`: the unpaid ones, plus any changed after `snapshot`. */
  ordersPage(customerId: string, after: number, snapshot: number, limit: number): OrdersPageRows {
    const rows = this.statements.page.all(customerId, after, snapshot, limit + 1);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    return { records: page.map((row) => row.body), lastSeq: page.at(-1)?.seq, hasMore, maxSeq: this.maxSeq() };
  }

  /** The orders (JSON) of the account's combined purchases with these ids, whatever their status. */
  combinedPurchaseMembers(customerId: string, combinedOrderIds: readonly string[]): string[] {
    if (combinedOrderIds.length === 0) return [];
    return this.db
      .prepare<string[], string>(`SELECT body FROM orders WHERE customer_id = ? AND json_extract(body, '$.combined_order_id') IN (${combinedOrderIds.map(() => '?').join(',')}) ORDER BY order_id`)
      .pluck()
      .all(customerId, ...combinedOrderIds);
  }

  unpaidCount(customerId: string): number {
    return this.statements.unpaidCount.get(customerId) ?? 0;
  }

  order(orderId: string): OrderRow | undefined {
    const row = this.statements.byId.get(orderId);
    return row && { customerId: row.customer_id, status: row.status, json: row.body };
  }

  /** A change as the billing service would record it: new status, new update time, new seq. */
  setStatus(orderId: string, status: OrderStatusCode, nowMs: number): OrderRow | undefined {
    const changed = this.statements.setStatus.run(status, status, isoUtc(nowMs), orderId).changes > 0;
    return changed ? this.order(orderId) : undefined;
  }

  /** Moves every unpaid order whose deadline is at or before `deadlineMs` to `status`. */
  settleExpired(deadlineMs: number, status: OrderStatusCode, nowMs: number): number {
    return this.db.transaction(() => {
      const expired = this.statements.expired.all(deadlineMs);
      for (const { order_id } of expired) this.setStatus(order_id, status, nowMs);
      return expired.length;
    })();
  }

  orderCounts(): Map<string, number> {
    return new Map(this.statements.orderCounts.all().map((r) => [r.customer_id, r.n]));
  }

  recordNotification(n: StoredNotification): void {
    this.statements.insertNotification.run(n.order_id, n.customer_id, n.to_mobile, n.to_email, n.message, n.at);
  }

  notifications(): StoredNotification[] {
    return this.statements.notifications.all();
  }

  close(): void {
    this.db.close();
  }

  private meta(key: string): string | undefined {
    return this.statements.getMeta.get(key)?.value;
  }
}

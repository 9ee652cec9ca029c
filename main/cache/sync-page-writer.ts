import type { Database } from 'better-sqlite3';
import { OrderStatus, isUnpaidStatus } from '../../shared/domain/orders';
import type { BulkLoad } from './bulk-load';
import { BulkLoadedOrders } from './bulk-loaded-orders';
import { ORDER_COLUMNS, orderParams, type CachedOrder } from './order-records';
import type { RejectedOrdersRepository, RejectedRecordNote } from './rejected-orders-repository';
import type { SyncStateRepository } from './sync-state-repository';

interface OrderChanges {
  /** Orders as the service sent them: the unpaid ones are cached, the others dropped. */
  readonly orders: readonly CachedOrder[];
  /** Stamped on the cached orders; see `SyncStateRepository.beginFullSync`. */
  readonly generation: number;
}

export interface SyncPage extends OrderChanges {
  /** Records rejected as malformed that carry an order id: to fetch again on their own. */
  readonly rejected?: readonly RejectedRecordNote[];
  readonly nextCursor: string;
  /** Epoch ms. */
  readonly serverTime: number;
  readonly completesFullSync: boolean;
  /** On a full sync's first page, when the service tells: the unpaid orders the sync is to deliver. */
  readonly expectedTotal?: number;
}

/** Rejected orders fetched again on their own, which leaves the cursor where it is. */
export interface FetchedOrders extends OrderChanges {
  /** Orders the service answered it doesn't have. */
  readonly missingIds: readonly string[];
}

export interface SyncPageResult {
  readonly upserted: number;
  readonly removed: number;
  /** Orders cached as pending approval (1) that arrived as pending payment (6). */
  readonly approvedOrderIds: string[];
}

const UPSERT = `
  INSERT INTO orders (${ORDER_COLUMNS.join(', ')})
  VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (order_id) DO UPDATE SET
  ${ORDER_COLUMNS.filter((c) => c !== 'order_id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`;

/** The columns some index holds: an order whose indexed values are unchanged needn't touch an index. */
const INDEXED = ['status', 'order_type', 'service_type_code', 'amount_after_discount', 'create_time', 'expire_time'] as const;
const UNINDEXED = ORDER_COLUMNS.filter((c) => c !== 'order_id' && c !== 'combined_order_id' && !(INDEXED as readonly string[]).includes(c));

/**
 * Rewrites only the unindexed columns of a known order whose indexed columns are as cached. SQLite
 * updates an index only when its columns are assigned, so a resync of unchanged orders costs
 * one row write each instead of a delete and insert in every index.
 */
const REFRESH = `
  UPDATE orders SET ${UNINDEXED.map((c) => `${c} = ?`).join(', ')}
  WHERE order_id = ? AND combined_order_id IS ? AND ${INDEXED.map((c) => `${c} = ?`).join(' AND ')}`;

function refreshParams(row: unknown[]): unknown[] {
  const value = (column: string) => row[ORDER_COLUMNS.indexOf(column as (typeof ORDER_COLUMNS)[number])];
  return [...UNINDEXED.map(value), value('order_id'), value('combined_order_id'), ...INDEXED.map(value)];
}

/** Writes sync pages and refetched orders: the only writer of `orders`, through the cache's single connection. */
export class SyncPageWriter {
  private readonly sql;
  private readonly loaded = new BulkLoadedOrders();
  private idsVersion = 0;
  readonly apply: (page: SyncPage) => SyncPageResult;
  readonly applyFetched: (fetched: FetchedOrders) => SyncPageResult;
  readonly setAside: (notes: readonly RejectedRecordNote[]) => void;

  constructor(
    db: Database,
    syncState: SyncStateRepository,
    private readonly bulkLoad: BulkLoad,
    private readonly rejected: RejectedOrdersRepository,
  ) {
    this.sql = {
      upsert: db.prepare(UPSERT),
      // While a bulk load has dropped order_id's unique index, an upsert has no conflict target.
      append: db.prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})`),
      refresh: db.prepare(REFRESH),
      remove: db.prepare<[string]>('DELETE FROM orders WHERE order_id = ?'),
      removeRow: db.prepare<[number]>('DELETE FROM orders WHERE rowid = ?'),
      pendingApprovalAmong: db
        .prepare<[string], string>(
          `SELECT order_id FROM orders WHERE status = ${OrderStatus.PendingApproval}
             AND order_id IN (SELECT value FROM json_each(?))`,
        )
        .pluck(),
      isEmpty: db.prepare<[], number>('SELECT NOT EXISTS (SELECT 1 FROM orders)').pluck(),
      sweep: db.prepare<[number]>('DELETE FROM orders WHERE generation < ?'),
    };
    const applyPage = db.transaction((page: SyncPage): SyncPageResult => {
      if (!bulkLoad.active && syncState.get().fullSyncInProgress && this.sql.isEmpty.get() === 1) {
        bulkLoad.begin();
        this.loaded.clear();
      }
      const written = this.write(page.orders, [], page.generation);
      // After write() has forgotten the orders that arrived valid: one both valid and rejected in
      // a page is then fetched again, which costs a request, rather than trusted, which could lose it.
      for (const note of page.rejected ?? []) rejected.remember(note);
      let removed = written.removed;
      if (page.completesFullSync) {
        removed += this.sql.sweep.run(page.generation).changes;
        this.idsVersion += 1;
        if (bulkLoad.active) bulkLoad.finish();
      }
      // Every record of the page counts as received, the rejected ones too: they are remembered
      // and fetched on their own. A page with records that name no order is never applied.
      const received = page.orders.length + (page.rejected?.length ?? 0);
      syncState.recordPageApplied({ ...page, cursor: page.nextCursor, received });
      return { ...written, removed };
    });
    const applyFetched = db.transaction((fetched: FetchedOrders) => this.write(fetched.orders, fetched.missingIds, fetched.generation));
    // A cached order that can't be read goes the way of a rejected record: out of the cache, and
    // remembered, so the sync fetches it again by id.
    const setAside = db.transaction((notes: readonly RejectedRecordNote[]) => {
      for (const note of notes) {
        this.sql.remove.run(note.orderId);
        this.loaded.delete(note.orderId);
        rejected.remember(note);
      }
      this.idsVersion += 1;
    });
    this.setAside = (notes) => this.loaded.atomically(() => setAside(notes));
    this.apply = (page) => this.loaded.atomically(() => applyPage(page));
    this.applyFetched = (fetched) => this.loaded.atomically(() => applyFetched(fetched));
  }

  /**
   * Moves whenever a write may have added or removed an order (a refresh of known orders doesn't),
   * so that what holds the cached orders' row ids knows to read them again.
   */
  get orderIdsVersion(): number {
    return this.idsVersion;
  }

  /** Upserts the unpaid orders, deletes the others and the missing ones, and forgets them all as rejected. */
  private write(orders: readonly CachedOrder[], missingIds: readonly string[], generation: number): SyncPageResult {
    const { unpaid, gone } = latestStateOf(orders);
    gone.push(...missingIds);
    const written = this.bulkLoad.active ? this.append(unpaid, gone, generation) : this.upsert(unpaid, gone, generation);
    if (written.removed > 0 || written.inserted) this.idsVersion += 1;
    this.rejected.forget([...unpaid.map((o) => o.orderId), ...gone]);
    return { upserted: unpaid.length, removed: written.removed, approvedOrderIds: written.approvedOrderIds };
  }

  private upsert(unpaid: readonly CachedOrder[], gone: readonly string[], generation: number) {
    const pendingApproval = new Set(this.pendingApprovalAmong(unpaid));
    let removed = 0;
    for (const orderId of gone) removed += this.sql.remove.run(orderId).changes;
    let inserted = false;
    for (const order of unpaid) {
      const row = orderParams(order, generation);
      if (this.sql.refresh.run(refreshParams(row)).changes > 0) continue;
      this.sql.upsert.run(row);
      inserted = true;
    }
    const approvedOrderIds = unpaid.filter((o) => o.status === OrderStatus.PendingPayment && pendingApproval.has(o.orderId)).map((o) => o.orderId);
    return { removed, inserted, approvedOrderIds };
  }

  /**
   * In a bulk load, rows are only appended, and an order that comes again replaces its earlier
   * row, found by row id: a reader never sees an order twice, even while the load runs.
   */
  private append(unpaid: readonly CachedOrder[], gone: readonly string[], generation: number) {
    const dropEarlier = (orderId: string) => {
      const earlier = this.loaded.get(orderId);
      if (earlier) {
        this.sql.removeRow.run(earlier.rowid);
        this.loaded.delete(orderId);
      }
      return earlier;
    };
    let removed = 0;
    for (const orderId of gone) if (dropEarlier(orderId)) removed += 1;
    const approvedOrderIds: string[] = [];
    for (const order of unpaid) {
      const earlier = dropEarlier(order.orderId);
      if (earlier?.status === OrderStatus.PendingApproval && order.status === OrderStatus.PendingPayment) approvedOrderIds.push(order.orderId);
      const rowid = Number(this.sql.append.run(orderParams(order, generation)).lastInsertRowid);
      this.loaded.set(order.orderId, { rowid, status: order.status });
    }
    return { removed, inserted: unpaid.length > 0, approvedOrderIds };
  }

  private pendingApprovalAmong(orders: readonly CachedOrder[]): string[] {
    const ids = orders.filter((o) => o.status === OrderStatus.PendingPayment).map((o) => o.orderId);
    return ids.length === 0 ? [] : this.sql.pendingApprovalAmong.all(JSON.stringify(ids));
  }
}

/** Only an order's last appearance in a page counts: it is the order's state when the page was served. */
function latestStateOf(orders: readonly CachedOrder[]): { unpaid: CachedOrder[]; gone: string[] } {
  const latest = new Map<string, CachedOrder>();
  for (const order of orders) latest.set(order.orderId, order);
  const unpaid: CachedOrder[] = [];
  const gone: string[] = [];
  for (const order of latest.values()) {
    if (isUnpaidStatus(order.status)) unpaid.push(order);
    else gone.push(order.orderId);
  }
  return { unpaid, gone };
}

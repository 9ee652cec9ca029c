import type { Database } from 'better-sqlite3';
import type { Order } from '../../shared/billing-api/schemas';
import { OrderStatus, isUnpaidStatus } from '../../shared/domain/orders';
import { ORDER_COLUMNS, orderParams } from './order-records';
import type { SyncStateRepository } from './sync-state-repository';

export interface SyncPage {
  readonly orders: readonly Order[];
  readonly nextCursor: string;
  /** Epoch ms. */
  readonly serverTime: number;
  readonly generation: number;
  readonly completesFullSync: boolean;
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

/** Writes sync pages: the only writer of `orders`, through the cache's single connection. */
export class SyncPageWriter {
  private readonly sql;
  readonly apply: (page: SyncPage) => SyncPageResult;

  constructor(db: Database, syncState: SyncStateRepository) {
    this.sql = {
      upsert: db.prepare(UPSERT),
      remove: db.prepare<[string]>('DELETE FROM orders WHERE order_id = ?'),
      pendingApprovalAmong: db
        .prepare<[string], string>(
          `SELECT order_id FROM orders WHERE status = ${OrderStatus.PendingApproval}
             AND order_id IN (SELECT value FROM json_each(?))`,
        )
        .pluck(),
      lastRowid: db.prepare<[], number>('SELECT coalesce(max(rowid), 0) FROM orders').pluck(),
      // Orders inserted since `lastRowid` are exactly the new rows: without AUTOINCREMENT, SQLite
      // gives a new row the largest rowid plus one, and an upsert's update keeps the rowid.
      indexNewOrders: db.prepare<[number]>('INSERT INTO orders_search (rowid, order_id) SELECT rowid, order_id FROM orders WHERE rowid > ?'),
      sweep: db.prepare<[number]>('DELETE FROM orders WHERE generation < ?'),
    };
    this.apply = db.transaction((page: SyncPage): SyncPageResult => {
      const { unpaid, gone } = latestStateOf(page.orders);
      const pendingApproval = new Set(this.pendingApprovalAmong(unpaid));
      let removed = 0;
      for (const orderId of gone) removed += this.sql.remove.run(orderId).changes;
      // After the deletes: a deleted last row frees its rowid for the next insert.
      const lastRowidBefore = this.sql.lastRowid.get() ?? 0;
      for (const order of unpaid) this.sql.upsert.run(orderParams(order, page.generation));
      this.sql.indexNewOrders.run(lastRowidBefore);
      if (page.completesFullSync) removed += this.sql.sweep.run(page.generation).changes;
      syncState.recordPageApplied(page.nextCursor, page.serverTime, page.completesFullSync);
      const approvedOrderIds = unpaid
        .filter((o) => o.status === OrderStatus.PendingPayment && pendingApproval.has(o.order_id))
        .map((o) => o.order_id);
      return { upserted: unpaid.length, removed, approvedOrderIds };
    });
  }

  private pendingApprovalAmong(orders: readonly Order[]): string[] {
    const ids = orders.filter((o) => o.status === OrderStatus.PendingPayment).map((o) => o.order_id);
    return ids.length === 0 ? [] : this.sql.pendingApprovalAmong.all(JSON.stringify(ids));
  }
}

/**
 * Only an order's last appearance in a page counts, so each order is written once: an order
 * inserted and deleted within one page would otherwise be deleted from the search index before
 * it was ever added to it.
 */
function latestStateOf(orders: readonly Order[]): { unpaid: Order[]; gone: string[] } {
  const latest = new Map<string, Order>();
  for (const order of orders) latest.set(order.order_id, order);
  const unpaid: Order[] = [];
  const gone: string[] = [];
  for (const order of latest.values()) {
    if (isUnpaidStatus(order.status)) unpaid.push(order);
    else gone.push(order.order_id);
  }
  return { unpaid, gone };
}

import type { OrderStatusCode } from '../../shared/domain/orders';

interface LoadedOrder {
  readonly rowid: number;
  readonly status: OrderStatusCode;
}

/**
 * Where each order of a running bulk load is, for when it comes again in the load (it changed
 * while the sync ran): the table has no index on order_id then to find it by. What a transaction
 * changes counts only once it commits, so a page that fails leaves the map as the table is.
 */
export class BulkLoadedOrders {
  private readonly committed = new Map<string, LoadedOrder>();
  /** Changes of the running transaction; null for an order it removed. */
  private readonly staged = new Map<string, LoadedOrder | null>();

  get(orderId: string): LoadedOrder | undefined {
    const staged = this.staged.get(orderId);
    return staged === undefined ? this.committed.get(orderId) : (staged ?? undefined);
  }

  set(orderId: string, order: LoadedOrder): void {
    this.staged.set(orderId, order);
  }

  delete(orderId: string): void {
    this.staged.set(orderId, null);
  }

  /** Runs `write`, a transaction, keeping its changes only if it commits. */
  atomically<T>(write: () => T): T {
    try {
      const result = write();
      for (const [orderId, order] of this.staged) {
        if (order) this.committed.set(orderId, order);
        else this.committed.delete(orderId);
      }
      return result;
    } finally {
      this.staged.clear();
    }
  }

  clear(): void {
    this.committed.clear();
    this.staged.clear();
  }
}

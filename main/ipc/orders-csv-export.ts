import { setImmediate as nextTurn } from 'node:timers/promises';
import { ORDERS_CSV_HEAD, ordersCsv, ordersCsvLines } from '../../shared/export/orders-csv';
import type { ChannelParsedInput, OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import { UnreadableOrdersError, type Cache } from '../cache/cache';
import type { SyncEngine } from '../sync/sync-engine';
import { IpcRefusal } from './ipc-refusal';

/**
 * Orders read and turned into CSV between two turns of the event loop: about 7 ms of work on the
 * 2-core VM (500 took 12–20 ms), so that a call made during an export of 100,000 orders waits well
 * under 50 ms even when the machine is busy; the export takes about 6 % longer than with 500.
 */
export const ROWS_PER_CHUNK = 250;

type ExportInput = ChannelParsedInput<'exportOrdersCsv'>;

/**
 * An export's CSV, produced a chunk at a time with the event loop free in between, for a face to
 * write wherever it writes (a file, an HTTP answer) as fast as that takes it.
 *
 * The orders are read a page at a time, not through one open `iterate`: an iterator left open
 * across turns of the event loop keeps the cache's one connection busy, and a sync page written
 * meanwhile would fail. Pages read apart are one consistent file only if nothing wrote between
 * them, so the export waits out a sync under way, and fails saying why if a sync started during
 * it or an order could not be read (it is set aside, and would be missing from the file).
 */
export class OrdersCsvExport {
  #rows = 0;

  constructor(
    private readonly cache: Pick<Cache, 'orders' | 'onUnreadableOrders'>,
    private readonly sync: Pick<SyncEngine, 'state' | 'syncNow'>,
    private readonly input: ExportInput,
    /** Leaves out the orders past their deadline at this time (the service's clock), as the page does. */
    private readonly hideExpiredAt?: number,
  ) {}

  /** Orders written so far: the export's count once `chunks` has ended. */
  get rows(): number {
    return this.#rows;
  }

  async *chunks(): AsyncGenerator<string> {
    const { input } = this;
    // A selection is read in one go; only the pages of a filtered export can fall either side of a sync.
    const revision = input.scope === 'filter' ? await this.settledRevision() : null;
    let unreadable = 0;
    const stopCounting = this.cache.onUnreadableOrders((orderIds) => (unreadable += orderIds.length));
    try {
      yield* input.scope === 'selection' ? this.selection(input.orderIds) : this.filtered(input.filter, input.sort);
    } finally {
      stopCounting();
    }
    if (unreadable > 0) throw new IpcRefusal('unavailable', new UnreadableOrdersError(unreadable).message);
    // The revision moves as a sync starts, before it writes anything, and again as it ends.
    if (revision !== null && this.sync.state().revision !== revision) {
      throw new IpcRefusal('unavailable', 'The orders changed during the export: a sync ran. Export again.');
    }
  }

  /** At most 30 orders: one chunk. */
  private *selection(orderIds: readonly string[]): Generator<string> {
    const rows = this.cache.orders.byIds(orderIds);
    this.#rows = rows.length;
    yield ordersCsv(rows);
  }

  private async *filtered(filter: OrdersFilter, sort: OrdersSort): AsyncGenerator<string> {
    yield ORDERS_CSV_HEAD;
    for (let offset = 0; ; offset += ROWS_PER_CHUNK) {
      const { rows } = this.cache.orders.list({ filter, sort, offset, limit: ROWS_PER_CHUNK }, this.hideExpiredAt);
      this.#rows += rows.length;
      if (rows.length > 0) yield ordersCsvLines(rows);
      if (rows.length < ROWS_PER_CHUNK) return;
      await nextTurn();
    }
  }

  /** The sync revision once no sync is under way: one would write its pages between the export's, unseen by the revision until it ends. */
  private async settledRevision(): Promise<number> {
    for (;;) {
      const { phase, revision } = this.sync.state();
      if (phase !== 'syncing') return revision;
      await this.sync.syncNow().catch(() => undefined);
    }
  }
}

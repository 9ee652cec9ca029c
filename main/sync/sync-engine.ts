import type { SyncState } from '../../shared/ipc/types';
import { BillingApiError } from '../billing/billing-api-error';
import type { BillingClient } from '../billing/billing-client';
import type { Cache, SyncPageResult } from '../cache/cache';
import { toCachedOrder, type CachedOrder } from '../cache/order-records';
import type { Logger } from '../logger';
import type { EventHub } from './event-hub';
import type { OrderPageSource } from './order-feed';

/** Thrown between pages once stop() was called: the app is closing, and the sync resumes next time. */
class SyncStopped extends Error {}

export interface SyncEngineOptions {
  /** For the account, the service types and single orders. */
  readonly client: BillingClient;
  /** For the pages of order changes: in the app, an OrderFeed reading them on a worker thread. */
  readonly feed: OrderPageSource;
  readonly cache: Cache;
  readonly events: EventHub;
  readonly log: Logger;
  readonly pageSize?: number;
  /** Between successful syncs. */
  readonly intervalMs?: number;
  /** The first retry after a failed sync; doubles up to intervalMs so an outage is noticed ending soon. */
  readonly offlineRetryMs?: number;
  readonly now?: () => number;
}

export interface SyncOutcome {
  readonly upserted: number;
  readonly removed: number;
  readonly rejected: number;
  /** Orders rejected earlier, now fetched on their own and cached as they stand (or dropped). */
  readonly recovered: number;
  readonly fullSync: boolean;
}

/**
 * Fetches of one rejected order, across syncs, before the sync stops asking for it: an order the
 * service keeps sending malformed would otherwise cost a request every sync forever. It stays
 * remembered, and is cleared when a sync page brings it valid.
 */
export const MAX_FETCH_ATTEMPTS = 20;

/**
 * Pulls unpaid orders into the cache: a full sync first, then incremental by cursor; at start, on a
 * timer and on demand. Each page lands in one transaction, so the cache is never half-written, and a
 * full sync interrupted by a crash resumes where its last page left off.
 */
export class SyncEngine {
  private readonly pageSize: number;
  private readonly intervalMs: number;
  private readonly offlineRetryMs: number;
  private readonly now: () => number;
  private inFlight: Promise<SyncState> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private online = true;
  private consecutiveFailures = 0;
  private stopped = false;
  private revision = 0;

  constructor(private readonly options: SyncEngineOptions) {
    this.pageSize = options.pageSize ?? 500;
    this.intervalMs = options.intervalMs ?? 3 * 60_000;
    this.offlineRetryMs = options.offlineRetryMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  state(): SyncState {
    const stored = this.options.cache.syncState.get();
    return {
      revision: this.revision,
      phase: this.inFlight ? 'syncing' : 'idle',
      online: this.online,
      lastSuccessAt: stored.lastSuccessAt,
      lastAttemptAt: stored.lastAttemptAt,
      lastError: stored.lastError,
      serverClockOffsetMs: stored.serverClockOffsetMs,
      cachedOrderCount: this.options.cache.orders.count(),
    };
  }

  /** Syncs now; a call while a sync runs joins it instead of starting another. */
  syncNow(): Promise<SyncState> {
    if (!this.inFlight) {
      this.inFlight = (async () => {
        try {
          await this.run();
        } finally {
          this.inFlight = null;
          this.scheduleNext();
        }
        this.publishState();
        return this.state();
      })();
      this.publishState();
    }
    return this.inFlight;
  }

  start(): void {
    this.stopped = false;
    void this.syncNow();
  }

  /** Ends the schedule and the sync in progress after the page being written: each page is whole, and the next start resumes from it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight?.catch(() => undefined);
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const delay = this.consecutiveFailures === 0
      ? this.intervalMs
      : Math.min(this.intervalMs, this.offlineRetryMs * 2 ** (this.consecutiveFailures - 1));
    this.timer = setTimeout(() => void this.syncNow(), delay);
    this.timer.unref();
  }

  private publishState(): void {
    this.revision += 1;
    this.options.events.emit({ type: 'sync-state', state: this.state() });
  }

  private async run(): Promise<void> {
    const { cache, log } = this.options;
    cache.syncState.recordAttempt(this.now());
    try {
      const outcome = await this.pullEverything();
      this.online = true;
      this.consecutiveFailures = 0;
      log.info('sync finished', { ...outcome });
    } catch (error) {
      if (error instanceof SyncStopped) {
        log.info('sync stopped between pages: the app is closing');
        return;
      }
      const failure = error instanceof BillingApiError ? error : null;
      this.online = failure ? !failure.unreachable : this.online;
      this.consecutiveFailures += 1;
      const message = error instanceof Error ? error.message : String(error);
      cache.syncState.recordFailure(this.now(), message);
      log.warn('sync failed', { reason: message, kind: failure?.kind ?? 'internal' });
    }
  }

  private async pullEverything(): Promise<SyncOutcome> {
    const { client, cache } = this.options;
    const [account, serviceTypes] = await Promise.all([client.getAccount(), client.getServiceTypes()]);
    cache.syncState.saveAccount(account);
    cache.syncState.saveServiceTypes(serviceTypes);
    try {
      return await this.pullOrders();
    } catch (error) {
      if (!(error instanceof BillingApiError) || error.kind !== 'cursor_expired') throw error;
      // The service's history was reset: our cursor means nothing there. Start over; the full
      // sync's sweep drops what the service no longer has.
      this.options.log.warn('sync cursor expired; starting a full sync');
      cache.syncState.resetCursor();
      return this.pullOrders();
    }
  }

  private async pullOrders(): Promise<SyncOutcome> {
    const { feed, cache, log } = this.options;
    const stored = cache.syncState.get();
    const fullSync = stored.cursor === null || stored.fullSyncInProgress;
    const generation = stored.cursor === null && !stored.fullSyncInProgress ? cache.syncState.beginFullSync() : stored.generation;
    let totals = { upserted: 0, removed: 0, rejected: 0 };
    const add = (applied: SyncPageResult, rejected = 0) => {
      totals = { upserted: totals.upserted + applied.upserted, removed: totals.removed + applied.removed, rejected: totals.rejected + rejected };
      this.announceApprovals(applied);
    };

    for await (const page of feed.pages(stored.cursor, this.pageSize)) {
      if (this.stopped) throw new SyncStopped();
      const receivedAt = this.now();
      for (const record of page.rejected) {
        log.warn('rejected a malformed order record', { orderId: record.orderId, problems: record.problems.slice(0, 5) });
        cache.audit.append('sync.record_rejected', { orderId: record.orderId, problems: record.problems.slice(0, 5) });
      }
      const applied = cache.applySyncPage({
        orders: page.orders,
        // A record without an order id names no order to fetch again: it is only audited.
        rejected: page.rejected.flatMap((r) => (r.orderId === null ? [] : [{ orderId: r.orderId, problem: r.problems.slice(0, 5).join('; '), at: receivedAt }])),
        nextCursor: page.nextCursor,
        serverTime: page.serverTime,
        generation,
        completesFullSync: fullSync && !page.hasMore,
      });
      add(applied, page.rejected.length);
      if (!page.hasMore) cache.syncState.recordSuccess(receivedAt, page.serverTime - receivedAt);
    }
    const recovered = await this.fetchRejected(generation, add);
    if (totals.upserted > 0 || totals.removed > 0) this.options.events.emit({ type: 'orders-changed', upserted: totals.upserted, removed: totals.removed });
    return { ...totals, recovered, fullSync };
  }

  /**
   * Fetches, one by one, the orders whose records were rejected, and writes each as a page would
   * without moving the cursor: the cursor went past them, so they would otherwise stay missing or
   * stale. A failed fetch leaves the order remembered for the next sync; one that fails for a
   * reason other than the order's own record (the service unreachable, say) ends this round.
   * Returns how many were settled.
   */
  private async fetchRejected(generation: number, add: (applied: SyncPageResult) => void): Promise<number> {
    const { client, cache, log } = this.options;
    let settled = 0;
    for (const orderId of cache.rejectedOrders.due(MAX_FETCH_ATTEMPTS)) {
      if (this.stopped) throw new SyncStopped();
      let fetched: { orders: CachedOrder[]; missingIds: string[] };
      try {
        fetched = { orders: [toCachedOrder(await client.getOrder(orderId))], missingIds: [] };
      } catch (error) {
        if (!(error instanceof BillingApiError)) throw error;
        if (error.kind === 'rejected') {
          // 404: the service no longer has the order.
          fetched = { orders: [], missingIds: [orderId] };
        } else {
          const attempts = cache.rejectedOrders.recordFailedFetch(orderId, error.message);
          const giveUp = attempts >= MAX_FETCH_ATTEMPTS;
          log.warn(giveUp ? 'stopped fetching a rejected order; it stays remembered' : 'could not fetch a rejected order; will retry next sync', {
            orderId,
            attempts,
            reason: error.message,
          });
          if (error.kind === 'malformed') continue;
          break;
        }
      }
      add(cache.applyFetchedOrders({ ...fetched, generation }));
      cache.audit.append('sync.rejected_order_recovered', { orderId, found: fetched.orders.length > 0 });
      settled += 1;
    }
    return settled;
  }

  private announceApprovals(applied: SyncPageResult): void {
    for (const orderId of applied.approvedOrderIds) {
      this.options.cache.audit.append('order.approved', { orderId });
      this.options.events.emit({ type: 'order-approved', orderId });
    }
  }
}

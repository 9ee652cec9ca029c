import type { Order } from '../../shared/billing-api/schemas';
import type { SyncFailure, SyncGap, SyncState } from '../../shared/ipc/types';
import { BillingApiError } from '../billing/billing-api-error';
import type { BillingClient } from '../billing/billing-client';
import type { Cache, SyncPageResult } from '../cache/cache';
import { toCachedOrder, type CachedOrder } from '../cache/order-records';
import type { Logger } from '../logger';
import type { EventHub } from './event-hub';
import type { OrderPageSource } from './order-feed';

/** Thrown between pages once stop() was called: the app is closing, and the sync resumes next time. */
class SyncStopped extends Error {}

/** The service answered, but not every order could be accounted for: the clerk must be told. */
class SyncIncomplete extends Error {
  constructor(readonly gap: SyncGap) {
    super(describeGap(gap));
  }
}

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
 * Reads of one page, in a row, that held records naming no order before the sync gives up on it.
 * Such a page can't be applied (the cursor would pass orders no one could fetch again), and the
 * fault is usually passing, so the page is asked for again at once.
 */
export const MAX_UNREADABLE_PAGE_READS = 5;

/** A sync waiting this long on the service, at its start or between pages, is on a slow connection. */
export const SLOW_AFTER_MS = 5_000;

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
  private failure: SyncFailure | null = null;
  private slow = false;
  private slowTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SyncEngineOptions) {
    this.pageSize = options.pageSize ?? 500;
    this.intervalMs = options.intervalMs ?? 3 * 60_000;
    this.offlineRetryMs = options.offlineRetryMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  state(): SyncState {
    const { cache } = this.options;
    const stored = cache.syncState.get();
    const unfetchedOrders = cache.rejectedOrders.count();
    const gap = stored.gap.unreadableRecords > 0 || stored.gap.shortfall > 0 || unfetchedOrders > 0 ? { ...stored.gap, unfetchedOrders } : null;
    return {
      revision: this.revision,
      phase: this.inFlight ? 'syncing' : gap ? 'incomplete' : 'idle',
      online: this.online,
      lastSuccessAt: stored.lastSuccessAt,
      lastAttemptAt: stored.lastAttemptAt,
      lastError: stored.lastError,
      serverClockOffsetMs: stored.serverClockOffsetMs,
      failure: this.failure,
      slow: this.inFlight !== null && this.slow,
      cachedOrderCount: cache.orders.count(),
      pendingApprovalCount: cache.orders.pendingApprovalCount(),
      gap,
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
          this.quiet();
          this.scheduleNext();
        }
        this.publishState();
        return this.state();
      })();
      this.publishState();
    }
    return this.inFlight;
  }

  /**
   * Fetches these orders from the billing service by id and caches them as they stand (paid or
   * cancelled ones leave the cache), announcing the change: before a payment, to pay what is true
   * now, and after it, so the page shows the outcome at once. Returns the orders as fetched; an
   * order the service doesn't have is in `missingIds`. Throws the client's error if any fetch fails.
   */
  async refreshOrders(orderIds: readonly string[]): Promise<{ orders: Order[]; missingIds: string[] }> {
    const { client, cache, events } = this.options;
    const fetched = await Promise.all(
      orderIds.map(async (orderId) => {
        try {
          return await client.getOrder(orderId);
        } catch (error) {
          if (error instanceof BillingApiError && error.details.httpStatus === 404) return orderId;
          throw error;
        }
      }),
    );
    const orders = fetched.filter((f): f is Order => typeof f !== 'string');
    const missingIds = fetched.filter((f): f is string => typeof f === 'string');
    const applied = cache.applyFetchedOrders({ orders: orders.map(toCachedOrder), missingIds, generation: cache.syncState.get().generation });
    if (applied.upserted + applied.removed > 0) events.emit({ type: 'orders-changed', upserted: applied.upserted, removed: applied.removed });
    this.announceApprovals(applied);
    this.publishState();
    return { orders, missingIds };
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
    this.quiet();
    await this.inFlight?.catch(() => undefined);
  }

  /** The sync heard from the service: it is slow only if it now waits SLOW_AFTER_MS again. */
  private progressed(): void {
    if (this.slow) {
      this.slow = false;
      this.publishState();
    }
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.slowTimer = setTimeout(() => {
      this.slow = true;
      this.publishState();
    }, SLOW_AFTER_MS);
    this.slowTimer.unref();
  }

  private quiet(): void {
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.slowTimer = null;
    this.slow = false;
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
    this.progressed();
    try {
      const outcome = await this.pullEverything();
      this.online = true;
      this.failure = null;
      this.consecutiveFailures = 0;
      log.info('sync finished', { ...outcome });
    } catch (error) {
      if (error instanceof SyncStopped) {
        log.info('sync stopped between pages: the app is closing');
        return;
      }
      if (error instanceof SyncIncomplete) {
        // Reached the service, so online; retried soon, as after a failure, from the same cursor.
        this.online = true;
        this.failure = null;
        this.consecutiveFailures += 1;
        cache.syncState.recordGap(error.gap, error.message);
        cache.audit.append('sync.incomplete', { ...error.gap });
        log.warn('sync incomplete: orders may be missing', { ...error.gap });
        return;
      }
      const failure = error instanceof BillingApiError ? error : null;
      this.online = failure ? !failure.unreachable : this.online;
      this.failure = describeFailure(failure);
      this.consecutiveFailures += 1;
      const message = error instanceof Error ? error.message : String(error);
      cache.syncState.recordFailure(this.now(), message);
      log.warn('sync failed', { reason: message, kind: failure?.kind ?? 'internal' });
    }
  }

  private async pullEverything(): Promise<SyncOutcome> {
    const { client, cache } = this.options;
    const [account, serviceTypes] = await Promise.all([client.getAccount(), client.getServiceTypes()]);
    const cached = cache.syncState.account();
    if (cached && cached.customerId !== account.customer_id) {
      // A token of another customer at the same address: the cursor and the orders are the other
      // account's, and an incremental sync from there would never send this account's older orders.
      this.options.log.warn('another account answers at this address: the cache is synced again from the start', { before: cached.customerId, now: account.customer_id });
      cache.audit.append('sync.account_changed', { before: cached.customerId, now: account.customer_id });
      cache.syncState.startOver();
    }
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

    let cursor = stored.cursor;
    let unreadableReads = 0;
    let clockOffsetMs = stored.serverClockOffsetMs;
    reading: for (;;) {
      for await (const page of feed.pages(cursor, this.pageSize)) {
        if (this.stopped) throw new SyncStopped();
        this.progressed();
        const receivedAt = this.now();
        for (const record of page.rejected) {
          log.warn('rejected a malformed order record', { orderId: record.orderId, problems: record.problems.slice(0, 5) });
          cache.audit.append('sync.record_rejected', { orderId: record.orderId, problems: record.problems.slice(0, 5) });
        }
        const unreadable = page.rejected.filter((r) => r.orderId === null).length;
        if (unreadable > 0) {
          unreadableReads += 1;
          if (unreadableReads < MAX_UNREADABLE_PAGE_READS) {
            log.warn('a sync page held records naming no order; asking for it again', { unreadable, read: unreadableReads });
            cursor = page.requestedWith;
            continue reading;
          }
          // What could be read is kept; the cursor stays before the page, so the next sync asks again.
          add(cache.applyFetchedOrders({ orders: page.orders, missingIds: [], generation }));
          throw new SyncIncomplete({ unreadableRecords: unreadable, shortfall: 0, unfetchedOrders: cache.rejectedOrders.count() });
        }
        unreadableReads = 0;
        const applied = cache.applySyncPage({
          orders: page.orders,
          rejected: page.rejected.map((r) => ({ orderId: r.orderId!, problem: r.problems.slice(0, 5).join('; '), at: receivedAt })),
          nextCursor: page.nextCursor,
          serverTime: page.serverTime,
          generation,
          completesFullSync: fullSync && !page.hasMore,
          ...(page.requestedWith === null && page.totalCount !== undefined ? { expectedTotal: page.totalCount } : {}),
        });
        add(applied, page.rejected.length);
        if (!page.hasMore) clockOffsetMs = page.serverTime - receivedAt;
      }
      break;
    }
    const recovered = await this.fetchRejected(generation, add);
    if (totals.upserted > 0 || totals.removed > 0) this.options.events.emit({ type: 'orders-changed', upserted: totals.upserted, removed: totals.removed });
    // Whatever it could not account for, the sync reached the end: the cache is as fresh as it gets.
    cache.syncState.recordSuccess(this.now(), clockOffsetMs);
    this.checkAccounted();
    return { ...totals, recovered, fullSync };
  }

  /**
   * After the pages and the refetches: a full sync that received fewer records than the service
   * announced has lost orders somewhere, and starts over next time; orders whose records are still
   * unread are missing or stale. Either way the sync is incomplete, never quietly "idle". The last
   * full sync's count is checked by every sync, not only by the full one: a full sync stopped after
   * its last page (while refetching) never reached this check, and the next sync is incremental.
   */
  private checkAccounted(): void {
    const { cache } = this.options;
    const stored = cache.syncState.get();
    const shortfall = stored.fullSyncExpected !== null ? Math.max(0, stored.fullSyncExpected - stored.fullSyncReceived) : 0;
    if (shortfall > 0) cache.syncState.resetCursor();
    const unfetchedOrders = cache.rejectedOrders.count();
    if (shortfall > 0 || unfetchedOrders > 0) throw new SyncIncomplete({ unreadableRecords: 0, shortfall, unfetchedOrders });
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

function describeGap(gap: SyncGap): string {
  const parts = [
    gap.unreadableRecords > 0 ? `${gap.unreadableRecords} order record(s) could not be read, even after asking again` : null,
    gap.shortfall > 0 ? `${gap.shortfall} order(s) the billing service announced never arrived` : null,
    gap.unfetchedOrders > 0 ? `${gap.unfetchedOrders} order(s) arrived malformed and could not be fetched again yet` : null,
  ].filter((p) => p !== null);
  return `Orders may be missing: ${parts.join('; ')}. The next sync asks for them again.`;
}

function describeFailure(failure: BillingApiError | null): SyncFailure {
  if (!failure) return { kind: 'internal', code: null };
  const code = failure.details.errorCode ?? null;
  if (failure.unreachable) return { kind: 'unreachable', code };
  if (failure.kind === 'unauthorized' || failure.kind === 'malformed' || failure.kind === 'rejected') return { kind: failure.kind, code };
  return { kind: 'internal', code };
}

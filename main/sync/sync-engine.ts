import type { OrdersPage } from '../../shared/billing-api/schemas';
import type { SyncState } from '../../shared/ipc/types';
import { BillingApiError } from '../billing/billing-api-error';
import type { BillingClient } from '../billing/billing-client';
import type { Cache } from '../cache/cache';
import type { Logger } from '../logger';
import type { EventHub } from './event-hub';
import { validateOrderRecords } from './validate-orders';

export interface SyncEngineOptions {
  readonly client: BillingClient;
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
  readonly fullSync: boolean;
}

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

  constructor(private readonly options: SyncEngineOptions) {
    this.pageSize = options.pageSize ?? 500;
    this.intervalMs = options.intervalMs ?? 3 * 60_000;
    this.offlineRetryMs = options.offlineRetryMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  state(): SyncState {
    const stored = this.options.cache.syncState.get();
    return {
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
    const { client, cache, events, log } = this.options;
    const stored = cache.syncState.get();
    const fullSync = stored.cursor === null || stored.fullSyncInProgress;
    const generation = stored.cursor === null && !stored.fullSyncInProgress ? cache.syncState.beginFullSync() : stored.generation;
    let totals = { upserted: 0, removed: 0, rejected: 0 };

    let pending: Promise<OrdersPage> = client.listOrders(stored.cursor, this.pageSize);
    for (;;) {
      const page = await pending;
      // Ask for the next page before applying this one, so the service prepares it meanwhile.
      if (page.has_more) {
        pending = client.listOrders(page.next_cursor, this.pageSize);
        // If applying this page throws, the prefetch is abandoned: its failure is no one's to report.
        pending.catch(() => undefined);
      }
      const receivedAt = this.now();
      const serverTime = Date.parse(page.server_time);
      const { valid, rejected } = validateOrderRecords(page.orders);
      for (const record of rejected) {
        log.warn('rejected a malformed order record', { orderId: record.orderId, problems: record.problems.slice(0, 5) });
        cache.audit.append('sync.record_rejected', { orderId: record.orderId, problems: record.problems.slice(0, 5) });
      }
      const applied = cache.applySyncPage({
        orders: valid,
        nextCursor: page.next_cursor,
        serverTime,
        generation,
        completesFullSync: fullSync && !page.has_more,
      });
      totals = { upserted: totals.upserted + applied.upserted, removed: totals.removed + applied.removed, rejected: totals.rejected + rejected.length };
      for (const orderId of applied.approvedOrderIds) {
        cache.audit.append('order.approved', { orderId });
        events.emit({ type: 'order-approved', orderId });
      }
      if (!page.has_more) {
        cache.syncState.recordSuccess(receivedAt, serverTime - receivedAt);
        break;
      }
    }
    if (totals.upserted > 0 || totals.removed > 0) events.emit({ type: 'orders-changed', upserted: totals.upserted, removed: totals.removed });
    return { ...totals, fullSync };
  }
}

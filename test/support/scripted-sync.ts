import { BillingApiError } from '../../main/billing/billing-api-error';
import type { BillingClient } from '../../main/billing/billing-client';
import { Cache } from '../../main/cache/cache';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import type { OrderPageSource } from '../../main/sync/order-feed';
import type { PreparedPage } from '../../main/sync/order-pages';
import type { RejectedRecord } from '../../main/sync/validate-orders';
import { SyncEngine, type SyncEngineOptions } from '../../main/sync/sync-engine';
import type { Order } from '../../shared/billing-api/schemas';
import type { AppEvent, SyncState } from '../../shared/ipc/types';
import { cached } from './orders';

/**
 * The real sync engine and cache (on a real SQLite file) against a billing service played by the
 * test: the pages it serves for each cursor and its answer to each single-order fetch. For the
 * exact sequences (a refetch that fails just so, a page that waits) the sandbox can't promise.
 */

export const ACCOUNT = {
  customer_id: 'c1', name: 'Acme', currency: 'USD', country: 'US', postpaid: true, monthly_settlement_enabled: true,
  bound_mobile_masked: '+1 555****12', bound_email_masked: 'fi****@acme.example',
};

export interface ServiceScript {
  /** The pages served from `cursor` on; they may await whatever the test holds them on. */
  pages(cursor: string | null): AsyncIterable<PreparedPage> | Iterable<PreparedPage>;
  /** A single order's fetch; by default the service doesn't have it (404). */
  getOrder?(orderId: string): Promise<Order>;
  /** Whether the service can be reached at the start of a sync; by default it can. */
  reachable?(): boolean;
}

export const notFound = () => new BillingApiError('rejected', 'order does not exist (HTTP 404)', { httpStatus: 404 });
export const unreachable = () => new BillingApiError('network', 'billing API unreachable (ECONNREFUSED)');

export function scriptedSync(cachePath: string, script: ServiceScript, options: Partial<SyncEngineOptions> = {}) {
  const log = createMemoryLogger();
  const cache = Cache.open(cachePath, log);
  const events = new EventHub();
  const received: AppEvent[] = [];
  events.subscribe((e) => received.push(e));
  /** Every single-order fetch, in order. */
  const fetches: string[] = [];
  /** The time of each sync's start (its account request). */
  const starts: number[] = [];
  const up = () => script.reachable?.() ?? true;
  const client = {
    getAccount: () => {
      starts.push(Date.now());
      return up() ? Promise.resolve(ACCOUNT) : Promise.reject(unreachable());
    },
    getServiceTypes: () => (up() ? Promise.resolve([]) : Promise.reject(unreachable())),
    getOrder: (orderId: string) => {
      fetches.push(orderId);
      return script.getOrder ? script.getOrder(orderId) : Promise.reject(notFound());
    },
  } as unknown as BillingClient;
  const feed: OrderPageSource = {
    async *pages(cursor) {
      yield* script.pages(cursor);
    },
  };
  const engine = new SyncEngine({ client, feed, cache, events, log, intervalMs: 3_600_000, offlineRetryMs: 3_600_000, ...options });
  return {
    engine,
    cache,
    received,
    fetches,
    starts,
    /** The sync states published to the page, in order. */
    states: (): SyncState[] => received.flatMap((e) => (e.type === 'sync-state' ? [e.state] : [])),
    announced: (type: AppEvent['type']) => received.filter((e) => e.type === type),
    audited: (kind: string) => cache.audit.recent(1_000).filter((e) => e.kind === kind).map((e) => e.detail),
    close: async () => {
      await engine.stop();
      cache.close();
    },
  };
}

/** A page as the order feed prepares it; the last of its reading unless `hasMore`. */
export function page(requestedWith: string | null, content: { orders?: readonly Order[]; rejected?: readonly RejectedRecord[]; next?: string; hasMore?: boolean; totalCount?: number } = {}): PreparedPage {
  return {
    requestedWith,
    orders: cached(content.orders ?? []),
    rejected: [...(content.rejected ?? [])],
    nextCursor: content.next ?? `${requestedWith ?? 'start'}+`,
    hasMore: content.hasMore ?? false,
    serverTime: Date.now(),
    ...(content.totalCount === undefined ? {} : { totalCount: content.totalCount }),
  };
}

const heldGates = new Set<() => void>();

/** Something for a test to hold a page or an answer on, and let go of. */
export function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  heldGates.add(open);
  return { opened, open };
}

/** Lets go of every gate, so that a test that failed half-way still lets its sync end (call before closing the engines). */
export function openAllGates(): void {
  for (const open of heldGates) open();
  heldGates.clear();
}

/**
 * When the billing API can't be reached, the sync retries soon and then less and less often, so an
 * outage's end is noticed quickly without hammering a service that is down: 10 s, 20 s, 40 s, …
 * up to the sync interval, and the interval again once a sync succeeds. Run on fake timers: the
 * delays are read off the fake clock between the syncs the engine schedules itself.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillingApiError } from '../../main/billing/billing-api-error';
import type { BillingClient } from '../../main/billing/billing-client';
import { Cache } from '../../main/cache/cache';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import type { OrderPageSource } from '../../main/sync/order-feed';
import { SyncEngine, type SyncEngineOptions } from '../../main/sync/sync-engine';
import type { SyncState } from '../../shared/ipc/types';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const account = {
  customer_id: 'c1', name: 'Acme', currency: 'USD', country: 'US', postpaid: true, monthly_settlement_enabled: true,
  bound_mobile_masked: '+1 555****12', bound_email_masked: 'fi****@acme.example',
};

let cache: Cache;
let engine: SyncEngine | null = null;
beforeEach(() => {
  vi.useFakeTimers();
  cache = Cache.open(':memory:', createMemoryLogger());
});
afterEach(async () => {
  await engine?.stop();
  engine = null;
  cache.close();
  vi.useRealTimers();
});

/**
 * An engine, started, whose billing API is up or down at each sync as `schedule` says (down past
 * its end); `attempts` holds the fake clock's time at each sync, `ended` each sync's final state.
 */
function startEngine(schedule: readonly ('up' | 'down')[], options: Partial<SyncEngineOptions> = {}) {
  const attempts: number[] = [];
  const ended: SyncState[] = [];
  const up = () => schedule[attempts.length - 1] === 'up';
  const unreachable = () => Promise.reject(new BillingApiError('network', 'billing API unreachable (ECONNREFUSED)'));
  const client = {
    getAccount: () => {
      attempts.push(Date.now());
      return up() ? Promise.resolve(account) : unreachable();
    },
    getServiceTypes: () => (up() ? Promise.resolve([]) : unreachable()),
    getOrder: unreachable,
  } as unknown as BillingClient;
  const feed: OrderPageSource = {
    async *pages(cursor) {
      yield { requestedWith: cursor, orders: [], rejected: [], nextCursor: 'c1', hasMore: false, serverTime: Date.now() };
    },
  };
  const events = new EventHub();
  events.subscribe((e) => e.type === 'sync-state' && e.state.phase !== 'syncing' && ended.push(e.state));
  engine = new SyncEngine({ client, feed, cache, events, log: createMemoryLogger(), ...options });
  engine.start();
  /** Lets the engine's own timer start the next sync (or the first, already running), and waits for it to end. */
  let waitedFor = 0;
  const syncs = async (n: number) => {
    for (let i = 0; i < n; i++) {
      if (waitedFor > 0) await vi.advanceTimersToNextTimerAsync();
      waitedFor += 1;
      await vi.waitUntil(() => ended.length >= waitedFor, { interval: 0 });
    }
    expect(ended).toHaveLength(waitedFor);
  };
  return { ended, syncs, gaps: () => attempts.slice(1).map((at, i) => at - attempts[i]!) };
}

describe('the sync’s offline back-off', () => {
  it('retries after 10 s, 20 s, 40 s, … up to the 3 min interval', async () => {
    const { ended, syncs, gaps } = startEngine([]);
    await syncs(8);
    expect(gaps()).toEqual([10, 20, 40, 80, 160, 180, 180].map((s) => s * SECOND));
    expect(ended.every((s) => !s.online && /unreachable/.test(s.lastError ?? ''))).toBe(true);
  });

  it('goes back to the interval once a sync succeeds, and backs off from the first retry again at the next outage', async () => {
    const schedule = ['down', 'down', 'up', 'up', 'down', 'down', 'down', 'down', 'down', 'down', 'down'] as const;
    const { ended, syncs, gaps } = startEngine(schedule, { intervalMs: 5 * MINUTE, offlineRetryMs: 15 * SECOND });
    await syncs(schedule.length);
    expect(ended.map((s) => s.online)).toEqual(schedule.map((s) => s === 'up'));
    // After two failures the back-off would be 60 s; the interval is 300 s. The 6th failure in a row would wait 480 s.
    expect(gaps()).toEqual([15, 30, 300, 300, 15, 30, 60, 120, 240, 300].map((s) => s * SECOND));
  });
});

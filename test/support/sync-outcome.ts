import { join } from 'node:path';
import { expect } from 'vitest';
import { BillingClient } from '../../main/billing/billing-client';
import { Cache } from '../../main/cache/cache';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import { SyncEngine } from '../../main/sync/sync-engine';
import type { SyncState } from '../../shared/ipc/types';
import type { RawOrder, SandboxControl } from './sandbox-control';
import { orderFeedFor } from './workers';

/**
 * What test/integration/sync-missing-orders.test.ts and its soak twin share: an app's sync against
 * a billing API, and the comparison of its cache with the service's unpaid orders.
 */

/** The real client, order feed thread, sync engine and cache (in `dir`) against `baseUrl`. */
export async function syncEngineFor(dir: string, baseUrl: string, token: string, pageSize = 500) {
  const log = createMemoryLogger();
  const cache = Cache.open(join(dir, 'cache.db'), log);
  const endpoint = { baseUrl, token, retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 } };
  const client = new BillingClient({ ...endpoint, log });
  const feed = await orderFeedFor(endpoint, log);
  const sync = new SyncEngine({ client, feed, cache, events: new EventHub(), log, pageSize, intervalMs: 3_600_000, offlineRetryMs: 3_600_000 });
  return { cache, sync, log, close: async () => { await sync.stop(); await feed.close(); cache.close(); } };
}

/** Each cached order as the page shows it, to compare field by field with the service's. */
export function cachedOrders(cache: Cache): Map<string, { status: number; amount: number; currency: string; expires: number }> {
  const rows = [...cache.orders.iterate({}, { by: 'expire_time', dir: 'asc' })];
  return new Map(rows.map((r) => [r.orderId, { status: r.status, amount: r.amountAfterDiscount, currency: r.currency, expires: r.expireTime }]));
}

export function serviceOrders(orders: readonly RawOrder[]) {
  return new Map(
    orders.map((o) => [o.order_id, { status: o.status, amount: o.amount_after_discount as number, currency: o.currency, expires: Date.parse(o.expire_time as string) }]),
  );
}

/** The outcome a clerk may see: everything cached, or a visible "orders may be missing". Never a silent shortfall. */
export async function expectWholeOrToldSo(control: SandboxControl, state: SyncState, cache: Cache, token: string): Promise<'whole' | 'told'> {
  await control.faults({});
  const expected = serviceOrders(await control.unpaidOrders(token));
  const actual = cachedOrders(cache);
  const missing = [...expected.keys()].filter((id) => !actual.has(id));
  if (state.phase === 'incomplete') {
    expect(state.gap).not.toBeNull();
    expect(state.lastError).toMatch(/Orders may be missing/);
    return 'told';
  }
  expect(state).toMatchObject({ phase: 'idle', gap: null, lastError: null });
  expect(missing).toEqual([]);
  expect(actual).toEqual(expected);
  return 'whole';
}

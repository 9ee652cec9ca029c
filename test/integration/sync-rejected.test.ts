import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillingClient } from '../../main/billing/billing-client';
import { Cache } from '../../main/cache/cache';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import { SyncEngine } from '../../main/sync/sync-engine';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { orderFeedFor } from '../support/workers';
import { SandboxControl } from '../support/sandbox-control';
import { buildOrder, cached } from '../support/orders';

const TOKEN = 'sbx_postpaid_demo';
let sandbox: Sandbox;
let control: SandboxControl;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-sync-rejected-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 23, ordersPerAccount: 120 });
  control = new SandboxControl(sandbox.url);
});
afterEach(async () => sandbox.close());

async function engine(pageSize: number) {
  const log = createMemoryLogger();
  const cache = Cache.open(join(dir, 'cache.db'), log);
  const endpoint = { baseUrl: sandbox.url, token: TOKEN, retry: { maxAttempts: 8, baseDelayMs: 1, maxDelayMs: 5 } };
  const client = new BillingClient({ ...endpoint, log });
  const feed = await orderFeedFor(endpoint, log);
  const sync = new SyncEngine({ client, feed, cache, events: new EventHub(), log, pageSize, intervalMs: 3_600_000, offlineRetryMs: 3_600_000 });
  return { cache, sync, log, close: async () => { await sync.stop(); await feed.close(); cache.close(); } };
}

const cachedIds = (cache: Cache) => [...cache.orders.iterate({}, { by: 'expire_time', dir: 'asc' })].map((r) => r.orderId).sort();

describe('records rejected by the sync are not lost', () => {
  it('after a sync with malformed records and a clean one, the cache is exactly the unpaid orders', async () => {
    // Pages of one record: the sandbox then breaks a record's amount, never drops its order id,
    // and a record without an id is beyond any sync to recover.
    const { cache, sync, log, close } = await engine(1);
    await control.faults({ malformed_rate: 0.3 });
    for (let i = 0; i < 10 && (await sync.syncNow()).lastError !== null; i++);
    await control.faults({});
    const rejected = log.lines.filter((l) => l.msg === 'rejected a malformed order record');
    expect(rejected.length).toBeGreaterThan(0);

    const state = await sync.syncNow();

    expect(state.lastError).toBeNull();
    expect(cachedIds(cache)).toEqual((await control.unpaidOrders(TOKEN)).map((o) => o.order_id).sort());
    expect(cache.rejectedOrders.all()).toEqual([]);
    const recovered = cache.audit.recent(1_000).filter((e) => e.kind === 'sync.rejected_order_recovered').map((e) => e.detail.orderId);
    expect(new Set(recovered)).toEqual(new Set(rejected.map((l) => (l.meta as { orderId: string }).orderId)));
    await close();
  }, 60_000);

  it('forgets a remembered order the service no longer has, and drops it from the cache', async () => {
    const { cache, sync, close } = await engine(500);
    const gone = buildOrder({ order_id: 'CS-NOT-AT-THE-SERVICE' });
    cache.applySyncPage({ orders: cached([gone]), rejected: [{ orderId: gone.order_id, problem: 'test', at: 1 }], nextCursor: 'c', serverTime: 0, generation: 0, completesFullSync: false });
    cache.syncState.resetCursor();

    const state = await sync.syncNow();

    expect(state.lastError).toBeNull();
    expect(cache.orders.get(gone.order_id)).toBeNull();
    expect(cache.rejectedOrders.all()).toEqual([]);
    expect(cache.audit.recent(1_000)).toContainEqual(expect.objectContaining({ kind: 'sync.rejected_order_recovered', detail: { orderId: gone.order_id, found: false } }));
    await close();
  });
});

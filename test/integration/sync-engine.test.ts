import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BillingClient } from '../../main/billing/billing-client';
import { Cache } from '../../main/cache/cache';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import { SyncEngine } from '../../main/sync/sync-engine';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { AppEvent } from '../../shared/ipc/types';
import { orderFeedFor } from '../support/workers';
import { SandboxControl } from '../support/sandbox-control';
import { startFaultProxy } from '../support/fault-proxy';

const TOKEN = 'sbx_postpaid_demo';
let sandbox: Sandbox;
let control: SandboxControl;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-sync-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 11, ordersPerAccount: 120 });
  control = new SandboxControl(sandbox.url);
});
afterEach(async () => sandbox.close());

async function engine(options: { pageSize?: number; cachePath?: string; baseUrl?: string } = {}) {
  const log = createMemoryLogger();
  const cache = Cache.open(options.cachePath ?? join(dir, 'cache.db'), log);
  const events = new EventHub();
  const received: AppEvent[] = [];
  events.subscribe((e) => received.push(e));
  const endpoint = { baseUrl: options.baseUrl ?? sandbox.url, token: TOKEN, retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 40 } };
  const client = new BillingClient({ ...endpoint, log });
  const feed = await orderFeedFor(endpoint, log);
  const sync = new SyncEngine({ client, feed, cache, events, log, pageSize: options.pageSize ?? 500, intervalMs: 3_600_000, offlineRetryMs: 3_600_000 });
  return { cache, sync, received, log, close: async () => { await sync.stop(); await feed.close(); cache.close(); } };
}

const cachedIds = (cache: Cache) => cache.orders.list({ filter: {}, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 500 }).rows.map((r) => r.orderId).sort();

/** The unpaid orders among the first `records` order records a full sync reads, in the service's order. */
async function unpaidAmongFirst(records: number): Promise<string[]> {
  const response = await fetch(`${sandbox.url}/v1/orders?limit=${records}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const page = (await response.json()) as { orders: { order_id: string; status: number }[] };
  expect(page.orders).toHaveLength(records);
  return page.orders.filter((o) => o.status === 1 || o.status === 6).map((o) => o.order_id);
}

/** Every unpaid order the service has is cached, as it has it, and nothing else is. */
async function expectCachedAsTheServiceHasThem(cache: Cache) {
  const service = await control.unpaidOrders(TOKEN);
  const rows = new Map(cache.orders.list({ filter: {}, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 500 }).rows.map((r) => [r.orderId, r]));
  expect(rows.size).toBe(service.length);
  for (const order of service) {
    expect(rows.get(order.order_id), order.order_id).toMatchObject({
      status: order.status,
      amountAfterDiscount: order.amount_after_discount,
      currency: order.currency,
      expireTime: Date.parse(order.expire_time as string),
    });
  }
}

describe('sync engine against the real sandbox', () => {
  it('a full sync caches exactly the unpaid orders, with account and service types', async () => {
    const { cache, sync, received, close } = await engine({ pageSize: 37 });
    const state = await sync.syncNow();
    const expected = (await control.unpaidOrders(TOKEN)).map((o) => o.order_id).sort();
    expect(cachedIds(cache)).toEqual(expected);
    expect(state).toMatchObject({ online: true, phase: 'idle', lastError: null, cachedOrderCount: expected.length });
    expect(cache.syncState.account()?.name).toBe('Acme Analytics Ltd.');
    expect(cache.syncState.serviceTypes().length).toBeGreaterThanOrEqual(8);
    expect(received.some((e) => e.type === 'orders-changed')).toBe(true);
    await close();
  });

  it('numbers its states so a state read during a sync loses to the event that says it ended', async () => {
    const { sync, received, close } = await engine();
    const running = sync.syncNow();
    const readDuringSync = sync.state();
    await running;
    const published = received.flatMap((e) => (e.type === 'sync-state' ? [e.state] : []));
    expect(published.map((s) => s.phase)).toEqual(['syncing', 'idle']);
    expect(readDuringSync).toMatchObject({ phase: 'syncing', revision: published[0]!.revision });
    expect(published[1]!.revision).toBeGreaterThan(readDuringSync.revision);
    expect(sync.state().revision).toBe(published[1]!.revision);
    await close();
  });

  it('an incremental sync drops paid orders and announces approvals', async () => {
    const { cache, sync, received, close } = await engine();
    await sync.syncNow();
    const unpaid = await control.unpaidOrders(TOKEN);
    const paid = unpaid.find((o) => o.status === 6)!;
    const pending = unpaid.find((o) => o.status === 1)!;
    await control.setStatus(paid.order_id, 5);
    await control.approve(pending.order_id);
    received.length = 0;
    await sync.syncNow();
    expect(cache.orders.get(paid.order_id)).toBeNull();
    expect(cache.orders.get(pending.order_id)?.status).toBe(6);
    expect(received).toContainEqual({ type: 'order-approved', orderId: pending.order_id });
    expect(received).toContainEqual({ type: 'orders-changed', upserted: 1, removed: 1 });
    await close();
  });

  it('announces a change to the orders only when a sync made one: none after a sync that found nothing new, and one that only dropped an order', async () => {
    const { cache, sync, received, close } = await engine();
    await sync.syncNow();
    const changes = () => received.filter((e) => e.type === 'orders-changed');
    received.length = 0;
    expect(await sync.syncNow()).toMatchObject({ phase: 'idle', lastError: null });
    expect(changes()).toEqual([]);

    const paid = (await control.unpaidOrders(TOKEN)).find((o) => o.status === 6)!;
    await control.setStatus(paid.order_id, 5);
    await sync.syncNow();
    expect(changes()).toEqual([{ type: 'orders-changed', upserted: 0, removed: 1 }]);
    expect(cache.orders.get(paid.order_id)).toBeNull();
    await close();
  });

  it('after a sandbox reset (cursor expired) it resyncs fully and drops what the service no longer has', async () => {
    const { cache, sync, close } = await engine();
    await sync.syncNow();
    await control.reset(99, { orders_per_account: 40 });
    const state = await sync.syncNow();
    expect(state.lastError).toBeNull();
    expect(cachedIds(cache)).toEqual((await control.unpaidOrders(TOKEN)).map((o) => o.order_id).sort());
    await close();
  });

  it('a full re-sync of a filled cache over many pages, after the cursor expired, keeps every order the service still has', async () => {
    const { cache, sync, close } = await engine({ pageSize: 20 });
    await sync.syncNow();
    const before = cache.orders.count();
    // Several pages of 20 each side of the re-sync.
    expect(before).toBeGreaterThan(60);
    // The same data set again under a new history: every cached order is still unpaid there.
    await control.reset(11);
    const state = await sync.syncNow();
    expect(state).toMatchObject({ phase: 'idle', online: true, lastError: null });
    await expectCachedAsTheServiceHasThem(cache);
    expect(cache.orders.count()).toBe(before);
    await close();
  });

  it('a full re-sync of a filled cache over many pages, asked for by the cache, keeps every order and drops the paid', async () => {
    const { cache, sync, close } = await engine({ pageSize: 20 });
    await sync.syncNow();
    const before = cache.orders.count();
    const paid = (await control.unpaidOrders(TOKEN)).filter((o) => o.status === 6).slice(-3);
    for (const o of paid) await control.setStatus(o.order_id, 5);
    cache.syncState.resetCursor();
    const state = await sync.syncNow();
    expect(state).toMatchObject({ phase: 'idle', online: true, lastError: null });
    await expectCachedAsTheServiceHasThem(cache);
    expect(cache.orders.count()).toBe(before - paid.length);
    await close();
  });

  it('through errors, 429s, drops and malformed answers it ends with every valid order and rejects bad records alone', async () => {
    const { cache, sync, log, close } = await engine({ pageSize: 25 });
    await control.faults({ error_rate: 0.2, rate_limit_rate: 0.1, drop_rate: 0.1, malformed_rate: 0.2 });
    for (let i = 0; i < 10 && (await sync.syncNow()).lastError !== null; i++);
    await control.faults({});
    await sync.syncNow();
    const expected = (await control.unpaidOrders(TOKEN)).map((o) => o.order_id).sort();
    const rejected = log.lines.filter((l) => l.msg === 'rejected a malformed order record').length;
    const cached = cachedIds(cache);
    // Every cached order is one the service has, and only rejected records can be missing.
    expect(cached.every((id) => expected.includes(id))).toBe(true);
    expect(expected.length - cached.length).toBeLessThanOrEqual(rejected);
    await close();
  }, 60_000);

  it('an incremental sync cut off mid-way leaves whole pages only, and the next one resumes from the last page', async () => {
    const proxy = await startFaultProxy(sandbox.url);
    const { cache, sync, close } = await engine({ pageSize: 20, baseUrl: proxy.url });
    await sync.syncNow();
    const total = cache.orders.count();
    const paid = (await control.unpaidOrders(TOKEN)).filter((o) => o.status === 6).slice(0, 50);
    for (const o of paid) await control.setStatus(o.order_id, 5);
    // 50 changes, 20 to a page: the first page lands, then every request fails.
    proxy.failOrderPagesAfter(1);
    const failed = await sync.syncNow();
    expect(failed).toMatchObject({ online: false, lastError: expect.stringMatching(/billing API error/) });
    const kept = new Set(cachedIds(cache));
    expect(kept.size).toBe(total - 20);
    expect(paid.slice(0, 20).filter((o) => kept.has(o.order_id))).toEqual([]);
    expect(paid.slice(20).filter((o) => !kept.has(o.order_id))).toEqual([]);

    const savedCursor = cache.syncState.get().cursor;
    const firstRequest = proxy.orderPageCursors.length;
    proxy.failOrderPagesAfter(null);
    expect(await sync.syncNow()).toMatchObject({ online: true, phase: 'idle', lastError: null });
    expect(proxy.orderPageCursors[firstRequest]).toBe(savedCursor);
    expect(cache.orders.count()).toBe(total - 50);
    await expectCachedAsTheServiceHasThem(cache);
    await close();
    await proxy.close();
  });

  it('a first full sync cut off mid-way keeps the whole pages it got, and the next one completes it from there', async () => {
    const proxy = await startFaultProxy(sandbox.url);
    const { cache, sync, close } = await engine({ pageSize: 20, baseUrl: proxy.url });
    proxy.failOrderPagesAfter(2);
    const failed = await sync.syncNow();
    expect(failed).toMatchObject({ online: false, lastError: expect.stringMatching(/billing API error/) });
    expect(cachedIds(cache)).toEqual((await unpaidAmongFirst(40)).sort());

    const savedCursor = cache.syncState.get().cursor;
    expect(savedCursor).not.toBeNull();
    const firstRequest = proxy.orderPageCursors.length;
    proxy.failOrderPagesAfter(null);
    expect(await sync.syncNow()).toMatchObject({ online: true, phase: 'idle', lastError: null });
    expect(proxy.orderPageCursors[firstRequest]).toBe(savedCursor);
    await expectCachedAsTheServiceHasThem(cache);
    await close();
    await proxy.close();
  });

  it('stopped mid-sync (the app closing), it ends after the page being written, and the next start resumes', async () => {
    const expected = (await control.unpaidOrders(TOKEN)).length;
    const first = await engine({ pageSize: 20 });
    await control.faults({ latency_ms: 150 });
    const running = first.sync.syncNow();
    await vi.waitFor(() => expect(first.cache.orders.count()).toBeGreaterThan(0), { timeout: 10_000 });
    await first.sync.stop();
    await running;
    const kept = first.cache.orders.count();
    expect(kept).toBeLessThan(expected);
    expect(kept % 20).toBe(0);
    expect(first.log.lines.some((l) => l.msg === 'sync stopped between pages: the app is closing')).toBe(true);
    await first.close();

    await control.faults({});
    const second = await engine({ pageSize: 20 });
    await second.sync.syncNow();
    expect(second.cache.orders.count()).toBe(expected);
    await second.close();
  });

  it('with the service gone it reports offline and keeps the cache', async () => {
    const { cache, sync, close } = await engine();
    await sync.syncNow();
    const before = cache.orders.count();
    await sandbox.close();
    const state = await sync.syncNow();
    expect(state.online).toBe(false);
    expect(state.lastError).toMatch(/unreachable/);
    expect(cache.orders.count()).toBe(before);
    sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0 });
    await close();
  });
});

import { paymentServiceFor } from '../support/payments';
import { mkdtempSync, openSync, readFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillingClient } from '../../main/billing/billing-client';
import { Cache, UnreadableOrdersError } from '../../main/cache/cache';
import { createHandlers } from '../../main/ipc/handlers';
import { dispatch } from '../../main/ipc/dispatch';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import { SyncEngine } from '../../main/sync/sync-engine';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { OrderDetail } from '../../shared/ipc/types';
import { orderFeedFor } from '../support/workers';

/**
 * A cached record damaged on disk in a way SQLite's checks don't see: reading it must not fail
 * forever with an internal error. The order is set aside, fetched again by id, and back after a sync.
 */
const TOKEN = 'sbx_postpaid_demo';
const SORT = { by: 'expire_time', dir: 'asc' } as const;
let sandbox: Sandbox;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-unreadable-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 31, ordersPerAccount: 80 });
});
afterEach(async () => sandbox.close());

async function app() {
  const log = createMemoryLogger();
  const cache = Cache.open(join(dir, 'cache.db'), log);
  const endpoint = { baseUrl: sandbox.url, token: TOKEN, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } };
  const feed = await orderFeedFor(endpoint, log);
  const client = new BillingClient({ ...endpoint, log });
  const sync = new SyncEngine({ client, feed, cache, events: new EventHub(), log, intervalMs: 3_600_000, offlineRetryMs: 3_600_000 });
  const payments = paymentServiceFor({ client, sync, cache, events: new EventHub(), log });
  const unreadable: string[][] = [];
  cache.onUnreadableOrders((ids) => unreadable.push([...ids]));
  const handlers = createHandlers({ info: { version: 't', demoMode: false, billingApiOrigin: sandbox.url, cacheNotice: null, ledgerProblem: null }, cache, sync, payments, onPageShown: () => {} });
  const call = (channel: string, input: unknown) => dispatch(handlers, log, channel, input);
  return { cache, sync, log, unreadable, call, close: async () => { await sync.stop(); await feed.close(); cache.close(); } };
}

/** Overwrites 16 bytes of the file where `marker` is stored, as a failing disk or a stray write would. */
function overwriteInFile(path: string, marker: string, replacement: string): void {
  expect(replacement).toHaveLength(16);
  const bytes = readFileSync(path);
  const at = bytes.indexOf(marker);
  expect(at).toBeGreaterThan(0);
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from(replacement), 0, 16, at);
  closeSync(fd);
}

describe('a cached order damaged on disk', () => {
  it('passes SQLite’s checks, is set aside when read instead of failing, and is back after the next sync', async () => {
    const first = await app();
    await first.sync.syncNow();
    const victim = first.cache.orders.list({ filter: {}, sort: SORT, offset: 0, limit: 1 }).rows[0]!;
    const intact = first.cache.orders.get(victim.orderId)!;
    const firstItem = intact.lineItems[0]!.lineItemId;
    await first.close();
    // The start of the order's first line item becomes garbage: the JSON no longer parses.
    overwriteInFile(join(dir, 'cache.db'), `"line_item_id":"${firstItem}"`, '\u0000\u0001garbage####!!!');
    const check = new Database(join(dir, 'cache.db'), { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    const second = await app();
    const answer = await second.call('getOrder', { orderId: victim.orderId });

    expect(answer).toEqual({ ok: true, value: null });
    expect(second.unreadable).toEqual([[victim.orderId]]);
    expect(second.cache.rejectedOrders.all().map((r) => r.orderId)).toEqual([victim.orderId]);
    expect(second.cache.audit.recent(10)).toContainEqual(expect.objectContaining({ kind: 'cache.record_unreadable', detail: expect.objectContaining({ orderId: victim.orderId }) }));
    // Until it is fetched again the sync state says an order is missing.
    expect(second.sync.state()).toMatchObject({ phase: 'incomplete', gap: { unfetchedOrders: 1 } });

    const state = await second.sync.syncNow();

    expect(state).toMatchObject({ phase: 'idle', gap: null });
    const back = await second.call('getOrder', { orderId: victim.orderId });
    expect(back.ok && (back.value as OrderDetail).lineItems).toEqual(intact.lineItems);
    await second.close();
  }, 60_000);

  it('a damaged row leaves a page of rows whole and its total true, and an export fails rather than leave it out', async () => {
    const first = await app();
    await first.sync.syncNow();
    const before = first.cache.orders.list({ filter: {}, sort: SORT, offset: 0, limit: 20 });
    const victim = before.rows[3]!.orderId;
    await first.close();
    const raw = new Database(join(dir, 'cache.db'));
    raw.prepare('UPDATE orders SET currency = ? WHERE order_id = ?').run('u$d', victim);
    raw.close();

    const second = await app();
    const page = second.cache.orders.list({ filter: {}, sort: SORT, offset: 0, limit: 20 });

    expect(page.rows.map((r) => r.orderId)).toEqual([...before.rows.map((r) => r.orderId).filter((id) => id !== victim), expect.any(String)]);
    expect(page.total).toBe(before.total - 1);
    expect(second.cache.rejectedOrders.all().map((r) => r.orderId)).toEqual([victim]);

    // The same damage met by an export: it fails, saying why, and sets the order aside too.
    await second.sync.syncNow();
    const raw2 = new Database(join(dir, 'cache.db'));
    raw2.prepare("UPDATE orders SET service_type_name = '' WHERE order_id = ?").run(victim);
    raw2.close();
    expect(() => [...second.cache.orders.iterate({}, SORT)]).toThrow(UnreadableOrdersError);
    expect(second.cache.orders.get(victim)).toBeNull();
    expect(second.cache.rejectedOrders.all().map((r) => r.orderId)).toEqual([victim]);
    await second.close();
  }, 60_000);

  it('line items that parse but are not line items (a provider without its kind) are unreadable too', async () => {
    const first = await app();
    await first.sync.syncNow();
    const victim = first.cache.orders.list({ filter: {}, sort: SORT, offset: 0, limit: 1 }).rows[0]!.orderId;
    await first.close();
    const raw = new Database(join(dir, 'cache.db'));
    raw.prepare(`UPDATE orders SET line_items = json_remove(line_items, '$[0].provider.kind') WHERE order_id = ?`).run(victim);
    raw.close();

    const second = await app();
    expect(await second.call('getOrder', { orderId: victim })).toEqual({ ok: true, value: null });
    expect(second.cache.rejectedOrders.all().map((r) => r.orderId)).toEqual([victim]);
    await second.close();
  }, 60_000);
});

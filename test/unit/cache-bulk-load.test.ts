import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../../shared/billing-api/schemas';
import { OrderStatus } from '../../shared/domain/orders';
import { Cache } from '../../main/cache/cache';
import { ORDER_COLUMNS, orderParams, toCachedOrder } from '../../main/cache/order-records';
import { buildOrder, cached } from '../support/orders';

const silent = { warn: () => {}, info: () => {} };
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const dbOf = (cache: Cache) => (cache as unknown as { db: Database }).db;
const indexes = (cache: Cache) =>
  dbOf(cache).prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'orders' AND sql IS NOT NULL ORDER BY name`).pluck().all();
const indexesAreIntact = (cache: Cache) => dbOf(cache).pragma('integrity_check', { simple: true }) === 'ok';
const search = (cache: Cache, text: string) =>
  cache.orders.list({ filter: { search: text }, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 10 }).rows.map((r) => r.orderId);
const apply = (cache: Cache, orders: Order[], generation: number, completesFullSync: boolean) =>
  cache.applySyncPage({ orders: cached(orders), nextCursor: 'c', serverTime: 0, generation, completesFullSync });

describe('the first full sync into an empty cache', () => {
  it('puts the indexes off until its last page, answering queries correctly meanwhile', () => {
    const cache = Cache.open(':memory:', silent);
    const built = indexes(cache);
    const generation = cache.syncState.beginFullSync();
    const first = [buildOrder({ order_id: 'CS-BULK-1' }), buildOrder({ order_id: 'CS-BULK-2' })];
    const second = [buildOrder({ order_id: 'CS-BULK-3' }), { ...first[0]!, status: OrderStatus.Cancelled }];

    apply(cache, first, generation, false);
    expect(indexes(cache)).toEqual([]);
    expect(search(cache, 'bulk-2')).toEqual(['CS-BULK-2']);
    expect(cache.orders.facets({}).statuses).toEqual([{ value: OrderStatus.PendingPayment, label: '6', count: 2 }]);

    apply(cache, second, generation, true);
    expect(indexes(cache)).toEqual(built);
    expect(search(cache, 'cs-bulk')).toEqual(['CS-BULK-2', 'CS-BULK-3']);
    expect(indexesAreIntact(cache)).toBe(true);
    cache.close();
  });

  it('is finished at the next open when the app stopped in the middle of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-cache-'));
    dirs.push(dir);
    const path = join(dir, 'cache.db');
    const cache = Cache.open(path, silent);
    const built = indexes(cache);
    apply(cache, [buildOrder({ order_id: 'CS-HALF-1' })], cache.syncState.beginFullSync(), false);
    cache.close();

    const reopened = Cache.open(path, silent);
    expect(indexes(reopened)).toEqual(built);
    expect(search(reopened, 'half')).toEqual(['CS-HALF-1']);
    expect(indexesAreIntact(reopened)).toBe(true);
    reopened.close();
  });

  it('lists an order that comes again in the load once, in its later state, and announces its approval', () => {
    const cache = Cache.open(':memory:', silent);
    const generation = cache.syncState.beginFullSync();
    const before = buildOrder({ order_id: 'CS-TWICE', status: OrderStatus.PendingApproval, amount_after_discount: 9_000 });
    apply(cache, [before, buildOrder({ order_id: 'CS-ONCE' }), buildOrder({ order_id: 'CS-GONE' })], generation, false);

    const second = apply(cache, [{ ...before, status: OrderStatus.PendingPayment, amount_after_discount: 7_000 }, buildOrder({ order_id: 'CS-GONE', status: OrderStatus.Completed })], generation, false);

    expect(indexes(cache)).toEqual([]);
    expect(second).toMatchObject({ removed: 1, approvedOrderIds: ['CS-TWICE'] });
    expect(cache.orders.count()).toBe(2);
    expect(search(cache, 'cs-')).toEqual(expect.arrayContaining(['CS-TWICE', 'CS-ONCE']));
    expect(cache.orders.get('CS-TWICE')).toMatchObject({ status: OrderStatus.PendingPayment, amountAfterDiscount: 7_000 });
    apply(cache, [], generation, true);
    expect(cache.orders.count()).toBe(2);
    expect(indexesAreIntact(cache)).toBe(true);
    cache.close();
  });

  it('finds by number, while the load runs, the orders each page brings', () => {
    const cache = Cache.open(':memory:', silent);
    const generation = cache.syncState.beginFullSync();
    apply(cache, [buildOrder({ order_id: 'CS-PAGE-1' })], generation, false);
    expect(search(cache, 'page')).toEqual(['CS-PAGE-1']);

    apply(cache, [buildOrder({ order_id: 'CS-PAGE-2' })], generation, false);

    expect(indexes(cache)).toEqual([]);
    expect(search(cache, 'page').sort()).toEqual(['CS-PAGE-1', 'CS-PAGE-2']);
    cache.close();
  });

  it('announces as approved only an order that came again as pending payment after pending approval', () => {
    const cache = Cache.open(':memory:', silent);
    const generation = cache.syncState.beginFullSync();
    const payable = buildOrder({ order_id: 'CS-PAYABLE', status: OrderStatus.PendingPayment });
    const waiting = buildOrder({ order_id: 'CS-WAITING', status: OrderStatus.PendingApproval });
    const approved = buildOrder({ order_id: 'CS-APPROVED', status: OrderStatus.PendingApproval });
    apply(cache, [payable, waiting, approved], generation, false);

    const again = apply(cache, [{ ...payable, amount_after_discount: 1 }, { ...waiting, amount_after_discount: 1 }, { ...approved, status: OrderStatus.PendingPayment }], generation, false);

    expect(indexes(cache)).toEqual([]);
    expect(again.approvedOrderIds).toEqual(['CS-APPROVED']);
    cache.close();
  });

  it('forgets what a failed page wrote, so the page applied again lists each order once', () => {
    const cache = Cache.open(':memory:', silent);
    const generation = cache.syncState.beginFullSync();
    const order = buildOrder({ order_id: 'CS-AGAIN' });
    apply(cache, [buildOrder({ order_id: 'CS-FIRST' })], generation, false);
    const broken = { ...cached([buildOrder()])[0]!, amountAfterDiscount: 85.5 };

    expect(() => cache.applySyncPage({ orders: [...cached([order]), broken], nextCursor: 'c', serverTime: 0, generation, completesFullSync: false })).toThrow();
    // CS-OTHER now takes the row id that the failed page had given CS-AGAIN.
    apply(cache, [buildOrder({ order_id: 'CS-OTHER' }), order], generation, false);
    apply(cache, [{ ...order, amount_after_discount: 1 }], generation, true);

    expect(cache.orders.count()).toBe(3);
    expect(cache.orders.get('CS-OTHER')).not.toBeNull();
    expect(cache.orders.get('CS-AGAIN')?.amountAfterDiscount).toBe(1);
    cache.close();
  });

  it('keeps the later row of an order left twice in the table when the unique index is built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-cache-'));
    dirs.push(dir);
    const path = join(dir, 'cache.db');
    const cache = Cache.open(path, silent);
    const order = buildOrder({ order_id: 'CS-TWICE', status: OrderStatus.PendingApproval });
    apply(cache, [order], cache.syncState.beginFullSync(), false);
    // As if something wrote around the writer: the table alone can't refuse it while loading.
    const later = orderParams(toCachedOrder({ ...order, status: OrderStatus.PendingPayment }), 1);
    dbOf(cache).prepare(`INSERT INTO orders (${ORDER_COLUMNS.join(', ')}) VALUES (${ORDER_COLUMNS.map(() => '?').join(', ')})`).run(later);
    cache.close();

    const reopened = Cache.open(path, silent);
    expect(reopened.orders.get('CS-TWICE')?.status).toBe(OrderStatus.PendingPayment);
    expect(reopened.orders.count()).toBe(1);
    expect(indexesAreIntact(reopened)).toBe(true);
    reopened.close();
  });

  it('is not used when the cache already holds orders', () => {
    const cache = Cache.open(':memory:', silent);
    apply(cache, [buildOrder()], 0, false);
    const built = indexes(cache);

    apply(cache, [buildOrder()], cache.syncState.beginFullSync(), false);

    expect(indexes(cache)).toEqual(built);
    cache.close();
  });
});

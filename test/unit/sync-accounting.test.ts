/**
 * What a sync records and tells beyond the orders themselves: a full sync's count against the total
 * the service announced (and the exact message when they differ), the audit entries of rejected
 * records and approvals, what the cache remembers of a rejected record, and the change refreshOrders
 * announces. The service is played by the test (test/support/scripted-sync.ts); the cache is a real
 * SQLite file.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BillingApiError } from '../../main/billing/billing-api-error';
import { MAX_FETCH_ATTEMPTS } from '../../main/sync/sync-engine';
import { OrderStatus } from '../../shared/domain/orders';
import { buildOrder } from '../support/orders';
import { gate, openAllGates, page, scriptedSync, unreachable, type ServiceScript } from '../support/scripted-sync';
import { tempCachePaths } from '../support/temp-files';

const cachePath = tempCachePaths();
const apps: ReturnType<typeof scriptedSync>[] = [];
const open = (script: ServiceScript) => {
  const app = scriptedSync(cachePath(), script);
  apps.push(app);
  return app;
};
afterEach(async () => {
  openAllGates();
  for (const app of apps.splice(0)) await app.close();
});

const SEVEN_PROBLEMS = ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'e: 5', 'f: 6', 'g: 7'];

describe('a full sync counted against the total the service announced', () => {
  it('short of it: incomplete, saying exactly how many never arrived, and the next sync starts over', async () => {
    const app = open({ pages: (cursor) => [page(cursor, { orders: [buildOrder(), buildOrder()], totalCount: 5 })] });

    const state = await app.engine.syncNow();

    expect(state).toMatchObject({ phase: 'incomplete', gap: { unreadableRecords: 0, shortfall: 3, unfetchedOrders: 0 }, cachedOrderCount: 2 });
    expect(state.lastError).toBe('Orders may be missing: 3 order(s) the billing service announced never arrived. The next sync asks for them again.');
    expect(app.audited('sync.incomplete')).toEqual([{ unreadableRecords: 0, shortfall: 3, unfetchedOrders: 0 }]);
    expect(app.cache.syncState.get().cursor).toBeNull();
  });

  it('short of it and with orders not fetched again: both, in one message', async () => {
    const app = open({
      pages: (cursor) => [page(cursor, { orders: [buildOrder()], rejected: [{ orderId: 'CS-R1', problems: ['currency: not a code'] }], totalCount: 4 })],
      getOrder: () => Promise.reject(unreachable()),
    });

    const state = await app.engine.syncNow();

    expect(state.gap).toEqual({ unreadableRecords: 0, shortfall: 2, unfetchedOrders: 1 });
    expect(state.lastError).toBe(
      'Orders may be missing: 2 order(s) the billing service announced never arrived; 1 order(s) arrived malformed and could not be fetched again yet. The next sync asks for them again.',
    );
  });

  it('takes the total from the first page only (the one asked for without a cursor), as the service’s contract says', async () => {
    // Four orders in two pages; a later page's count, if a service sent one, is not the sync's total.
    const app = open({
      pages: (cursor) =>
        cursor === null
          ? [page(null, { orders: [buildOrder(), buildOrder()], totalCount: 4, hasMore: true, next: 'c1' }), page('c1', { orders: [buildOrder(), buildOrder()], totalCount: 9, next: 'c2' })]
          : [page(cursor, { next: cursor })],
    });

    const state = await app.engine.syncNow();

    expect(state).toMatchObject({ phase: 'idle', gap: null, lastError: null, cachedOrderCount: 4 });
    expect(app.cache.syncState.get()).toMatchObject({ fullSyncExpected: 4, fullSyncReceived: 4 });
  });

  it('short of it, then stopped while fetching rejected orders (the app closing): the next sync, though not a full one, still says orders are missing', async () => {
    const held = gate();
    const app = open({
      pages: (cursor) =>
        cursor === null
          ? [page(null, { orders: [buildOrder()], rejected: ['CS-R1', 'CS-R2'].map((orderId) => ({ orderId, problems: ['currency: not a code'] })), totalCount: 4, next: 'c1' })]
          : [page(cursor, { next: cursor })],
      getOrder: async (orderId) => {
        await held.opened;
        return buildOrder({ order_id: orderId });
      },
    });
    const first = app.engine.syncNow();
    await vi.waitUntil(() => app.fetches.length === 1);
    const stopping = app.engine.stop();
    held.open();
    await stopping;
    await first;
    // The pages were all read, so the next sync goes on from the cursor; three of four arrived.
    expect(app.cache.syncState.get()).toMatchObject({ cursor: 'c1', fullSyncInProgress: false, fullSyncExpected: 4, fullSyncReceived: 3 });

    app.engine.start();
    const next = await app.engine.syncNow();

    expect(next).toMatchObject({ phase: 'incomplete', gap: { unreadableRecords: 0, shortfall: 1, unfetchedOrders: 0 } });
    expect(next.lastError).toBe('Orders may be missing: 1 order(s) the billing service announced never arrived. The next sync asks for them again.');
    expect(app.cache.syncState.get().cursor).toBeNull();
  });
});

describe('the audit log and the cache, of a rejected record', () => {
  it('record its first five problems, joined in what is remembered of the order', async () => {
    const app = open({ pages: (cursor) => [page(cursor, { rejected: [{ orderId: 'CS-R1', problems: SEVEN_PROBLEMS }] })] });
    // An order already given up on: it is not fetched again, so what is remembered is the record's problem.
    app.cache.applySyncPage({ orders: [], rejected: [{ orderId: 'CS-R1', problem: 'earlier', at: 1 }], nextCursor: 'c0', serverTime: 0, generation: 0, completesFullSync: false });
    for (let i = 0; i < MAX_FETCH_ATTEMPTS; i++) app.cache.rejectedOrders.recordFailedFetch('CS-R1', new BillingApiError('malformed', 'not an order').message);
    app.cache.syncState.resetCursor();

    await app.engine.syncNow();

    expect(app.fetches).toEqual([]);
    expect(app.audited('sync.record_rejected')).toEqual([{ orderId: 'CS-R1', problems: SEVEN_PROBLEMS.slice(0, 5) }]);
    expect(app.cache.rejectedOrders.all()).toEqual([expect.objectContaining({ orderId: 'CS-R1', attempts: MAX_FETCH_ATTEMPTS, lastProblem: 'a: 1; b: 2; c: 3; d: 4; e: 5' })]);
  });
});

describe('an approval', () => {
  it('is announced and audited with its order', async () => {
    const waiting = buildOrder({ order_id: 'CS-WAITING', status: OrderStatus.PendingApproval });
    const app = open({ pages: (cursor) => [cursor === null ? page(null, { orders: [waiting], next: 'c1' }) : page(cursor, { orders: [{ ...waiting, status: OrderStatus.PendingPayment }], next: 'c2' })] });
    await app.engine.syncNow();
    expect(app.audited('order.approved')).toEqual([]);

    await app.engine.syncNow();

    expect(app.announced('order-approved')).toEqual([{ type: 'order-approved', orderId: 'CS-WAITING' }]);
    expect(app.audited('order.approved')).toEqual([{ orderId: 'CS-WAITING' }]);
  });
});

describe('refreshOrders', () => {
  it('announces a change that both caches an order and drops one', async () => {
    const kept = buildOrder({ order_id: 'CS-KEPT' });
    const paid = buildOrder({ order_id: 'CS-PAID' });
    const app = open({
      pages: (cursor) => [page(cursor, { orders: [kept, paid] })],
      getOrder: (orderId) => Promise.resolve(orderId === 'CS-PAID' ? { ...paid, status: OrderStatus.Completed } : kept),
    });
    await app.engine.syncNow();
    app.received.length = 0;

    await app.engine.refreshOrders(['CS-KEPT', 'CS-PAID']);

    expect(app.announced('orders-changed')).toEqual([{ type: 'orders-changed', upserted: 1, removed: 1 }]);
    expect(app.cache.orders.get('CS-PAID')).toBeNull();
  });
});

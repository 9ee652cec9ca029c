/**
 * After the pages, the sync fetches on their own the orders whose records it rejected: what it
 * caches, what it keeps remembered, when it goes on to the next such order and when it ends the
 * round, what the page is then told, and what the audit log records. The service is played by the
 * test (test/support/scripted-sync.ts); the cache is a real SQLite file.
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
afterEach(async () => {
  openAllGates();
  for (const app of apps.splice(0)) await app.close();
});

const malformedRecord = (orderId: string) => ({ orderId, problems: ['official_amount: Invalid input: expected int, received number'] });

/** A first sync whose one page brings a valid order and rejects the records of `rejectedIds`; later syncs bring nothing new. */
function withRejected(rejectedIds: readonly string[], getOrder: ServiceScript['getOrder']) {
  const app = scriptedSync(cachePath(), {
    pages: (cursor) => [cursor === null ? page(null, { orders: [buildOrder({ order_id: 'CS-VALID' })], rejected: rejectedIds.map(malformedRecord), next: 'c1' }) : page(cursor, { next: cursor })],
    getOrder,
  });
  apps.push(app);
  return app;
}

const remembered = (app: ReturnType<typeof scriptedSync>) => app.cache.rejectedOrders.all().map((r) => ({ orderId: r.orderId, attempts: r.attempts }));

describe('a rejected order fetched again on its own', () => {
  it('is cached as the service has it, forgotten as rejected, and audited as found', async () => {
    const app = withRejected(['CS-R1'], (id) => Promise.resolve(buildOrder({ order_id: id, amount_after_discount: 4_321 })));

    const state = await app.engine.syncNow();

    expect(state).toMatchObject({ phase: 'idle', gap: null, lastError: null, cachedOrderCount: 2 });
    expect(app.cache.orders.get('CS-R1')?.amountAfterDiscount).toBe(4_321);
    expect(app.cache.rejectedOrders.all()).toEqual([]);
    expect(app.audited('sync.rejected_order_recovered')).toEqual([{ orderId: 'CS-R1', found: true }]);
  });

  it('when the service can’t be reached for it: stays remembered, the round ends there, and the page is told orders may be missing', async () => {
    const app = withRejected(['CS-R1', 'CS-R2'], () => Promise.reject(unreachable()));

    const state = await app.engine.syncNow();

    // Fetching the next would only fail the same way: it waits for the next sync.
    expect(app.fetches).toEqual(['CS-R1']);
    expect(remembered(app)).toEqual([{ orderId: 'CS-R1', attempts: 1 }, { orderId: 'CS-R2', attempts: 0 }]);
    expect(app.cache.rejectedOrders.all()[0]?.lastProblem).toBe('billing API unreachable (ECONNREFUSED)');
    expect(app.cache.orders.get('CS-VALID')).not.toBeNull();
    expect(state).toMatchObject({ phase: 'incomplete', online: true, failure: null, gap: { unreadableRecords: 0, shortfall: 0, unfetchedOrders: 2 } });
    expect(state.lastError).toBe('Orders may be missing: 2 order(s) arrived malformed and could not be fetched again yet. The next sync asks for them again.');
    expect(app.audited('sync.incomplete')).toEqual([{ unreadableRecords: 0, shortfall: 0, unfetchedOrders: 2 }]);
    expect(app.audited('sync.rejected_order_recovered')).toEqual([]);
  });

  it('still malformed: stays remembered, and the round goes on to the next order', async () => {
    const app = withRejected(['CS-R1', 'CS-R2'], (id) =>
      id === 'CS-R1' ? Promise.reject(new BillingApiError('malformed', 'the billing API sent an order that is not one')) : Promise.resolve(buildOrder({ order_id: id })),
    );

    const state = await app.engine.syncNow();

    expect(app.fetches).toEqual(['CS-R1', 'CS-R2']);
    expect(remembered(app)).toEqual([{ orderId: 'CS-R1', attempts: 1 }]);
    expect(app.cache.orders.get('CS-R2')).not.toBeNull();
    expect(app.audited('sync.rejected_order_recovered')).toEqual([{ orderId: 'CS-R2', found: true }]);
    expect(state).toMatchObject({ phase: 'incomplete', gap: { unfetchedOrders: 1 } });
  });

  it(`asked for ${MAX_FETCH_ATTEMPTS} times in vain, is asked for no more, and stays remembered and told as missing`, async () => {
    const app = withRejected(['CS-R1'], () => Promise.reject(new BillingApiError('malformed', 'still not an order')));

    for (let i = 0; i < MAX_FETCH_ATTEMPTS + 3; i++) await app.engine.syncNow();
    const state = await app.engine.syncNow();

    expect(app.fetches).toHaveLength(MAX_FETCH_ATTEMPTS);
    expect(remembered(app)).toEqual([{ orderId: 'CS-R1', attempts: MAX_FETCH_ATTEMPTS }]);
    expect(state).toMatchObject({ phase: 'incomplete', gap: { unfetchedOrders: 1 } });
  });

  it('cached before, it stays cached as it stood while it can’t be fetched, and is not taken for gone', async () => {
    // The first sync caches it; in the next, its record arrives malformed and it can't be fetched.
    const app = scriptedSync(cachePath(), {
      pages: (cursor) => [cursor === null ? page(null, { orders: [buildOrder({ order_id: 'CS-R1', status: OrderStatus.PendingApproval })], next: 'c1' }) : page(cursor, { rejected: [malformedRecord('CS-R1')], next: 'c2' })],
      getOrder: () => Promise.reject(unreachable()),
    });
    apps.push(app);
    await app.engine.syncNow();

    const state = await app.engine.syncNow();

    expect(app.fetches).toEqual(['CS-R1']);
    expect(app.cache.orders.get('CS-R1')?.status).toBe(OrderStatus.PendingApproval);
    expect(remembered(app)).toEqual([{ orderId: 'CS-R1', attempts: 1 }]);
    expect(state).toMatchObject({ phase: 'incomplete', cachedOrderCount: 1, gap: { unfetchedOrders: 1 } });
  });

  it('a fault of Settle’s own while fetching it fails the sync as internal, and the order is not counted as tried', async () => {
    const app = withRejected(['CS-R1'], () => Promise.reject(new TypeError('Cannot read properties of undefined (reading \'order_id\')')));

    const state = await app.engine.syncNow();

    expect(state).toMatchObject({ failure: { kind: 'internal', code: null }, online: true, lastError: 'Cannot read properties of undefined (reading \'order_id\')' });
    expect(remembered(app)).toEqual([{ orderId: 'CS-R1', attempts: 0 }]);
  });

  it('stopped while fetching one (the app closing), it fetches no more of them', async () => {
    const held = gate();
    const app = withRejected(['CS-R1', 'CS-R2', 'CS-R3'], async (id) => {
      await held.opened;
      return buildOrder({ order_id: id });
    });

    const running = app.engine.syncNow();
    await vi.waitUntil(() => app.fetches.length === 1);
    const stopping = app.engine.stop();
    held.open();
    await stopping;
    await running;

    expect(app.fetches).toEqual(['CS-R1']);
    expect(remembered(app).map((r) => r.orderId)).toEqual(['CS-R2', 'CS-R3']);
  });
});

/**
 * What the page is told when a sync fails: each kind of billing failure becomes its own warning
 * kind (with the service's code), whether the app counts as offline, and what is stored as the
 * last error; a failure that is not the billing API's is Settle's own ('internal').
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BillingApiError, type BillingFailureKind } from '../../main/billing/billing-api-error';
import type { BillingClient } from '../../main/billing/billing-client';
import { Cache } from '../../main/cache/cache';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import type { OrderPageSource } from '../../main/sync/order-feed';
import { SyncEngine } from '../../main/sync/sync-engine';
import { buildOrder } from '../support/orders';

const engines: { engine: SyncEngine; cache: Cache }[] = [];
afterEach(async () => {
  for (const { engine, cache } of engines.splice(0)) {
    await engine.stop();
    cache.close();
  }
});

function failingWith(error: unknown) {
  const cache = Cache.open(':memory:', createMemoryLogger());
  const client = { getAccount: () => Promise.reject(error), getServiceTypes: () => Promise.reject(error), getOrder: () => Promise.reject(error) } as unknown as BillingClient;
  const feed: OrderPageSource = {
    // eslint-disable-next-line require-yield
    async *pages() {
      throw error;
    },
  };
  const engine = new SyncEngine({ client, feed, cache, events: new EventHub(), log: createMemoryLogger(), intervalMs: 3_600_000, offlineRetryMs: 3_600_000 });
  engines.push({ engine, cache });
  return engine;
}

describe('a failed sync, as the page is told it', () => {
  const cases: [BillingFailureKind, { kind: string; online: boolean }][] = [
    ['network', { kind: 'unreachable', online: false }],
    ['server', { kind: 'unreachable', online: false }],
    ['rate_limited', { kind: 'unreachable', online: false }],
    ['unauthorized', { kind: 'unauthorized', online: true }],
    ['malformed', { kind: 'malformed', online: true }],
    ['rejected', { kind: 'rejected', online: true }],
    ['cursor_expired', { kind: 'internal', online: true }],
  ];
  for (const [billingKind, expected] of cases) {
    it(`a ${billingKind} failure: ${expected.kind}, ${expected.online ? 'online' : 'offline'}, with the service's code and message`, async () => {
      const engine = failingWith(new BillingApiError(billingKind, `billing says no (${billingKind})`, { errorCode: 'CBC.4242' }));
      const state = await engine.syncNow();
      expect(state.failure).toEqual({ kind: expected.kind, code: 'CBC.4242' });
      expect(state.online).toBe(expected.online);
      expect(state.lastError).toBe(`billing says no (${billingKind})`);
      expect(state.phase).toBe('idle');
    });
  }

  it('without a code from the service, the code is null', async () => {
    const state = await failingWith(new BillingApiError('unauthorized', 'access denied by the billing API (HTTP 401)')).syncNow();
    expect(state.failure).toEqual({ kind: 'unauthorized', code: null });
  });

  it('a fault of Settle itself is internal, keeps the app online, and is stored as the last error', async () => {
    const state = await failingWith(new TypeError('Cannot read properties of undefined')).syncNow();
    expect(state.failure).toEqual({ kind: 'internal', code: null });
    expect(state.online).toBe(true);
    expect(state.lastError).toBe('Cannot read properties of undefined');
  });

  it('a success afterwards clears the failure', async () => {
    const cache = Cache.open(':memory:', createMemoryLogger());
    let fail = true;
    const account = { customer_id: 'c1', name: 'Acme', currency: 'USD', country: 'US', postpaid: true, monthly_settlement_enabled: true, bound_mobile_masked: 'm', bound_email_masked: 'e' };
    const client = {
      getAccount: () => (fail ? Promise.reject(new BillingApiError('malformed', 'garbage')) : Promise.resolve(account)),
      getServiceTypes: () => Promise.resolve([]),
    } as unknown as BillingClient;
    const feed: OrderPageSource = {
      async *pages(cursor) {
        yield { requestedWith: cursor, orders: [], rejected: [], nextCursor: 'c1', hasMore: false, serverTime: Date.now() };
      },
    };
    const engine = new SyncEngine({ client, feed, cache, events: new EventHub(), log: createMemoryLogger(), intervalMs: 3_600_000, offlineRetryMs: 3_600_000 });
    engines.push({ engine, cache });
    expect((await engine.syncNow()).failure?.kind).toBe('malformed');
    fail = false;
    const state = await engine.syncNow();
    expect(state.failure).toBeNull();
    expect(state.lastSuccessAt).not.toBeNull();
  });
});

describe('a sync that keeps meeting a record naming no order', () => {
  it('asks for the page again from the same cursor, then ends incomplete, saying exactly what is missing, and audits it', async () => {
    const cache = Cache.open(':memory:', createMemoryLogger());
    const account = { customer_id: 'c1', name: 'Acme', currency: 'USD', country: 'US', postpaid: true, monthly_settlement_enabled: true, bound_mobile_masked: 'm', bound_email_masked: 'e' };
    const client = { getAccount: () => Promise.resolve(account), getServiceTypes: () => Promise.resolve([]) } as unknown as BillingClient;
    const askedWith: (string | null)[] = [];
    const feed: OrderPageSource = {
      async *pages(cursor) {
        askedWith.push(cursor);
        yield {
          requestedWith: cursor,
          orders: [],
          rejected: [{ orderId: null, problems: ['order_id: missing', 'official_amount: not an integer'] }, { orderId: 'CS-BROKEN', problems: ['currency: not a code'] }],
          nextCursor: 'next',
          hasMore: false,
          serverTime: Date.now(),
        };
      },
    };
    const engine = new SyncEngine({ client, feed, cache, events: new EventHub(), log: createMemoryLogger(), intervalMs: 3_600_000, offlineRetryMs: 3_600_000 });
    engines.push({ engine, cache });

    const state = await engine.syncNow();

    expect(askedWith).toEqual([null, null, null, null, null]);
    expect(state.phase).toBe('incomplete');
    expect(state.gap).toEqual({ unreadableRecords: 1, shortfall: 0, unfetchedOrders: 0 });
    expect(state.lastError).toBe('Orders may be missing: 1 order record(s) could not be read, even after asking again. The next sync asks for them again.');
    const audit = cache.audit.recent(20);
    expect(audit[0]).toMatchObject({ kind: 'sync.incomplete', detail: { unreadableRecords: 1, shortfall: 0, unfetchedOrders: 0 } });
    expect(audit.filter((e) => e.kind === 'sync.record_rejected').map((e) => e.detail)).toContainEqual({ orderId: 'CS-BROKEN', problems: ['currency: not a code'] });
  });
});

describe('refreshOrders (before and after a payment)', () => {
  it('caches what the service answers, drops what it no longer has, and announces a change only when there was one', async () => {
    const cache = Cache.open(':memory:', createMemoryLogger());
    const unpaid = buildOrder({ order_id: 'CS-KEPT', status: 6 });
    const client = {
      getOrder: (id: string) => (id === 'CS-KEPT' ? Promise.resolve(unpaid) : Promise.reject(new BillingApiError('rejected', 'order does not exist', { httpStatus: 404 }))),
    } as unknown as BillingClient;
    const events = new EventHub();
    const seen: unknown[] = [];
    events.subscribe((e) => e.type === 'orders-changed' && seen.push(e));
    const feed: OrderPageSource = { async *pages() {} };
    const engine = new SyncEngine({ client, feed, cache, events, log: createMemoryLogger(), intervalMs: 3_600_000 });
    engines.push({ engine, cache });

    const first = await engine.refreshOrders(['CS-KEPT', 'CS-GONE']);
    expect(first.orders.map((o) => o.order_id)).toEqual(['CS-KEPT']);
    expect(first.missingIds).toEqual(['CS-GONE']);
    expect(cache.orders.get('CS-KEPT')?.status).toBe(6);
    expect(seen).toEqual([{ type: 'orders-changed', upserted: 1, removed: 0 }]);

    // Only an order the cache never had, still missing: nothing changed, nothing announced.
    expect(await engine.refreshOrders(['CS-GONE'])).toEqual({ orders: [], missingIds: ['CS-GONE'] });
    expect(seen).toHaveLength(1);
  });

  it('throws what the service failed with, other than a missing order', async () => {
    const cache = Cache.open(':memory:', createMemoryLogger());
    const client = { getOrder: () => Promise.reject(new BillingApiError('server', 'billing API error (HTTP 503)', { httpStatus: 503 })) } as unknown as BillingClient;
    const feed: OrderPageSource = { async *pages() {} };
    const engine = new SyncEngine({ client, feed, cache, events: new EventHub(), log: createMemoryLogger(), intervalMs: 3_600_000 });
    engines.push({ engine, cache });
    await expect(engine.refreshOrders(['CS-1'])).rejects.toMatchObject({ kind: 'server' });
  });
});

describe('the billing service’s clock', () => {
  it('is measured on the sync’s last page: deadlines are then judged on the service’s time, not this machine’s', async () => {
    const cache = Cache.open(':memory:', createMemoryLogger());
    const account = { customer_id: 'c1', name: 'Acme', currency: 'USD', country: 'US', postpaid: true, monthly_settlement_enabled: true, bound_mobile_masked: 'm', bound_email_masked: 'e' };
    const client = { getAccount: () => Promise.resolve(account), getServiceTypes: () => Promise.resolve([]) } as unknown as BillingClient;
    const HOUR = 3_600_000;
    const feed: OrderPageSource = {
      async *pages(cursor) {
        // The service's clock runs an hour ahead of this machine's.
        yield { requestedWith: cursor, orders: [], rejected: [], nextCursor: 'c1', hasMore: true, serverTime: Date.now() + 5 * HOUR };
        yield { requestedWith: 'c1', orders: [], rejected: [], nextCursor: 'c2', hasMore: false, serverTime: Date.now() + HOUR };
      },
    };
    const engine = new SyncEngine({ client, feed, cache, events: new EventHub(), log: createMemoryLogger(), intervalMs: 3_600_000 });
    engines.push({ engine, cache });
    const state = await engine.syncNow();
    expect(Math.abs(state.serverClockOffsetMs - HOUR)).toBeLessThan(5_000);
  });
});

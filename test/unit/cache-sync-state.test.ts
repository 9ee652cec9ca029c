import { describe, expect, it } from 'vitest';
import type { Account } from '../../shared/billing-api/schemas';
import { Cache } from '../../main/cache/cache';
import { cached, buildOrder } from '../support/orders';
import { tempCachePaths } from '../support/temp-files';

const cachedOrderFor = (orderId: string) => cached([buildOrder({ order_id: orderId })])[0]!;

const silent = { warn: () => {}, info: () => {} };
const cachePath = tempCachePaths();

const account: Account = {
  customer_id: 'cust-1',
  name: 'Example Ltd',
  currency: 'USD',
  country: 'US',
  postpaid: true,
  monthly_settlement_enabled: false,
  bound_mobile_masked: '+1 *** *** 4242',
  bound_email_masked: 'f***@example.com',
};

describe('SyncStateRepository', () => {
  it('counts a full sync’s received records in its pages, against the total its first page announced, across a reopen', () => {
    const path = cachePath();
    const first = Cache.open(path, silent);
    const generation = first.syncState.beginFullSync();
    const order = (id: string) => ({ ...cachedOrderFor(id) });
    first.applySyncPage({ orders: [order('A'), order('B')], rejected: [{ orderId: 'C', problem: 'bad', at: 1 }], nextCursor: 'c-1', serverTime: 1, generation, completesFullSync: false, expectedTotal: 5 });
    first.close();
    const second = Cache.open(path, silent);
    second.applySyncPage({ orders: [order('D')], nextCursor: 'c-2', serverTime: 2, generation, completesFullSync: true });
    // After the full sync ended, an incremental page counts for nothing.
    second.applySyncPage({ orders: [order('E')], nextCursor: 'c-3', serverTime: 3, generation, completesFullSync: false, expectedTotal: 99 });
    expect(second.syncState.get()).toMatchObject({ fullSyncExpected: 5, fullSyncReceived: 4, fullSyncInProgress: false });
    // A new full sync starts counting from nothing.
    second.syncState.beginFullSync();
    expect(second.syncState.get()).toMatchObject({ fullSyncExpected: null, fullSyncReceived: 0 });
    second.close();
  });

  it('keeps a gap until a sync accounts for everything', () => {
    const cache = Cache.open(':memory:', silent);
    cache.syncState.recordGap({ unreadableRecords: 2, shortfall: 1 }, 'Orders may be missing');
    expect(cache.syncState.get()).toMatchObject({ gap: { unreadableRecords: 2, shortfall: 1 }, lastError: 'Orders may be missing' });
    cache.syncState.recordSuccess(10, 0);
    expect(cache.syncState.get()).toMatchObject({ gap: { unreadableRecords: 0, shortfall: 0 }, lastError: null, lastSuccessAt: 10 });
    cache.close();
  });

  it('starts empty', () => {
    const cache = Cache.open(':memory:', silent);
    expect(cache.syncState.get()).toEqual({
      cursor: null,
      generation: 0,
      fullSyncInProgress: false,
      serverTime: null,
      lastSuccessAt: null,
      lastAttemptAt: null,
      lastError: null,
      serverClockOffsetMs: 0,
      fullSyncExpected: null,
      fullSyncReceived: 0,
      gap: { unreadableRecords: 0, shortfall: 0 },
    });
    expect(cache.syncState.account()).toBeNull();
    expect(cache.syncState.serviceTypes()).toEqual([]);
    cache.close();
  });

  it('keeps the sync state, account and service types across a reopen', () => {
    const path = cachePath();
    const first = Cache.open(path, silent);
    expect(first.syncState.beginFullSync()).toBe(1);
    first.applySyncPage({ orders: [], nextCursor: 'c-1', serverTime: 1_000, generation: 1, completesFullSync: false });
    first.syncState.recordAttempt(2_000);
    first.syncState.recordSuccess(2_100, -250.4);
    first.syncState.saveAccount(account);
    first.syncState.saveServiceTypes([
      { code: 'hws.service.type.vpc', name: 'Virtual Private Cloud' },
      { code: 'hws.service.type.ec2', name: 'Elastic Cloud Server' },
    ]);
    first.close();

    const second = Cache.open(path, silent);
    expect(second.syncState.get()).toEqual({
      cursor: 'c-1',
      generation: 1,
      fullSyncInProgress: true,
      serverTime: 1_000,
      lastSuccessAt: 2_100,
      lastAttemptAt: 2_000,
      lastError: null,
      serverClockOffsetMs: -250,
      fullSyncExpected: null,
      fullSyncReceived: 0,
      gap: { unreadableRecords: 0, shortfall: 0 },
    });
    expect(second.syncState.account()).toEqual({
      customerId: 'cust-1',
      name: 'Example Ltd',
      currency: 'USD',
      country: 'US',
      postpaid: true,
      monthlySettlementEnabled: false,
      boundMobileMasked: '+1 *** *** 4242',
      boundEmailMasked: 'f***@example.com',
    });
    expect(second.syncState.serviceTypes()).toEqual([
      { code: 'hws.service.type.ec2', name: 'Elastic Cloud Server' },
      { code: 'hws.service.type.vpc', name: 'Virtual Private Cloud' },
    ]);
    second.close();
  });

  it('records a failure until the next success, and forgets the cursor on request', () => {
    const cache = Cache.open(':memory:', silent);
    cache.applySyncPage({ orders: [], nextCursor: 'c-9', serverTime: 0, generation: 0, completesFullSync: false });
    cache.syncState.recordFailure(5_000, 'billing API unreachable');
    expect(cache.syncState.get()).toMatchObject({ lastAttemptAt: 5_000, lastError: 'billing API unreachable' });

    cache.syncState.recordSuccess(6_000, 0);
    cache.syncState.resetCursor();
    expect(cache.syncState.get()).toMatchObject({ lastSuccessAt: 6_000, lastError: null, cursor: null });
    cache.close();
  });

  it('replaces the account and the service type list', () => {
    const cache = Cache.open(':memory:', silent);
    cache.syncState.saveAccount(account);
    cache.syncState.saveAccount({ ...account, name: 'Renamed Ltd', monthly_settlement_enabled: true });
    cache.syncState.saveServiceTypes([{ code: 'a', name: 'A' }]);
    cache.syncState.saveServiceTypes([{ code: 'b', name: 'B' }]);

    expect(cache.syncState.account()).toMatchObject({ name: 'Renamed Ltd', monthlySettlementEnabled: true });
    expect(cache.syncState.serviceTypes()).toEqual([{ code: 'b', name: 'B' }]);
    cache.close();
  });
});

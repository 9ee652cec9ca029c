import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_UNREADABLE_PAGE_READS } from '../../main/sync/sync-engine';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { SandboxControl } from '../support/sandbox-control';
import { lossyBillingApi } from '../support/lossy-billing-api';
import { cachedOrders, serviceOrders, syncEngineFor } from '../support/sync-outcome';

/**
 * A sync must never end "idle" with orders missing: every unpaid order of the service ends up in
 * the cache, or the sync state says orders may be missing. These tests break the billing API the
 * ways that used to lose orders silently: records without an order id, and an API that delivers
 * fewer records than it announced. The 50,000-order runs through malformed records and mixed faults
 * are in sync-missing-orders.soak.test.ts.
 */
const POSTPAID = 'sbx_postpaid_demo';
let sandbox: Sandbox;
let control: SandboxControl;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settle-sync-missing-'));
});
afterEach(async () => sandbox?.close());

describe('a full sync through unreadable records', () => {
  it('a page whose unreadable records keep coming back stops the sync visibly, keeps its cursor, and the next sync resumes there', async () => {
    sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 11, ordersPerAccount: 120 });
    control = new SandboxControl(sandbox.url);
    const api = await lossyBillingApi(sandbox.url, { unreadableFromRequest: 0 });
    const { cache, sync, close } = await syncEngineFor(dir, api.url, POSTPAID, 40);

    const state = await sync.syncNow();

    expect(state.phase).toBe('incomplete');
    expect(state.gap).toMatchObject({ unreadableRecords: 1 });
    expect(state.lastError).toMatch(/1 order record\(s\) could not be read/);
    // Asked for the same first page each time, then gave up on it without moving the cursor.
    expect(api.orderRequests.filter((q) => !q.has('cursor'))).toHaveLength(MAX_UNREADABLE_PAGE_READS);
    expect(cache.syncState.get().cursor).toBeNull();

    api.heal();
    const next = await sync.syncNow();
    expect(next).toMatchObject({ phase: 'idle', gap: null, lastError: null });
    expect(cachedOrders(cache)).toEqual(serviceOrders(await control.unpaidOrders(POSTPAID)));
    await api.close();
    await close();
  }, 60_000);
});

describe('a full sync counts what it received against what the service announced', () => {
  it('reports a shortfall, not "idle", when records vanish between the service and the app, and starts over next time', async () => {
    sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 11, ordersPerAccount: 120 });
    control = new SandboxControl(sandbox.url);
    const api = await lossyBillingApi(sandbox.url, { dropOneRecordPerPage: true });
    const { cache, sync, close } = await syncEngineFor(dir, api.url, POSTPAID, 40);

    const state = await sync.syncNow();

    expect(api.dropped()).toBeGreaterThan(1);
    expect(state.phase).toBe('incomplete');
    expect(state.gap).toMatchObject({ shortfall: api.dropped(), unreadableRecords: 0 });
    expect(state.lastError).toMatch(new RegExp(`${api.dropped()} order\\(s\\) the billing service announced never arrived`));
    expect(cache.audit.recent(100).some((e) => e.kind === 'sync.incomplete')).toBe(true);
    // The next sync is a full one again, which with the records flowing whole accounts for all.
    expect(cache.syncState.get().cursor).toBeNull();
    api.heal();
    const next = await sync.syncNow();
    expect(next).toMatchObject({ phase: 'idle', gap: null });
    expect(cachedOrders(cache)).toEqual(serviceOrders(await control.unpaidOrders(POSTPAID)));
    await api.close();
    await close();
  }, 60_000);

  it('the sandbox announces the account’s unpaid orders on a full sync’s first page only', async () => {
    sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 11, ordersPerAccount: 120 });
    control = new SandboxControl(sandbox.url);
    const get = async (query: string) => (await fetch(`${sandbox.url}/v1/orders?${query}`, { headers: { Authorization: `Bearer ${POSTPAID}` } })).json();
    const first = (await get('limit=10')) as { total_count?: number; next_cursor: string };
    const second = (await get(`limit=10&cursor=${first.next_cursor}`)) as { total_count?: number };
    expect(first.total_count).toBe((await control.unpaidOrders(POSTPAID)).length);
    expect(second.total_count).toBeUndefined();
  });
});

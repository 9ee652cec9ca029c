import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/app-core';
import { startSettle } from '../../main/app/start-settle';
import { createMemoryLogger } from '../../main/logger';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { AppEvent, SyncState } from '../../shared/ipc/types';
import { workerUrl } from '../support/workers';

let sandbox: Sandbox;
let dataDir: string;
beforeEach(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'settle-start-'));
  dataDir = join(dir, 'app');
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 5, ordersPerAccount: 60 });
});
afterEach(async () => sandbox.close());

async function launch(): Promise<{ core: AppCore; events: AppEvent[]; syncState(): Promise<SyncState>; log: ReturnType<typeof createMemoryLogger> }> {
  const log = createMemoryLogger();
  const core = await startSettle({
    dataDir,
    env: { BILLING_API_URL: sandbox.url, BILLING_API_TOKEN: 'sbx_postpaid_demo' },
    version: 'test',
    log,
    workers: { orderFeed: await workerUrl('orderFeed'), walCheckpoint: await workerUrl('walCheckpoint') },
  });
  const events: AppEvent[] = [];
  core.onEvent((event) => events.push(event));
  const syncState = async () => {
    const result = await core.dispatch('getSyncState', undefined);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as SyncState;
  };
  return { core, events, syncState, log };
}

async function untilIdleAfterSync(syncState: () => Promise<SyncState>): Promise<SyncState> {
  for (;;) {
    const state = await syncState();
    if (state.phase === 'idle' && state.lastSuccessAt !== null) return state;
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('starting the app', () => {
  it('syncs at once into an empty cache: the page has nothing to show until then', async () => {
    const { core, syncState, log } = await launch();
    expect((await syncState()).phase).toBe('syncing');
    expect((await untilIdleAfterSync(syncState)).cachedOrderCount).toBeGreaterThan(0);
    // Everything start-up defers (the sync, reconciling payments, the search index) started without a fault.
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
    await core.close();
  });

  it('with cached orders, holds the sync back until the page has shown them', async () => {
    const first = await launch();
    await untilIdleAfterSync(first.syncState);
    await first.core.close();

    const { core, events, syncState } = await launch();
    const before = await syncState();
    expect(before.phase).toBe('idle');
    expect(events).toEqual([]);
    expect(await core.dispatch('pageShown', undefined)).toEqual({ ok: true, value: null });
    expect((await syncState()).phase).toBe('syncing');
    const after = await untilIdleAfterSync(syncState);
    expect(after.lastSuccessAt).toBeGreaterThan(before.lastSuccessAt!);
    // Said again (a reload), it starts nothing more.
    await core.dispatch('pageShown', undefined);
    expect((await syncState()).phase).toBe('idle');
    await core.close();
  });
});

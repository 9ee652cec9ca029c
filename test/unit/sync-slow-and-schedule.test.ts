/**
 * When the page is told a sync is slow, and when the engine's own timer starts the next sync: after
 * stop() none, after a sync asked for by hand a whole interval later, after an incomplete sync soon
 * (as after a failure). On fake timers, with the service played by the test (test/support/scripted-sync.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SLOW_AFTER_MS } from '../../main/sync/sync-engine';
import { buildOrder } from '../support/orders';
import { gate, openAllGates, page, scriptedSync } from '../support/scripted-sync';
import { tempCachePaths } from '../support/temp-files';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const cachePath = tempCachePaths();
const apps: ReturnType<typeof scriptedSync>[] = [];
const open = (...args: Parameters<typeof scriptedSync> extends [string, ...infer Rest] ? Rest : never) => {
  const app = scriptedSync(cachePath(), ...args);
  apps.push(app);
  return app;
};
const settle = (condition: () => boolean) => vi.waitUntil(condition, { interval: 0 });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  openAllGates();
  for (const app of apps.splice(0)) await app.close();
  vi.useRealTimers();
});

describe('a slow sync', () => {
  it(`is announced once it has waited ${SLOW_AFTER_MS / SECOND} s on the service, is no longer slow when a page arrives, and never once it ended`, async () => {
    const firstPage = gate();
    const lastPage = gate();
    const app = open({
      async *pages(cursor) {
        await firstPage.opened;
        yield page(cursor, { orders: [buildOrder()], hasMore: true, next: 'c1' });
        await lastPage.opened;
        yield page('c1', { orders: [buildOrder()] });
      },
    });
    const done = app.engine.syncNow();
    expect(app.states().map((s) => [s.phase, s.slow])).toEqual([['syncing', false]]);

    await vi.advanceTimersByTimeAsync(SLOW_AFTER_MS - 1);
    expect(app.states()).toHaveLength(1);
    expect(app.engine.state()).toMatchObject({ phase: 'syncing', slow: false });
    await vi.advanceTimersByTimeAsync(1);
    expect(app.states().map((s) => [s.phase, s.slow])).toEqual([['syncing', false], ['syncing', true]]);
    expect(app.engine.state().slow).toBe(true);

    // The first page arrives: the service answered, so not slow, until it waits as long again.
    firstPage.open();
    await settle(() => app.cache.orders.count() === 1);
    expect(app.states().at(-1)).toMatchObject({ phase: 'syncing', slow: false });
    expect(app.engine.state().slow).toBe(false);
    await vi.advanceTimersByTimeAsync(SLOW_AFTER_MS - 1);
    expect(app.engine.state().slow).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(app.states().at(-1)).toMatchObject({ phase: 'syncing', slow: true });

    lastPage.open();
    expect(await done).toMatchObject({ phase: 'idle', slow: false });
    const published = app.states().length;
    expect(app.states().at(-1)).toMatchObject({ phase: 'idle', slow: false });
    // Nothing is left to say it is slow after the end.
    await vi.advanceTimersByTimeAsync(10 * SLOW_AFTER_MS);
    expect(app.states()).toHaveLength(published);
    expect(app.engine.state().slow).toBe(false);
  });
});

describe('the next sync on the engine’s timer', () => {
  it('after stop(), none starts', async () => {
    const app = open({ pages: (cursor) => [page(cursor)] }, { intervalMs: MINUTE });
    app.engine.start();
    await settle(() => app.states().at(-1)?.phase === 'idle');
    await vi.advanceTimersByTimeAsync(MINUTE);
    await settle(() => app.states().filter((s) => s.phase === 'idle').length === 2);
    expect(app.starts).toHaveLength(2);

    await app.engine.stop();
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(app.starts).toHaveLength(2);
  });

  it('stopped during a sync, none starts after that sync ends, and the page that came after stop() is not written', async () => {
    const held = gate();
    const app = open(
      {
        async *pages(cursor) {
          await held.opened;
          yield page(cursor, { orders: [buildOrder()] });
        },
      },
      { intervalMs: MINUTE },
    );
    app.engine.start();
    await settle(() => app.starts.length === 1);
    const stopping = app.engine.stop();
    held.open();
    await stopping;
    expect(app.cache.orders.count()).toBe(0);
    expect(app.cache.syncState.get().cursor).toBeNull();

    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(app.starts).toHaveLength(1);
  });

  it('after a sync asked for by hand, the next starts a whole interval after it, not when the one before would have', async () => {
    const app = open({ pages: (cursor) => [page(cursor)] }, { intervalMs: MINUTE });
    app.engine.start();
    await settle(() => app.states().at(-1)?.phase === 'idle');
    await vi.advanceTimersByTimeAsync(MINUTE / 2);
    await app.engine.syncNow();
    await vi.advanceTimersByTimeAsync(MINUTE);
    await settle(() => app.states().at(-1)?.phase === 'idle');
    const t0 = app.starts[0]!;
    expect(app.starts.map((t) => t - t0)).toEqual([0, MINUTE / 2, (3 * MINUTE) / 2]);
  });

  it('after an incomplete sync: online (the service answered), and retried soon, backing off as after a failure', async () => {
    // Every full sync is told of three orders and gets one: a shortfall, so the next is full again.
    const app = open(
      {
        reachable: () => app.starts.length > 1,
        pages: (cursor) => [page(cursor, { orders: [buildOrder({ order_id: 'CS-ONLY-ONE' })], totalCount: 3 })],
      },
      { intervalMs: 5 * MINUTE, offlineRetryMs: 10 * SECOND },
    );
    const ended = () => app.states().filter((s) => s.phase !== 'syncing');
    app.engine.start();
    await settle(() => ended().length === 1);
    for (let n = 2; n <= 4; n++) {
      await vi.advanceTimersToNextTimerAsync();
      await settle(() => ended().length === n);
    }

    expect(ended().map((s) => [s.online, s.phase])).toEqual([
      [false, 'idle'],
      [true, 'incomplete'],
      [true, 'incomplete'],
      [true, 'incomplete'],
    ]);
    expect(ended()[3]).toMatchObject({ failure: null, gap: { unreadableRecords: 0, shortfall: 2, unfetchedOrders: 0 } });
    const gaps = app.starts.slice(1).map((at, i) => at - app.starts[i]!);
    expect(gaps).toEqual([10 * SECOND, 20 * SECOND, 40 * SECOND]);
  });
});

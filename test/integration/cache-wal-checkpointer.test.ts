import type { Database } from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Cache } from '../../main/cache/cache';
import { createMemoryLogger } from '../../main/logger';
import { cached, randomOrders } from '../support/orders';
import { tempCachePaths } from '../support/temp-files';
import { workerUrl } from '../support/workers';

const cachePath = tempCachePaths();
const dbOf = (cache: Cache) => (cache as unknown as { db: Database }).db;
const size = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - started > 10_000) throw new Error(`timed out waiting for ${what}`);
  }
}

function applyPages(cache: Cache, count: number, seed: number): void {
  const orders = cached(randomOrders(count, seed));
  for (let at = 0; at < orders.length; at += 500) {
    cache.applySyncPage({ orders: orders.slice(at, at + 500), nextCursor: `c${seed}-${at}`, serverTime: 0, generation: 0, completesFullSync: false });
  }
}

describe('the cache with its checkpointer thread', () => {
  it('leaves checkpoints to the thread, which moves what the pages wrote into the database file', async () => {
    const path = cachePath();
    const cache = Cache.open(path, createMemoryLogger(), { checkpointWorker: await workerUrl('walCheckpoint') });
    const before = size(path);

    applyPages(cache, 3_000, 1);

    expect(dbOf(cache).pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // Only a checkpoint writes the database file itself, and the main connection makes none.
    await until(() => size(path) > before + 1_000_000, 'the database file to grow');
    expect(cache.orders.count()).toBe(3_000);
    cache.close();
  });

  it('cuts the log back to 4 MiB once it starts over after a large sync', async () => {
    const path = cachePath();
    const cache = Cache.open(path, createMemoryLogger(), { checkpointWorker: await workerUrl('walCheckpoint') });
    applyPages(cache, 12_000, 2);
    expect(size(`${path}-wal`)).toBeGreaterThan(4 * 1024 * 1024);
    const written = size(path);
    await until(() => size(path) > written + 4 * 1024 * 1024, 'the checkpoint');
    await new Promise((r) => setTimeout(r, 200));

    applyPages(cache, 1, 3);

    expect(size(`${path}-wal`)).toBeLessThanOrEqual(4 * 1024 * 1024);
    cache.close();
  });

  it('checkpoints in the commits again when the thread dies, and says so', async () => {
    const log = createMemoryLogger();
    const cache = Cache.open(cachePath(), log, { checkpointWorker: await workerUrl('walCheckpoint') });
    const checkpointer = (cache as unknown as { checkpointer: { worker: { terminate(): Promise<number> } } }).checkpointer;

    await checkpointer.worker.terminate();
    await until(() => log.lines.some((l) => l.msg.includes('checkpointer thread stopped')), 'the warning');

    expect(dbOf(cache).pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    applyPages(cache, 600, 4);
    expect(cache.orders.count()).toBe(600);
    cache.close();
  });

  it('checkpoints writes other than sync pages too, such as a sync’s bookkeeping and its rejected records while offline', async () => {
    const path = cachePath();
    const cache = Cache.open(path, createMemoryLogger(), { checkpointWorker: await workerUrl('walCheckpoint'), checkpointEveryMs: 100 });
    const before = size(path);

    for (let i = 0; i < 300; i++) {
      cache.syncState.recordAttempt(i);
      cache.syncState.recordFailure(i, 'billing API unreachable (ECONNREFUSED)');
      // What a sync that keeps failing writes besides its state: records it could not read, remembered to fetch again.
      cache.rejectedOrders.remember({ orderId: `CS-REJECTED-${i}`, problem: `malformed: ${'x'.repeat(4_000)}`, at: i });
    }

    await until(() => size(path) > before + 500_000, 'the database file to grow');
    cache.close();
  });

  it('closes with no log left behind: the thread’s connection closes first, then the main one checkpoints the rest', async () => {
    const path = cachePath();
    const cache = Cache.open(path, createMemoryLogger(), { checkpointWorker: await workerUrl('walCheckpoint') });
    const before = size(path);
    applyPages(cache, 2_000, 5);
    await until(() => size(path) > before + 500_000, 'the thread to have its connection open and checkpoint');
    applyPages(cache, 100, 6);

    cache.close();

    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = Cache.open(path, createMemoryLogger());
    expect(reopened.orders.count()).toBe(2_100);
    reopened.close();
  });
});


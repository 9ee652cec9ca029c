import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Cache } from '../../main/cache/cache';
import { tempCachePaths } from '../support/temp-files';
import { moveAside } from '../../main/cache/move-aside';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaVersion } from '../../main/cache/migrations';
import { buildOrder, cached } from '../support/orders';

const cachePath = tempCachePaths();

const logger = () => ({ warn: vi.fn(), info: vi.fn() });
const page = (orders = [buildOrder()]) => ({ orders: cached(orders), nextCursor: 'c1', serverTime: 0, generation: 0, completesFullSync: false });

describe('moveAside', () => {
  it('renames the file with its -wal and -shm, keeping them a set', () => {
    const path = cachePath();
    for (const suffix of ['', '-wal', '-shm']) writeFileSync(path + suffix, suffix || 'db');

    const movedTo = moveAside(path, 'corrupt', new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)));

    expect(movedTo).toBe(`${path}.corrupt-2025-01-02T03-04-05-006Z`);
    expect(readdirSync(join(path, '..')).sort()).toEqual(
      ['cache.db.corrupt-2025-01-02T03-04-05-006Z', 'cache.db.corrupt-2025-01-02T03-04-05-006Z-shm', 'cache.db.corrupt-2025-01-02T03-04-05-006Z-wal'],
    );
    expect(readFileSync(`${movedTo}-wal`, 'utf8')).toBe('-wal');
  });
});

describe('Cache.open', () => {
  it('numbers its migrations 1, 2, … so that user_version counts them', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('creates a new file, and its folder, in WAL mode at the latest schema version', () => {
    const path = join(cachePath(), '..', 'nested', 'cache.db');
    const cache = Cache.open(path, logger());
    cache.close();

    const db = new Database(path, { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('keeps the cached data when reopened', () => {
    const path = cachePath();
    const order = buildOrder();
    const first = Cache.open(path, logger());
    first.applySyncPage(page([order]));
    first.close();

    const log = logger();
    const second = Cache.open(path, log);
    expect(second.notice).toBeNull();
    expect(second.orders.get(order.order_id)?.orderId).toBe(order.order_id);
    expect(second.syncState.get().cursor).toBe('c1');
    expect(log.warn).not.toHaveBeenCalled();
    second.close();
  });

  it('moves a file of garbage aside, says so, and starts an empty cache that works', () => {
    const path = cachePath();
    const garbage = randomBytes(16_384);
    writeFileSync(path, garbage);
    const log = logger();

    const cache = Cache.open(path, log);

    expect(cache.notice?.reason).toBe('corrupt');
    const movedTo = cache.notice?.movedTo ?? '';
    expect(movedTo).toMatch(/cache\.db\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(readFileSync(movedTo)).toEqual(garbage);
    expect(log.warn).toHaveBeenCalledOnce();
    expect(cache.orders.count()).toBe(0);
    cache.applySyncPage(page());
    expect(cache.orders.count()).toBe(1);
    cache.close();
  });

  it('moves a database with a damaged page aside', () => {
    const path = cachePath();
    const cache = Cache.open(path, logger());
    cache.applySyncPage(page(Array.from({ length: 200 }, () => buildOrder())));
    cache.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    randomBytes(pageSize).copy(bytes, pageSize * 3);
    writeFileSync(path, bytes);

    const reopened = Cache.open(path, logger());

    expect(reopened.notice?.reason).toBe('corrupt');
    expect(reopened.orders.count()).toBe(0);
    reopened.close();
  });

  it('moves a database from a newer schema version aside and rebuilds it', () => {
    const path = cachePath();
    const cache = Cache.open(path, logger());
    cache.applySyncPage(page());
    cache.close();
    const newer = new Database(path);
    newer.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    newer.close();

    const reopened = Cache.open(path, logger());

    expect(reopened.notice?.reason).toBe('newer_version');
    expect(reopened.notice?.movedTo).toContain(`cache.db.newer-v${LATEST_SCHEMA_VERSION + 1}-`);
    expect(reopened.orders.count()).toBe(0);
    reopened.close();
    const kept = new Database(reopened.notice?.movedTo ?? '', { readonly: true });
    expect(kept.prepare('SELECT count(*) AS n FROM orders').get()).toEqual({ n: 1 });
    kept.close();
  });

  it('opens an in-memory cache', () => {
    const cache = Cache.open(':memory:', logger());
    expect(cache.notice).toBeNull();
    expect(cache.orders.count()).toBe(0);
    cache.close();
  });

  it('throws, and moves nothing, when the file can not be opened at all', () => {
    const path = cachePath();
    mkdirSync(path);

    expect(() => Cache.open(path, logger())).toThrow();
    expect(readdirSync(join(path, '..'))).toEqual(['cache.db']);
  });

  it('throws, and moves nothing, when another connection holds the file locked; the data is intact once it lets go', () => {
    const path = cachePath();
    const orders = Array.from({ length: 50 }, () => buildOrder());
    const first = Cache.open(path, logger());
    first.applySyncPage(page(orders));
    first.close();
    const filesBefore = readdirSync(join(path, '..')).sort();

    // Another process (a second Settle, a backup tool) holding the file: in exclusive locking mode
    // the lock its first write takes stays until it closes, so every read here is SQLITE_BUSY.
    const holder = new Database(path);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec("BEGIN EXCLUSIVE; UPDATE sync_state SET cursor = cursor; COMMIT");
    const log = logger();
    let failure: unknown;
    try {
      // Waits out SQLite's busy timeout (5 s) before it gives up.
      Cache.open(path, log).close();
    } catch (error) {
      failure = error;
    } finally {
      holder.close();
    }

    expect(failure).toMatchObject({ code: 'SQLITE_BUSY', message: expect.stringMatching(/locked/) });
    expect(log.warn).not.toHaveBeenCalled();
    expect(readdirSync(join(path, '..')).sort()).toEqual(filesBefore);

    const reopened = Cache.open(path, logger());
    expect(reopened.notice).toBeNull();
    expect(reopened.orders.count()).toBe(orders.length);
    expect(reopened.syncState.get().cursor).toBe('c1');
    reopened.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillingClient } from '../../main/billing/billing-client';
import { paymentServiceFor } from '../support/payments';
import { Cache } from '../../main/cache/cache';
import { dispatch } from '../../main/ipc/dispatch';
import { CsvDownload, createHandlers, type SaveFile } from '../../main/ipc/handlers';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import { SyncEngine } from '../../main/sync/sync-engine';
import { ExportOrdersInput } from '../../shared/ipc/contract';
import { orderFeedFor } from '../support/workers';
import { BASE_TIME, buildOrder, cached } from '../support/orders';
import { textOf } from '../support/text-of';

/** The IPC handler table on a real in-memory cache; the sync engine is built but never started. */
let cache: Cache;
const log = createMemoryLogger();
beforeEach(() => {
  cache = Cache.open(':memory:', log);
  cache.applySyncPage({ orders: cached([buildOrder({ order_id: 'A1' }), buildOrder({ order_id: 'B2', currency: 'CNY' })]), nextCursor: 'c', serverTime: Date.now(), generation: cache.syncState.beginFullSync(), completesFullSync: true });
});
afterEach(() => cache.close());

async function call(channel: string, input: unknown, saveFile?: SaveFile) {
  const endpoint = { baseUrl: 'http://127.0.0.1:9', token: 't' };
  const client = new BillingClient({ ...endpoint, log });
  const sync = new SyncEngine({ client, feed: await orderFeedFor(endpoint, log), cache, events: new EventHub(), log });
  const payments = paymentServiceFor({ client, sync, cache, events: new EventHub(), log });
  const handlers = createHandlers({ info: { version: '0', demoMode: true, billingApiOrigin: 'http://127.0.0.1:9', cacheNotice: null, ledgerProblem: null }, cache, sync, payments, saveFile, onPageShown: () => undefined, now: () => BASE_TIME });
  return dispatch(handlers, log, channel, input);
}

describe('IPC dispatch', () => {
  it('answers a valid call with the cache’s rows', async () => {
    const result = await call('listOrders', { filter: { search: 'a1' } });
    expect(result).toMatchObject({ ok: true, value: { total: 1, rows: [{ orderId: 'A1' }] } });
  });

  it('turns garbage from a renderer into typed errors, never a throw', async () => {
    for (const input of [{ limit: 10_000 }, { filter: { statuses: [5] } }, { offset: -1 }, 'DROP TABLE orders', { extra: true }, { filter: { search: 'x'.repeat(65) } }]) {
      const result = await call('listOrders', input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_input');
    }
    expect(await call('getOrder', { orderId: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(await call('getAppInfo', { unexpected: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('reports a failing handler as an internal error and logs it', async () => {
    cache.close();
    const result = await call('listOrders', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(log.lines.some((l) => l.msg === 'IPC handler failed')).toBe(true);
    cache = Cache.open(':memory:', log);
  });

  it('exports as a download without a save dialog, and through it when the face has one', async () => {
    const download = await call('exportOrdersCsv', { scope: 'selection', orderIds: ['B2', 'A1', 'missing'] });
    // The web face streams it into its answer (test/unit/web-export.test.ts).
    expect(download.ok && download.value).toBeInstanceOf(CsvDownload);
    const { csv } = (download.ok ? download.value : null) as CsvDownload;
    expect((await textOf(csv.chunks())).split('\r\n')).toHaveLength(4);
    expect(csv.rows).toBe(2);
    const saved: string[] = [];
    const viaDialog = await call('exportOrdersCsv', { scope: 'filter', filter: { search: 'B2' } }, async (name, chunks) => (saved.push(await textOf(chunks)), `/tmp/${name}`));
    expect(viaDialog).toMatchObject({ ok: true, value: { kind: 'saved', rows: 1 } });
    expect(saved[0]).toContain('B2,');
    const cancelled = await call('exportOrdersCsv', { scope: 'filter' }, async () => null);
    expect(cancelled).toMatchObject({ ok: true, value: { kind: 'cancelled' } });
  });

  it('exports a selection of at most 30 orders, refusing 31 as bad input rather than failing', async () => {
    const orders = Array.from({ length: 31 }, () => buildOrder());
    cache.applySyncPage({ orders: cached(orders), nextCursor: 'c2', serverTime: Date.now(), generation: cache.syncState.beginFullSync(), completesFullSync: true });
    const ids = orders.map((order) => order.order_id);

    expect(ExportOrdersInput.safeParse({ scope: 'selection', orderIds: ids.slice(0, 30) }).success).toBe(true);
    expect(ExportOrdersInput.safeParse({ scope: 'selection', orderIds: ids }).success).toBe(false);
    expect(ExportOrdersInput.safeParse({ scope: 'selection', orderIds: [] }).success).toBe(false);

    const saved: string[] = [];
    const save: SaveFile = async (name, chunks) => (saved.push(await textOf(chunks)), `/tmp/${name}`);
    const thirty = await call('exportOrdersCsv', { scope: 'selection', orderIds: ids.slice(0, 30) }, save);
    expect(thirty).toMatchObject({ ok: true, value: { kind: 'saved', rows: 30 } });
    // Header, 30 orders, and the empty string after the last line end.
    expect(saved[0]!.split('\r\n')).toHaveLength(32);

    const thirtyOne = await call('exportOrdersCsv', { scope: 'selection', orderIds: ids }, save);
    expect(thirtyOne).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [expect.stringMatching(/^orderIds: /)] } });
    // Refused before any file was written.
    expect(saved).toHaveLength(1);
  });
});

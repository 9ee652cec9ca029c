import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvDownload } from '../../main/ipc/handlers';
import { ROWS_PER_CHUNK } from '../../main/ipc/orders-csv-export';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { exportApp, ordersToExport } from '../support/export-app';
import { textOf } from '../support/text-of';

/**
 * An export reads the cache a chunk at a time, letting other work run in between, a sync included:
 * what it writes must never be half one state of the cache and half another.
 */
let dir: string;
let sandbox: Sandbox;
let app: Awaited<ReturnType<typeof exportApp>>;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-export-sync-'));
  sandbox = await startSandbox({ dbPath: ':memory:', seed: 5, ordersPerAccount: 60, largeAccountOrders: 10 });
  app = await exportApp(join(dir, 'cache.db'), ordersToExport(4_000), { billingApi: { baseUrl: sandbox.url, token: 'sbx_postpaid_demo' } });
  // The orders came from elsewhere: the sandbox answers with a full sync, which replaces them.
  app.cache.syncState.resetCursor();
});
afterEach(async () => {
  await app.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The export as the web face gets it from the handlers: its chunks, still to be produced. */
async function startExport() {
  const download = await app.handlers.exportOrdersCsv({ scope: 'filter', filter: {}, sort: { by: 'expire_time', dir: 'asc' } });
  if (!(download instanceof CsvDownload)) throw new Error('expected a download');
  return download.csv;
}

describe('an export meanwhile other work runs', () => {
  it('gives way to the event loop after every chunk', async () => {
    const csv = await startExport();
    let turns = 0;
    let exporting = true;
    const count = () => {
      turns += 1;
      if (exporting) setImmediate(count);
    };
    setImmediate(count);
    await textOf(csv.chunks());
    exporting = false;
    expect(csv.rows).toBe(4_000);
    expect(turns).toBeGreaterThanOrEqual(4_000 / ROWS_PER_CHUNK - 1);
  });

  it('lets a sync write while it reads, then fails, saying so, rather than write rows from before and after it', async () => {
    const csv = await startExport();
    let sync: Promise<{ lastError: string | null }> | null = null;
    const reading = (async () => {
      let chunks = 0;
      // After the first chunk of rows, with the rest still to be read.
      for await (const _chunk of csv.chunks()) if (++chunks === 2) sync = app.sync.syncNow();
    })();
    await expect(reading).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/changed during the export.*Export again/) });
    expect((await sync!).lastError).toBeNull();
    expect(app.cache.orders.count()).toBeLessThan(4_000);
  });

  it('waits for a sync under way, then writes the orders as it left them', async () => {
    const syncing = app.sync.syncNow();
    const text = await textOf((await startExport()).chunks());
    expect((await syncing).lastError).toBeNull();
    expect(text).toBe(app.wholeStringExport({}, { by: 'expire_time', dir: 'asc' }).text);
    expect(app.cache.orders.count()).toBeLessThan(4_000);
  });
});

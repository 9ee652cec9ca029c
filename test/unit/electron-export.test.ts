import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROWS_PER_CHUNK } from '../../main/ipc/orders-csv-export';
import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import { OrderStatus } from '../../shared/domain/orders';
import { exportApp, ordersToExport } from '../support/export-app';

// 'electron' can't load under plain Node: the save dialog answers with a real file path.
const fake = vi.hoisted(() => ({ chosen: '' }));
vi.mock('electron', () => ({
  app: { getPath: () => '/home/clerk/Documents' },
  dialog: { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: fake.chosen })) },
}));
const { saveWithDialog } = await import('../../main/electron/save-dialog');

const ORDERS = ordersToExport(4_000);
let dir: string;
let app: Awaited<ReturnType<typeof exportApp>>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-export-'));
  app = await exportApp(join(dir, 'cache.db'), ORDERS, { saveFile: (name, csv) => saveWithDialog(null, name, csv, null) });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});
let saves: string;
beforeEach(() => {
  saves = mkdtempSync(join(dir, 'documents-'));
  fake.chosen = join(saves, 'unpaid-orders.csv');
});

describe('exporting to a file in Electron', () => {
  it('writes, chunk by chunk, the same bytes the whole-string export did, for thousands of orders as the view filters and sorts them', async () => {
    const views: [OrdersFilter, OrdersSort][] = [
      [{}, { by: 'expire_time', dir: 'asc' }],
      [{ statuses: [OrderStatus.PendingPayment] }, { by: 'amount', dir: 'desc' }],
      [{ search: 'cs25' }, { by: 'create_time', dir: 'asc' }],
    ];
    const counts: number[] = [];
    for (const [filter, sort] of views) {
      const expected = app.wholeStringExport(filter, sort);
      const result = await app.core.dispatch('exportOrdersCsv', { scope: 'filter', filter, sort });
      expect(result).toEqual({ ok: true, value: { kind: 'saved', path: fake.chosen, rows: expected.rows } });
      expect(readFileSync(fake.chosen).equals(Buffer.from(expected.text, 'utf8'))).toBe(true);
      counts.push(expected.rows);
    }
    expect(counts[0]).toBe(ORDERS.length);
    expect(counts[2]).toBeGreaterThan(ROWS_PER_CHUNK);
  });

  it('leaves nothing under the chosen name when the export fails half-way, and a file already there as it was', async () => {
    writeFileSync(fake.chosen, 'last week’s export');
    // An order damaged on disk, which the export meets after it has written 1,700 rows.
    const victim = [...app.cache.orders.iterate({}, { by: 'expire_time', dir: 'asc' })][1_700]!.orderId;
    const raw = new Database(join(dir, 'cache.db'));
    raw.prepare('UPDATE orders SET currency = ? WHERE order_id = ?').run('u$d', victim);
    raw.close();

    const result = await app.core.dispatch('exportOrdersCsv', { scope: 'filter' });

    expect(result).toEqual({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/could not be read.*Export again/) } });
    expect(readdirSync(saves)).toEqual(['unpaid-orders.csv']);
    expect(readFileSync(fake.chosen, 'utf8')).toBe('last week’s export');
  });
});

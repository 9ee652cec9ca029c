import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../main/web/web-server';
import { OrderStatus } from '../../shared/domain/orders';
import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import { exportApp, ordersToExport } from '../support/export-app';

/** The web face on the real handler table and a real cache file, called as the page calls it. */
const ORDERS = ordersToExport(4_000);
let dir: string;
let app: Awaited<ReturnType<typeof exportApp>>;
let server: WebServer;
let token: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-web-export-'));
  app = await exportApp(join(dir, 'cache.db'), ORDERS);
  server = await startWebServer({ core: app.core, staticDir: dir });
  token = new URL(server.launchUrl).searchParams.get('token')!;
});
afterAll(async () => {
  await server.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (channel: string, input?: unknown) =>
  fetch(`${server.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ input }) });

describe('exporting from the browser', () => {
  it('streams into the answer the same text the whole-string export built, for thousands of orders as the view filters and sorts them', async () => {
    const views: [OrdersFilter, OrdersSort][] = [
      [{}, { by: 'expire_time', dir: 'asc' }],
      [{ statuses: [OrderStatus.PendingApproval] }, { by: 'amount', dir: 'asc' }],
    ];
    for (const [filter, sort] of views) {
      const expected = app.wholeStringExport(filter, sort);
      const response = await call('exportOrdersCsv', { scope: 'filter', filter, sort });
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const result = (await response.json()) as { ok: boolean; value: { kind: string; fileName: string; content: string; rows: number } };
      expect(result).toEqual({ ok: true, value: { kind: 'download', fileName: expect.stringMatching(/^unpaid-orders-\d{12}\.csv$/), content: expected.text, rows: expected.rows } });
    }
  });

  it('ends the answer with the typed error when the export fails half-way', async () => {
    const victim = [...app.cache.orders.iterate({}, { by: 'expire_time', dir: 'asc' })][2_100]!.orderId;
    const raw = new Database(join(dir, 'cache.db'));
    raw.prepare('UPDATE orders SET currency = ? WHERE order_id = ?').run('u$d', victim);
    raw.close();

    const response = await call('exportOrdersCsv', { scope: 'filter' });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/could not be read.*Export again/) } });
  });
});

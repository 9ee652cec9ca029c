import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Order, OrdersPage } from '../../shared/billing-api/schemas';
import { startSandbox } from '../../sandbox/server';

const dir = mkdtempSync(join(tmpdir(), 'settle-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sandbox on a database file', () => {
  it('a restarted sandbox continues the same history: orders, cursors, notifications and clock', async () => {
    const dbPath = join(dir, 'sandbox.db');
    const headers = { authorization: 'Bearer sbx_postpaid_demo' };
    const first = await startSandbox({ dbPath, seed: 5, ordersPerAccount: 30, largeAccountOrders: 10 });
    const full = OrdersPage.parse(await (await fetch(`${first.url}/v1/orders?limit=500`, { headers })).json());
    const orders = full.orders.map((o) => Order.parse(o));
    const paid = orders.find((o) => o.status === 6);
    const pending = orders.find((o) => o.status === 1);
    const control = { method: 'POST', headers: { 'content-type': 'application/json' } };
    await fetch(`${first.url}/sandbox/orders/${paid?.order_id}/status`, { ...control, body: JSON.stringify({ status: 5 }) });
    await fetch(`${first.url}/sandbox/orders/${pending?.order_id}/approve`, control);
    await fetch(`${first.url}/sandbox/clock`, { ...control, body: JSON.stringify({ advance_ms: 3_600_000 }) });
    await first.close();

    // Another seed and other counts: ignored, because the file already holds data.
    const second = await startSandbox({ dbPath, seed: 99, ordersPerAccount: 5, largeAccountOrders: 5 });
    try {
      expect(second.accounts.map((a) => a.order_count)).toEqual([30, 30, 10]);
      const changes = OrdersPage.parse(await (await fetch(`${second.url}/v1/orders?cursor=${full.next_cursor}`, { headers })).json());
      expect(changes.orders.map((o) => [Order.parse(o).order_id, Order.parse(o).status])).toEqual([
        [paid?.order_id, 5],
        [pending?.order_id, 6],
      ]);
      expect(Date.parse(changes.server_time)).toBeGreaterThan(Date.now() + 3_500_000);
      const { notifications } = (await (await fetch(`${second.url}/sandbox/notifications`)).json()) as { notifications: { order_id: string }[] };
      expect(notifications.map((n) => n.order_id)).toEqual([pending?.order_id]);
    } finally {
      await second.close();
    }
  });
});

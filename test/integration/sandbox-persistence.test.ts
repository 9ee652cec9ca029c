import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Order, OrdersPage } from '../../shared/billing-api/schemas';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const dir = mkdtempSync(join(tmpdir(), 'settle-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const freshPath = () => join(dir, `sandbox-${++files}.db`);
const JSON_POST = { method: 'POST', headers: { 'content-type': 'application/json' } };

/** Runs `use` against a sandbox on `dbPath`, closing it afterwards. */
async function withSandbox<T>(dbPath: string, seed: number, counts: [number, number], use: (sandbox: Sandbox) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox({ dbPath, seed, ordersPerAccount: counts[0], largeAccountOrders: counts[1] });
  try {
    return await use(sandbox);
  } finally {
    await sandbox.close();
  }
}

/** The statuses of 24 billing API reads with half of them set to fail: the fault pattern. */
async function faultPattern(sandbox: Sandbox): Promise<number[]> {
  await fetch(`${sandbox.url}/sandbox/faults`, { ...JSON_POST, body: JSON.stringify({ error_rate: 0.5 }) });
  const statuses: number[] = [];
  for (let i = 0; i < 24; i++) {
    const res = await fetch(`${sandbox.url}/v1/service-types`, { headers: { authorization: 'Bearer sbx_postpaid_demo' } });
    await res.arrayBuffer();
    statuses.push(res.status);
  }
  return statuses;
}

const orderCounts = (sandbox: Sandbox) => sandbox.accounts.map((a) => a.order_count);

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

  it('a restarted sandbox keeps the seed of its data for its faults, whatever seed it is started with', async () => {
    const dbPath = freshPath();
    await withSandbox(dbPath, 5, [30, 10], async () => {});
    const afterRestart = await withSandbox(dbPath, 99, [5, 5], faultPattern);
    expect(afterRestart).toContain(200);
    expect(afterRestart.some((status) => status >= 500)).toBe(true);
    expect(afterRestart).toEqual(await withSandbox(':memory:', 5, [30, 10], faultPattern));
    expect(afterRestart).not.toEqual(await withSandbox(':memory:', 99, [5, 5], faultPattern));
  });

  it('a reset without counts after a restart seeds the counts the data was made with', async () => {
    const dbPath = freshPath();
    await withSandbox(dbPath, 5, [30, 10], async () => {});
    const counts = await withSandbox(dbPath, 99, [5, 5], async (sandbox) => {
      const res = await fetch(`${sandbox.url}/sandbox/reset`, { ...JSON_POST, body: JSON.stringify({ seed: 7 }) });
      expect(res.status).toBe(200);
      return orderCounts(sandbox);
    });
    expect(counts).toEqual([30, 30, 10]);
  });

  it('once closed, the database file alone holds everything: a copy of it starts the same sandbox', async () => {
    const dbPath = freshPath();
    const before = await withSandbox(dbPath, 5, [30, 10], async (sandbox) => {
      const headers = { authorization: 'Bearer sbx_postpaid_demo' };
      const page = OrdersPage.parse(await (await fetch(`${sandbox.url}/v1/orders?limit=500`, { headers })).json());
      const pending = page.orders.map((o) => Order.parse(o)).find((o) => o.status === 1);
      await fetch(`${sandbox.url}/sandbox/orders/${pending?.order_id}/approve`, JSON_POST);
      return { pending, orders: OrdersPage.parse(await (await fetch(`${sandbox.url}/v1/orders?limit=500`, { headers })).json()).orders };
    });
    // Only the main file: no -wal or -shm next to it.
    const copy = join(mkdtempSync(join(dir, 'copy-')), 'sandbox.db');
    copyFileSync(dbPath, copy);
    await withSandbox(copy, 99, [5, 5], async (sandbox) => {
      expect(orderCounts(sandbox)).toEqual([30, 30, 10]);
      const headers = { authorization: 'Bearer sbx_postpaid_demo' };
      expect(OrdersPage.parse(await (await fetch(`${sandbox.url}/v1/orders?limit=500`, { headers })).json()).orders).toEqual(before.orders);
      const { notifications } = (await (await fetch(`${sandbox.url}/sandbox/notifications`)).json()) as { notifications: { order_id: string }[] };
      expect(notifications.map((n) => n.order_id)).toEqual([before.pending?.order_id]);
    });
  });

  // The tables of every store: the orders' (sandbox/store.ts), savings, payments and cards, the Stripe emulation.
  const SANDBOX_TABLES = ['meta', 'orders', 'notifications', 'discounts', 'coupons', 'payments', 'charges', 'idempotency_keys', 'card_authorizations', 'account_settings', 'stripe_payment_methods', 'stripe_payment_intents', 'stripe_charges', 'stripe_idempotency_keys'];

  it.each([1, 3])('a file of another layout (version %i) is wiped and seeded anew, every table of it', async (version) => {
    const dbPath = freshPath();
    const old = new Database(dbPath);
    for (const table of SANDBOX_TABLES) {
      old.exec(`CREATE TABLE ${table} (legacy_id INTEGER PRIMARY KEY, legacy TEXT NOT NULL); INSERT INTO ${table} (legacy) VALUES ('from version ${version}');`);
    }
    old.pragma(`user_version = ${version}`);
    old.close();

    await withSandbox(dbPath, 5, [30, 10], async (sandbox) => {
      expect(orderCounts(sandbox)).toEqual([30, 30, 10]);
      const headers = { authorization: 'Bearer sbx_postpaid_demo' };
      const page = OrdersPage.parse(await (await fetch(`${sandbox.url}/v1/orders?limit=500`, { headers })).json());
      expect(page.orders.length).toBeGreaterThan(0);
      expect(page.orders.length).toBe(page.total_count);
      const { charges } = (await (await fetch(`${sandbox.url}/sandbox/charges`)).json()) as { charges: unknown[] };
      expect(charges).toEqual([]);
    });
    const file = new Database(dbPath, { readonly: true });
    try {
      for (const table of SANDBOX_TABLES) {
        const columns = file.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((c) => c.name);
        expect(columns, table).not.toContain('legacy');
      }
    } finally {
      file.close();
    }
  });
});

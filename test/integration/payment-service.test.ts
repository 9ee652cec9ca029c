/**
 * The payment service on the real core and the real sandbox: what stops a payment before anything
 * is sent, and a payment whose answers keep failing, left pending in the ledger and settled later.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/app-core';
import { startSettle } from '../../main/app/start-settle';
import { createMemoryLogger } from '../../main/logger';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { IpcResult } from '../../shared/ipc/contract';
import type { PaymentView, QuoteView } from '../../shared/ipc/payment-types';
import type { OrderDetail } from '../../shared/ipc/types';
import { SandboxControl, type RawOrder } from '../support/sandbox-control';
import { workerUrl } from '../support/workers';

const TOKEN = 'sbx_postpaid_demo';
let sandbox: Sandbox;
let control: SandboxControl;
let core: AppCore;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-pay-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 4, ordersPerAccount: 80 });
  control = new SandboxControl(sandbox.url);
  core = await launch();
  await core.dispatch('syncNow', undefined);
});
afterEach(async () => {
  await core.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The app core on the test's data folder, as the app starts it. */
const launch = async () =>
  startSettle({
    dataDir: join(dir, 'app'),
    env: { BILLING_API_URL: sandbox.url, BILLING_API_TOKEN: TOKEN },
    version: 'test',
    log: createMemoryLogger(),
    workers: { orderFeed: await workerUrl('orderFeed'), walCheckpoint: await workerUrl('walCheckpoint') },
  });

const call = <T>(channel: string, input?: unknown) => core.dispatch(channel, input) as Promise<IpcResult<T>>;
async function value<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function payable(): Promise<RawOrder> {
  const now = Date.now();
  return (await control.listedOrders(TOKEN)).find((o) => o.status === 6 && o.combined_order_id === null && !o.contract_overlap && Date.parse(o.expire_time as string) > now + 3_600_000)!;
}

async function payInput(orderId: string) {
  const order = (await value(call<OrderDetail | null>('getOrder', { orderId })))!;
  const orders = [{ orderId, couponIds: [] }];
  const quote = await value(call<QuoteView>('quotePayment', { orders, method: 'monthly_settlement' }));
  return { orders, method: 'monthly_settlement', contractConfirmed: [], expectedPayable: quote.totals.payable, seen: [{ orderId, updateTime: order.updateTime }] };
}

describe('PaymentService', () => {
  it('an order changed at the service since the clerk looked (still payable): nothing sent, nothing in the ledger, the order named', async () => {
    const order = await payable();
    const input = await payInput(order.order_id);
    await control.setStatus(order.order_id, 1);
    await control.approve(order.order_id);

    const result = await call('payOrders', input);

    expect(result).toMatchObject({ ok: false, error: { code: 'orders_changed', details: { changedOrderIds: [order.order_id] } } });
    expect(await control.charges()).toEqual([]);
    expect(await value(call<PaymentView[]>('listPayments', {}))).toEqual([]);
  });

  it('the service unreachable when Pay is pressed: refused as such before any ledger row, nothing charged', async () => {
    const order = await payable();
    const input = await payInput(order.order_id);
    await control.faults({ drop_rate: 1 });
    const result = await call('payOrders', input);
    await control.faults({});
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('nothing was paid') } });
    expect(await value(call<PaymentView[]>('listPayments', {}))).toEqual([]);
    expect(await control.charges()).toEqual([]);
  });

  it('answers that never come: the payment stays pending in the ledger with its reason, and is settled once by the next reconciliation', async () => {
    const order = await payable();
    const input = await payInput(order.order_id);
    // Every payment answer is lost, each attempt after the first replayed by its key: one charge.
    await control.faults({ drop_payment_answers: 10 });
    const pending = await value(call<PaymentView>('payOrders', input));
    expect(pending).toMatchObject({ state: 'pending', status: null, lastError: expect.stringContaining('unreachable') });
    expect(await control.charges()).toHaveLength(1);

    await control.faults({});
    // Starting again reconciles what is unfinished (as the connection coming back does).
    await core.close();
    core = await launch();
    await core.dispatch('pageShown', undefined);
    let settled: PaymentView | undefined;
    for (let i = 0; i < 100 && settled?.state !== 'done'; i++) {
      settled = (await value(call<PaymentView[]>('listPayments', {})))[0];
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(settled).toMatchObject({ key: pending.key, state: 'done', status: 'completed', orders: [{ orderId: order.order_id, outcome: 'paid' }] });
    expect(await control.charges()).toHaveLength(1);
  });

  it('Pay online is refused until the card issue (typed, not internal), and nothing is written', async () => {
    const order = await payable();
    const input = { ...(await payInput(order.order_id)), method: 'card' };
    expect(await call('payOrders', input)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('later version') } });
    expect(await value(call<PaymentView[]>('listPayments', {}))).toEqual([]);
  });
});

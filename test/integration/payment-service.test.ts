/**
 * The payment service on the real core and the real sandbox: what stops a payment before anything
 * is sent, and a payment whose answers keep failing, left pending in the ledger and settled later.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/app-core';
import { startSettle } from '../../main/app/start-settle';
import { createMemoryLogger } from '../../main/logger';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { IpcResult } from '../../shared/ipc/contract';
import type { CheckoutView, PayOrdersView, PaymentView, QuoteView } from '../../shared/ipc/payment-types';
import type { OrderDetail } from '../../shared/ipc/types';
import { filesUnder } from '../support/files-under';
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
});

describe('PaymentService, by card', () => {
  /** The page's side, as Stripe.js does it: a PaymentMethod with the publishable key, the authorization with the client secret. */
  const page = () => new Stripe(sandbox.stripe.publishableKey, { host: '127.0.0.1', port: sandbox.stripe.port, protocol: 'http', maxNetworkRetries: 0 });
  const cardMethod = (number: string) => page().paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: '913' } });
  const authorize = (clientSecret: string) => {
    const intentId = clientSecret.split('_secret_')[0]!;
    return page().paymentIntents.confirm(intentId, { client_secret: clientSecret } as Stripe.PaymentIntentConfirmParams);
  };
  async function cardInput(orderId: string, number = '4242424242424242') {
    const input = await payInput(orderId);
    return { ...input, method: 'card', paymentMethodId: (await cardMethod(number)).id };
  }

  async function settledAfterRestart(key: string): Promise<PaymentView | undefined> {
    await core.close();
    core = await launch();
    await core.dispatch('pageShown', undefined);
    let settled: PaymentView | null = null;
    for (let i = 0; i < 100 && settled?.state !== 'done'; i++) {
      settled = await value(call<PaymentView | null>('getPayment', { key }));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return settled ?? undefined;
  }

  it('holds the amount, hands the card form its client secret (never written), and captures once the authorization is done', async () => {
    const order = await payable();
    const input = await cardInput(order.order_id);
    const pending = await value(call<PayOrdersView>('payOrders', input));
    expect(pending).toMatchObject({ state: 'pending', status: 'requires_action', method: 'card', card: { brand: 'visa', last4: '4242', amountAuthorized: input.expectedPayable } });
    expect(pending.cardAuthorization?.publishableKey).toBe(sandbox.stripe.publishableKey);
    const { clientSecret } = pending.cardAuthorization!;
    expect(await control.charges()).toEqual([]);

    expect((await authorize(clientSecret)).status).toBe('requires_capture');
    const done = await value(call<PaymentView>('finishCardPayment', { key: pending.key }));
    expect(done).toMatchObject({ state: 'done', status: 'completed', amountCharged: input.expectedPayable, card: { last4: '4242', amountReleased: 0 }, failure: null });
    expect(await control.charges()).toMatchObject([{ order_id: order.order_id, amount: input.expectedPayable, method: 'card' }]);
    expect(await value(call<OrderDetail | null>('getOrder', { orderId: order.order_id }))).toBeNull();
    // Neither the ledger nor the cache keeps what only the card form needed.
    for (const file of filesUnder(join(dir, 'app'))) expect(readFileSync(file).includes(clientSecret)).toBe(false);
    expect(await value(call<PaymentView>('getPayment', { key: pending.key }))).toMatchObject({ state: 'done', status: 'completed' });
  });

  it('offers the card form with the publishable key and the Stripe.js to load', async () => {
    const order = await payable();
    const view = await value(call<CheckoutView>('openCheckout', { orderIds: [order.order_id] }));
    expect(view.card).toEqual({ available: true, publishableKey: sandbox.stripe.publishableKey, scriptUrl: null });
  });

  it("does not offer the card form with a live key, which Stripe.js refuses on a page that isn't https", async () => {
    await core.close();
    await sandbox.close();
    sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, stripeKeys: { secretKey: 'sk_live_settle_test', publishableKey: 'pk_live_settle_test' } });
    control = new SandboxControl(sandbox.url);
    core = await launch();
    await core.dispatch('syncNow', undefined);
    const order = await payable();
    const view = await value(call<CheckoutView>('openCheckout', { orderIds: [order.order_id] }));
    expect(view.card).toEqual({ available: false, reason: expect.stringContaining('need the card step on an https page') });
  });

  it('takes a card only with method card, and a PaymentMethod id, not card data', async () => {
    const order = await payable();
    const input = await payInput(order.order_id);
    expect(await call('payOrders', { ...input, method: 'card' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('payOrders', { ...input, paymentMethodId: 'pm_1' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call('payOrders', { ...input, method: 'card', paymentMethodId: '4242424242424242' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await value(call<PaymentView[]>('listPayments', {}))).toEqual([]);
  });

  it("a card the app's own check would stop is refused by the service too: nothing held, the reason kept", async () => {
    const order = await payable();
    const refused = await value(call<PayOrdersView>('payOrders', await cardInput(order.order_id, '5105105105105100')));
    expect(refused).toMatchObject({ state: 'refused', cardAuthorization: null, refusal: { code: 'CBC.99005010', message: expect.stringContaining('prepaid') } });
    expect(await control.charges()).toEqual([]);
  });

  it('the app gone after the authorization: settled on restart, captured once', async () => {
    const order = await payable();
    const input = await cardInput(order.order_id);
    const pending = await value(call<PayOrdersView>('payOrders', input));
    await authorize(pending.cardAuthorization!.clientSecret);
    const settled = await settledAfterRestart(pending.key);
    expect(settled).toMatchObject({ state: 'done', status: 'completed', amountCharged: input.expectedPayable });
    expect(await control.charges()).toHaveLength(1);
    // Settling again changes nothing.
    expect(await value(call<PaymentView>('finishCardPayment', { key: pending.key }))).toMatchObject({ status: 'completed' });
    expect(await control.charges()).toHaveLength(1);
  });

  it('the app gone before the card was authorized: released on restart, nothing charged, the order still payable', async () => {
    const order = await payable();
    const pending = await value(call<PayOrdersView>('payOrders', await cardInput(order.order_id)));
    const settled = await settledAfterRestart(pending.key);
    expect(settled).toMatchObject({ state: 'done', status: 'failed', amountCharged: 0, orders: [{ outcome: 'card_not_authorized' }], failure: { message: expect.any(String) } });
    expect(await control.charges()).toEqual([]);
    expect(await value(call<OrderDetail | null>('getOrder', { orderId: order.order_id }))).toMatchObject({ status: 6 });
  });

  it('a reconciliation leaves a card form that is still open alone', async () => {
    const order = await payable();
    const pending = await value(call<PayOrdersView>('payOrders', await cardInput(order.order_id)));
    // The connection lost and back: that reconciles what is unfinished, while the clerk is still typing the card.
    await control.faults({ drop_rate: 1 });
    await core.dispatch('syncNow', undefined);
    await control.faults({});
    await core.dispatch('syncNow', undefined);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await value(call<PaymentView>('getPayment', { key: pending.key }))).toMatchObject({ state: 'pending', status: 'requires_action' });
    await authorize(pending.cardAuthorization!.clientSecret);
    expect(await value(call<PaymentView>('finishCardPayment', { key: pending.key }))).toMatchObject({ status: 'completed' });
  });
});

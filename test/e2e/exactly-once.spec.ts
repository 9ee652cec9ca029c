/**
 * Exactly once, with real processes: the built app (its web face) against a billing sandbox process,
 * the app killed with SIGKILL at each step of a payment and started again on the same data folder.
 * Whatever the step, the order is charged once (GET /sandbox/charges), the payment is in the
 * ledger with its outcome, and the order has left the cache. No browser: the calls are the page's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import Stripe from 'stripe';
import type { IpcResult } from '../../shared/ipc/contract';
import type { PayOrdersView, PaymentView, QuoteView } from '../../shared/ipc/payment-types';
import type { OrderDetail, SyncState } from '../../shared/ipc/types';
import { startProcess, type RunningProcess } from '../support/processes';
import { SandboxControl, type RawOrder } from '../support/sandbox-control';

const TOKEN = 'sbx_postpaid_demo';
const SANDBOX_READY = /Billing sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/;
const APP_READY = /Settle is running at (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/;
const HOUR = 3_600_000;

interface App {
  readonly process: RunningProcess;
  call<T>(channel: string, input?: unknown): Promise<IpcResult<T>>;
}

async function startApp(dataDir: string, sandboxUrl: string, env: NodeJS.ProcessEnv = {}): Promise<App> {
  const { process: child, match } = await startProcess(process.execPath, ['out/main/web.js', '--port', '0', '--data-dir', dataDir], {
    ready: APP_READY,
    env: { BILLING_API_URL: sandboxUrl, BILLING_API_TOKEN: TOKEN, SETTLE_OFFLINE_RETRY_MS: '500', ...env },
  });
  const [, origin, token] = match;
  return {
    process: child,
    async call<T>(channel: string, input?: unknown) {
      const response = await fetch(`${origin}/api/${channel}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ input }),
      });
      return (await response.json()) as IpcResult<T>;
    },
  };
}

async function value<T>(result: Promise<IpcResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe().catch(() => undefined);
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const synced = (app: App) =>
  eventually(async () => ((await value(app.call<SyncState>('getSyncState'))).lastSuccessAt !== null ? true : undefined), 'the first sync');

const plain = (o: RawOrder) => o.status === 6 && o.combined_order_id === null && !o.contract_overlap && o.currency === 'USD' && Date.parse(o.expire_time as string) > Date.now() + HOUR;

/** What the checkout sends for one order with its default choice: the service's quote and the order as seen. */
async function payInput(app: App, orderId: string) {
  const order = await value(app.call<OrderDetail | null>('getOrder', { orderId }));
  if (!order) throw new Error(`${orderId} is not cached`);
  const orders = [{ orderId, couponIds: [] }];
  const quote = await value(app.call<QuoteView>('quotePayment', { orders, method: 'monthly_settlement' }));
  return { orders, method: 'monthly_settlement', contractConfirmed: [], expectedPayable: quote.totals.payable, seen: [{ orderId, updateTime: order.updateTime }] };
}

let dir: string;
let sandbox: { process: RunningProcess; url: string };
let control: SandboxControl;
const running: RunningProcess[] = [];

test.beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-once-'));
  const { process: child, match } = await startProcess(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--db', join(dir, 'sandbox.db'), '--seed', '7'], { ready: SANDBOX_READY });
  sandbox = { process: child, url: match[1]! };
  control = new SandboxControl(sandbox.url);
});

test.afterEach(async () => {
  for (const p of running.splice(0)) await p.stop();
  await sandbox.process.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Where the app dies, and what the sandbox does meanwhile so that the step is really reached. */
const STEPS = [
  { step: 'before-request', faults: {} },
  // The sandbox takes 1.5 s over the payment: the app dies with the request inside the service.
  { step: 'after-send', faults: { payment_processing_ms: 1_500 } },
  { step: 'after-response', faults: {} },
  { step: 'before-cache-update', faults: {} },
] as const;

test.describe('a payment interrupted by kill -9 is charged exactly once and never lost', () => {
  for (const { step, faults } of STEPS) {
    test(`killed ${step}`, async () => {
      const order = (await control.listedOrders(TOKEN)).find(plain)!;
      const appDir = join(dir, 'app');
      const first = await startApp(appDir, sandbox.url, { SETTLE_TEST_CRASH_AT: step, SETTLE_TEST_CRASH_DELAY_MS: '300' });
      running.push(first.process);
      await synced(first);
      await control.faults(faults);

      await expect(first.call('payOrders', await payInput(first, order.order_id))).rejects.toThrow();
      expect(await first.process.exited()).toMatchObject({ signal: 'SIGKILL' });
      await control.faults({});

      const second = await startApp(appDir, sandbox.url);
      running.push(second.process);
      const [payment] = await eventually(async () => {
        const payments = await value(second.call<PaymentView[]>('listPayments', {}));
        return payments.length === 1 && payments[0]!.state === 'done' ? payments : undefined;
      }, 'the payment to be reconciled');

      expect(payment).toMatchObject({ status: 'completed', orders: [{ orderId: order.order_id, outcome: 'paid' }] });
      const charges = (await control.charges()).filter((c) => c.order_id === order.order_id);
      expect(charges).toHaveLength(1);
      expect(charges[0]!.idempotency_key).toBe(payment!.key);
      await eventually(async () => ((await value(second.call<OrderDetail | null>('getOrder', { orderId: order.order_id }))) === null ? true : undefined), 'the paid order to leave the cache');
    });
  }
});

test.describe('a lost answer and a second app', () => {
  test('the connection drops after the service charged: sent again with the same key, charged once', async () => {
    const order = (await control.listedOrders(TOKEN)).find(plain)!;
    const app = await startApp(join(dir, 'app'), sandbox.url);
    running.push(app.process);
    await synced(app);
    await control.faults({ drop_payment_answers: 1 });

    const payment = await value(app.call<PaymentView>('payOrders', await payInput(app, order.order_id)));

    expect(payment).toMatchObject({ state: 'done', status: 'completed' });
    expect((await control.charges()).filter((c) => c.order_id === order.order_id)).toHaveLength(1);
  });

  test('two app instances paying the same order at once: one charge, the other told it was already paid', async () => {
    const order = (await control.listedOrders(TOKEN)).find(plain)!;
    const [a, b] = await Promise.all([startApp(join(dir, 'a'), sandbox.url), startApp(join(dir, 'b'), sandbox.url)]);
    running.push(a.process, b.process);
    await Promise.all([synced(a), synced(b)]);
    const inputs = await Promise.all([payInput(a, order.order_id), payInput(b, order.order_id)]);
    await control.faults({ payment_processing_ms: 300 });

    const [ra, rb] = await Promise.all([a.call<PaymentView>('payOrders', inputs[0]), b.call<PaymentView>('payOrders', inputs[1])]);

    const told = [ra, rb].map((r) => (r.ok ? `${r.value.status}:${r.value.orders[0]?.outcome}` : r.error.code));
    expect(told).toContain('completed:paid');
    // The other one either found the order paid when it refreshed it, or was told so by the service.
    expect(told.filter((t) => t !== 'completed:paid')).toEqual([expect.stringMatching(/^(orders_changed|failed:skipped_status_changed)$/)]);
    expect((await control.charges()).filter((c) => c.order_id === order.order_id)).toHaveLength(1);
  });
});

/**
 * Paying by card, killed after the card was authorized (the page's part done with Stripe's own SDK,
 * as Stripe.js does it): on restart the ledger settles it with the service, captured exactly once.
 */
test.describe('a card payment interrupted by kill -9 is captured once or released, never both', () => {
  /** The emulated Stripe with a key: the publishable one is the page's side, the secret one reads the processor's. */
  async function stripeWith(key: 'publishable_key' | 'secret_key'): Promise<Stripe> {
    const info = (await (await fetch(`${sandbox.url}/sandbox/stripe`)).json()) as { api_url: string; publishable_key: string; secret_key: string };
    return new Stripe(info[key], { host: '127.0.0.1', port: Number(new URL(info.api_url).port), protocol: 'http', maxNetworkRetries: 0 });
  }

  async function cardPayment(app: App, orderId: string): Promise<{ stripe: Stripe; pending: PayOrdersView; intentId: string }> {
    const stripe = await stripeWith('publishable_key');
    const method = await stripe.paymentMethods.create({ type: 'card', card: { number: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: '123' } });
    const pending = await value(app.call<PayOrdersView>('payOrders', { ...(await payInput(app, orderId)), method: 'card', paymentMethodId: method.id }));
    expect(pending).toMatchObject({ state: 'pending', status: 'requires_action' });
    const clientSecret = pending.cardAuthorization!.clientSecret;
    return { stripe, pending, intentId: clientSecret.split('_secret_')[0]! };
  }

  const authorize = (stripe: Stripe, pending: PayOrdersView, intentId: string) =>
    stripe.paymentIntents.confirm(intentId, { client_secret: pending.cardAuthorization!.clientSecret } as Stripe.PaymentIntentConfirmParams);

  async function settledAfterRestart(appDir: string, key: string): Promise<PaymentView> {
    const second = await startApp(appDir, sandbox.url);
    running.push(second.process);
    return eventually(async () => {
      const payment = await value(second.call<PaymentView | null>('getPayment', { key }));
      return payment?.state === 'done' ? payment : undefined;
    }, 'the card payment to be settled');
  }

  for (const step of ['before-card-confirmation', 'after-card-confirmation'] as const) {
    test(`killed ${step}: captured once on restart`, async () => {
      const order = (await control.listedOrders(TOKEN)).find(plain)!;
      const appDir = join(dir, 'app');
      const first = await startApp(appDir, sandbox.url, { SETTLE_TEST_CRASH_AT: step });
      running.push(first.process);
      await synced(first);
      const { stripe, pending, intentId } = await cardPayment(first, order.order_id);
      expect((await authorize(stripe, pending, intentId)).status).toBe('requires_capture');

      await expect(first.call('finishCardPayment', { key: pending.key })).rejects.toThrow();
      expect(await first.process.exited()).toMatchObject({ signal: 'SIGKILL' });
      expect(await control.charges()).toHaveLength(step === 'before-card-confirmation' ? 0 : 1);

      const settled = await settledAfterRestart(appDir, pending.key);
      expect(settled).toMatchObject({ status: 'completed', method: 'card', card: { last4: '4242', amountReleased: 0 } });
      expect((await control.charges()).filter((c) => c.order_id === order.order_id)).toHaveLength(1);
      expect(await (await stripeWith('secret_key')).paymentIntents.retrieve(intentId)).toMatchObject({ status: 'succeeded', amount_received: settled.amountCharged });
    });
  }

  test('killed before the card was authorized: released on restart, nothing charged', async () => {
    const order = (await control.listedOrders(TOKEN)).find(plain)!;
    const appDir = join(dir, 'app');
    const first = await startApp(appDir, sandbox.url);
    running.push(first.process);
    await synced(first);
    const { pending, intentId } = await cardPayment(first, order.order_id);
    first.process.child.kill('SIGKILL');
    await first.process.exited();

    const settled = await settledAfterRestart(appDir, pending.key);
    expect(settled).toMatchObject({ status: 'failed', amountCharged: 0, orders: [{ outcome: 'card_not_authorized' }] });
    expect(await control.charges()).toEqual([]);
    expect((await (await stripeWith('secret_key')).paymentIntents.retrieve(intentId)).status).toBe('canceled');
  });
});

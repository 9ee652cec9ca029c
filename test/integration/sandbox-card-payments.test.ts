/**
 * Paying by card at the sandbox's billing side: `POST /v1/payments` with method card holds the
 * amount through the Stripe emulation (driven here, as a page would, by Stripe's own Node SDK), and
 * `POST /v1/payments/{id}/confirm` captures only what is still payable. Charges are counted to prove
 * "once"; the processor's own objects are read back to prove what was held, taken and let go.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CardPaymentSettings, Payment, PaymentRefusal } from '../../shared/billing-api/payment-schemas';
import { Order, OrdersPage } from '../../shared/billing-api/schemas';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const TOKEN = 'sbx_postpaid_demo';
const CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  visaDebit: '4000056655665556',
  mastercardDebit: '5200828282828210',
  mastercardPrepaid: '5105105105105100',
  amex: '378282246310005',
  declined: '4000000000000002',
  threeDSecure: '4000002760003184',
} as const;

let dir: string;
let sandbox: Sandbox;
/** The SDK with the publishable key: what the card form may do. */
let page: Stripe;
/** The SDK with the secret key: to read the processor's side of things. */
let processor: Stripe;
let keys = 0;
const payable: Order[] = [];

const auth = { authorization: `Bearer ${TOKEN}` };
const get = (path: string) => fetch(`${sandbox.url}${path}`, { headers: auth });
const post = (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const control = (path: string, body: unknown) => fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const cardMethod = (number: string) =>
  page.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: number.length === 15 ? '1234' : '123' } });

function payByCard(orders: readonly Order[], paymentMethodId: string | undefined, key = `card-key-${++keys}`) {
  return post(
    '/v1/payments',
    { orders: orders.map((o) => ({ order_id: o.order_id, coupon_ids: [] })), method: 'card', ...(paymentMethodId ? { payment_method_id: paymentMethodId } : {}) },
    { 'idempotency-key': key },
  );
}

async function held(orders: readonly Order[], number: string = CARDS.visa): Promise<Payment> {
  const method = await cardMethod(number);
  const response = await payByCard(orders, method.id);
  expect(response.status).toBe(200);
  return Payment.parse(await response.json());
}

const intentOf = async (payment: Payment) => processor.paymentIntents.retrieve(payment.client_secret!.split('_secret_')[0]!);
const confirm = async (paymentId: string) => {
  const response = await post(`/v1/payments/${paymentId}/confirm`);
  expect(response.status).toBe(200);
  return Payment.parse(await response.json());
};

async function charges(): Promise<{ payment_id: string; order_id: string; amount: number; method: string }[]> {
  return ((await (await fetch(`${sandbox.url}/sandbox/charges`)).json()) as { charges: never[] }).charges;
}

/** Two plain payable orders nobody else uses in this file. */
function take(count: number): Order[] {
  const orders = payable.splice(0, count);
  if (orders.length < count) throw new Error('the seed ran out of plain payable orders');
  return orders;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-card-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 11 });
  const options = { host: '127.0.0.1', port: sandbox.stripe.port, protocol: 'http' as const, maxNetworkRetries: 0 };
  page = new Stripe(sandbox.stripe.publishableKey, options);
  processor = new Stripe(sandbox.stripe.secretKey, options);
  const now = Date.now();
  const all = OrdersPage.parse(await (await get('/v1/orders?limit=500')).json()).orders.map((o) => Order.parse(o));
  for (const o of all) {
    if (o.status !== 6 || o.combined_order_id !== null || o.contract_overlap || o.currency !== 'USD' || Date.parse(o.expire_time) < now + 86_400_000) continue;
    const discounts = ((await (await get(`/v1/orders/${o.order_id}/discounts`)).json()) as { discounts: unknown[] }).discounts;
    if (discounts.length === 0 && o.official_amount >= 100) payable.push(o);
  }
});

afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /v1/card-payments', () => {
  it("names the processor and its publishable key, which the page's card form needs", async () => {
    const settings = CardPaymentSettings.parse(await (await get('/v1/card-payments')).json());
    expect(settings).toEqual({ processor: 'stripe', publishable_key: sandbox.stripe.publishableKey });
  });
});

describe('a card payment, authorized then confirmed', () => {
  it('holds the payable amount, charges nothing until confirmed, then captures it once', async () => {
    const orders = take(2);
    const total = orders[0]!.official_amount + orders[1]!.official_amount;
    const payment = await held(orders);
    expect(payment).toMatchObject({ status: 'requires_action', method: 'card', amount_charged: 0, publishable_key: sandbox.stripe.publishableKey });
    expect(payment.card).toEqual({ brand: 'visa', funding: 'credit', last4: '4242', amount_authorized: total, amount_released: 0 });
    expect(payment.orders.map((o) => o.outcome)).toEqual(['awaiting_card', 'awaiting_card']);
    expect((await intentOf(payment)).capture_method).toBe('manual');
    expect((await charges()).filter((c) => c.payment_id === payment.payment_id)).toEqual([]);

    await processor.paymentIntents.confirm((await intentOf(payment)).id);
    expect((await intentOf(payment)).status).toBe('requires_capture');
    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'completed', amount_charged: total, card: { amount_authorized: total, amount_released: 0, last4: '4242' } });
    expect(settled.client_secret).toBeUndefined();
    expect(settled.orders.map((o) => [o.outcome, o.new_status])).toEqual([['paid', 5], ['paid', 5]]);
    expect((await intentOf(payment)).amount_received).toBe(total);

    const again = await confirm(payment.payment_id);
    expect(again).toEqual(settled);
    const mine = (await charges()).filter((c) => c.payment_id === payment.payment_id);
    expect(mine.map((c) => [c.order_id, c.amount, c.method]).sort()).toEqual(orders.map((o) => [o.order_id, o.official_amount, 'card']).sort());
    for (const o of orders) expect(Order.parse(await (await get(`/v1/orders/${o.order_id}`)).json()).status).toBe(5);
  });

  it('answers the same key with the payment as it is now: once confirmed, settled and without the client secret', async () => {
    const orders = take(1);
    const method = await cardMethod(CARDS.mastercard);
    const key = `card-replay-${++keys}`;
    const first = Payment.parse(await (await payByCard(orders, method.id, key)).json());
    const replay = Payment.parse(await (await payByCard(orders, method.id, key)).json());
    expect(replay).toEqual(first);
    await processor.paymentIntents.confirm((await intentOf(first)).id);
    await confirm(first.payment_id);
    const after = Payment.parse(await (await payByCard(orders, method.id, key)).json());
    expect(after).toMatchObject({ payment_id: first.payment_id, status: 'completed', card: { brand: 'mastercard' } });
    expect(after.client_secret).toBeUndefined();
    expect((await charges()).filter((c) => c.payment_id === first.payment_id)).toHaveLength(1);
  });

  it('captures only what is still payable when an order was paid elsewhere meanwhile, and releases the rest', async () => {
    const [kept, gone] = take(2) as [Order, Order];
    const payment = await held([kept, gone]);
    const intent = await intentOf(payment);
    await processor.paymentIntents.confirm(intent.id);
    expect((await control(`/sandbox/orders/${gone.order_id}/status`, { status: 5 })).status).toBe(200);

    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'partially_completed', amount_charged: kept.official_amount });
    expect(settled.card).toMatchObject({ amount_authorized: kept.official_amount + gone.official_amount, amount_released: gone.official_amount });
    expect(settled.orders.find((o) => o.order_id === gone.order_id)).toMatchObject({ outcome: 'skipped_status_changed', amount_charged: 0 });
    const after = await processor.paymentIntents.retrieve(intent.id, { expand: ['latest_charge'] });
    expect(after).toMatchObject({ status: 'succeeded', amount_received: kept.official_amount });
    expect((after.latest_charge as Stripe.Charge).amount_refunded).toBe(gone.official_amount);
    expect((await charges()).filter((c) => c.payment_id === payment.payment_id).map((c) => c.order_id)).toEqual([kept.order_id]);
  });

  it('settles once what a confirmation that died after capturing had taken, without taking it again', async () => {
    const [order] = take(1) as [Order];
    const total = order.official_amount;
    const payment = await held([order]);
    const intent = await intentOf(payment);
    await processor.paymentIntents.confirm(intent.id);
    // The money was taken, then the service stopped before it wrote the payment down.
    await processor.paymentIntents.capture(intent.id, { amount_to_capture: total });
    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'completed', amount_charged: total, card: { amount_authorized: total, amount_released: 0 } });
    expect((await processor.paymentIntents.retrieve(intent.id)).amount_received).toBe(total);
    expect((await charges()).filter((c) => c.payment_id === payment.payment_id)).toHaveLength(1);
  });

  it('holds nothing for an order skipped when it was asked for, and does not pay it once it is payable again', async () => {
    const [payableOne, skipped] = take(2) as [Order, Order];
    await control(`/sandbox/orders/${skipped.order_id}/status`, { status: 4 });
    const payment = await held([payableOne, skipped]);
    expect(payment.card?.amount_authorized).toBe(payableOne.official_amount);
    expect(payment.orders.map((o) => [o.order_id, o.outcome])).toEqual([
      [payableOne.order_id, 'awaiting_card'],
      [skipped.order_id, 'skipped_status_changed'],
    ]);
    await processor.paymentIntents.confirm((await intentOf(payment)).id);
    await control(`/sandbox/orders/${skipped.order_id}/status`, { status: 6 });

    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'partially_completed', amount_charged: payableOne.official_amount });
    expect(settled.orders.map((o) => [o.order_id, o.outcome, o.amount_charged])).toEqual([
      [payableOne.order_id, 'paid', payableOne.official_amount],
      [skipped.order_id, 'skipped_status_changed', 0],
    ]);
    expect((await charges()).filter((c) => c.payment_id === payment.payment_id).map((c) => c.order_id)).toEqual([payableOne.order_id]);
    expect(Order.parse(await (await get(`/v1/orders/${skipped.order_id}`)).json()).status).toBe(6);
    payable.push(skipped);
  });

  it('keeps an order skipped when it was asked for as it was when the card is declined', async () => {
    const [payableOne, skipped] = take(2) as [Order, Order];
    await control(`/sandbox/orders/${skipped.order_id}/status`, { status: 4 });
    const payment = await held([payableOne, skipped]);
    const declined = await cardMethod(CARDS.declined);
    await processor.paymentIntents.confirm((await intentOf(payment)).id, { payment_method: declined.id }).catch(() => undefined);
    const settled = await confirm(payment.payment_id);
    expect(settled.status).toBe('failed');
    expect(settled.orders.map((o) => o.outcome)).toEqual(['card_not_authorized', 'skipped_status_changed']);
    await control(`/sandbox/orders/${skipped.order_id}/status`, { status: 6 });
    payable.push(payableOne, skipped);
  });

  it('answers 404 to confirming a payment that does not exist', async () => {
    const response = await post('/v1/payments/pay_nobody_made_this/confirm');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error_code: 'CBC.0100', error_msg: 'payment does not exist' });
  });

  it('releases the whole hold when nothing is payable any more', async () => {
    const [only] = take(1) as [Order];
    const payment = await held([only]);
    const intent = await intentOf(payment);
    await processor.paymentIntents.confirm(intent.id);
    await control(`/sandbox/orders/${only.order_id}/status`, { status: 4 });
    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'failed', amount_charged: 0, card: { amount_released: only.official_amount } });
    expect((await processor.paymentIntents.retrieve(intent.id)).status).toBe('canceled');
    expect((await charges()).filter((c) => c.payment_id === payment.payment_id)).toEqual([]);
  });
});

describe('cards that are not taken', () => {
  it.each([
    ['Visa debit', CARDS.visaDebit, 'this Visa card is a debit card'],
    ['Mastercard debit', CARDS.mastercardDebit, 'this Mastercard card is a debit card'],
    ['Mastercard prepaid', CARDS.mastercardPrepaid, 'this Mastercard card is a prepaid card'],
    ['American Express', CARDS.amex, 'this is an American Express card'],
  ])('refuses a %s card before holding anything', async (_name, number, reason) => {
    const [order] = take(1) as [Order];
    const method = await cardMethod(number);
    const response = await payByCard([order], method.id);
    expect(response.status).toBe(400);
    const refusal = PaymentRefusal.parse(await response.json());
    expect(refusal.error_code).toBe('CBC.99005010');
    expect(refusal.problems).toEqual([{ order_id: null, code: 'CBC.99005010', message: `Only Visa and Mastercard credit cards are accepted; ${reason}.` }]);
    expect(Order.parse(await (await get(`/v1/orders/${order.order_id}`)).json()).status).toBe(6);
    payable.push(order);
  });

  it('refuses a card payment without a payment method, or with one the processor does not know', async () => {
    const orders = payable.slice(0, 1);
    const none = PaymentRefusal.parse(await (await payByCard(orders, undefined)).json());
    expect(none.problems[0]).toMatchObject({ code: 'CBC.0100', message: expect.stringContaining('payment_method_id') });
    const unknown = PaymentRefusal.parse(await (await payByCard(orders, 'pm_nobody_made_this')).json());
    expect(unknown.problems[0]).toMatchObject({ code: 'CBC.0100', message: 'The card processor knows no payment method pm_nobody_made_this.' });
    const method = await cardMethod(CARDS.visa);
    const body = { orders: orders.map((o) => ({ order_id: o.order_id, coupon_ids: [] })), method: 'monthly_settlement', payment_method_id: method.id };
    const monthly = await post('/v1/payments', body, { 'idempotency-key': `card-key-${++keys}` });
    expect(monthly.status).toBe(400);
    expect(PaymentRefusal.parse(await monthly.json()).problems).toEqual([{ order_id: null, code: 'CBC.0100', message: 'payment_method_id is only for paying by card.' }]);
  });

  it('refuses at confirmation a card swapped in the form for one not taken, and lets the hold go', async () => {
    const [order] = take(1) as [Order];
    const payment = await held([order]);
    const intent = await intentOf(payment);
    const debit = await cardMethod(CARDS.visaDebit);
    await processor.paymentIntents.confirm(intent.id, { payment_method: debit.id });
    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'failed', amount_charged: 0, failure: { code: 'CBC.99005010' } });
    expect(settled.card).toMatchObject({ last4: '4242', amount_authorized: order.official_amount, amount_released: order.official_amount });
    expect(settled.orders[0]).toMatchObject({ outcome: 'card_not_authorized' });
    expect((await processor.paymentIntents.retrieve(intent.id)).status).toBe('canceled');
    expect(Order.parse(await (await get(`/v1/orders/${order.order_id}`)).json()).status).toBe(6);
    expect(await confirm(payment.payment_id)).toEqual(settled);
  });
});

describe('declines and 3-D Secure', () => {
  it('lets a declined authorization be tried again with another card on the same hold, charged once', async () => {
    const [order] = take(1) as [Order];
    const payment = await held([order]);
    const intent = await intentOf(payment);
    const declined = await cardMethod(CARDS.declined);
    await expect(processor.paymentIntents.confirm(intent.id, { payment_method: declined.id })).rejects.toMatchObject({ type: 'StripeCardError', decline_code: 'generic_decline' });
    const visa = await cardMethod(CARDS.visa);
    await processor.paymentIntents.confirm(intent.id, { payment_method: visa.id });
    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'completed', amount_charged: order.official_amount });
    expect((await charges()).filter((c) => c.order_id === order.order_id)).toHaveLength(1);
  });

  it('fails the payment, holding nothing, when the card was never authorized', async () => {
    const [order] = take(1) as [Order];
    const payment = await held([order]);
    const intent = await intentOf(payment);
    const declined = await cardMethod(CARDS.declined);
    await processor.paymentIntents.confirm(intent.id, { payment_method: declined.id }).catch(() => undefined);
    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'failed', amount_charged: 0, failure: { code: 'generic_decline', message: 'Your card was declined.' } });
    expect(settled.card).toMatchObject({ amount_authorized: order.official_amount, amount_released: 0 });
    expect(settled.orders[0]?.outcome).toBe('card_not_authorized');
    expect((await processor.paymentIntents.retrieve(intent.id)).status).toBe('canceled');
    expect(Order.parse(await (await get(`/v1/orders/${order.order_id}`)).json()).status).toBe(6);
    // Kept as it failed: asked again, it does not become "cancelled" now that the hold is let go.
    expect(await confirm(payment.payment_id)).toEqual(settled);
  });

  it('fails the payment as cancelled when the hold was let go before it was confirmed', async () => {
    const [order] = take(1) as [Order];
    const payment = await held([order]);
    await processor.paymentIntents.cancel((await intentOf(payment)).id);
    const settled = await confirm(payment.payment_id);
    expect(settled).toMatchObject({ status: 'failed', amount_charged: 0, failure: { code: 'released', message: 'The card payment was cancelled.' } });
    expect(settled.card).toMatchObject({ amount_released: 0 });
    expect(settled.orders.map((o) => o.outcome)).toEqual(['card_not_authorized']);
    expect(settled.client_secret).toBeUndefined();
    expect(Order.parse(await (await get(`/v1/orders/${order.order_id}`)).json()).status).toBe(6);
  });

  it.each([
    ['passed', 'succeed', 'completed'],
    ['failed', 'fail', 'failed'],
  ] as const)('captures after a 3-D Secure challenge %s only if it was passed', async (_how, result, status) => {
    const [order] = take(1) as [Order];
    const payment = await held([order], CARDS.threeDSecure);
    const intent = await intentOf(payment);
    expect((await processor.paymentIntents.confirm(intent.id)).status).toBe('requires_action');
    expect((await control(`/sandbox/stripe/3ds/${intent.id}`, { result })).status).toBe(200);
    const settled = await confirm(payment.payment_id);
    expect(settled.status).toBe(status);
    expect((await charges()).filter((c) => c.order_id === order.order_id)).toHaveLength(status === 'completed' ? 1 : 0);
  });
});

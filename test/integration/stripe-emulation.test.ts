/**
 * The sandbox's Stripe emulation (sandbox/stripe/) driven with Stripe's own Node SDK, pointed at its
 * loopback port: what the SDK sends, the emulation must take, and what it answers, the SDK must read
 * as it reads Stripe's — objects, StripeCardError with its decline_code, idempotent replays.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';

interface StripeInfo {
  api_url: string;
  js_url: string;
  publishable_key: string;
  secret_key: string;
}

const CARDS = {
  visa: '4242424242424242',
  visaDebit: '4000056655665556',
  mastercard: '5555555555554444',
  mastercard2: '2223003122003222',
  mastercardDebit: '5200828282828210',
  mastercardPrepaid: '5105105105105100',
  amex: '378282246310005',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expired: '4000000000000069',
  incorrectCvc: '4000000000000127',
  threeDSecure: '4000002760003184',
} as const;
/** Distinctive CVCs, so that the database check below can look for them. */
const CVC = '913';
const AMEX_CVC = '9137';
const EXP_YEAR = new Date().getUTCFullYear() + 3;

let dir: string;
let sandbox: Sandbox;
let info: StripeInfo;
/** The SDK with the secret key: the billing side's client. */
let stripe: Stripe;
/** The SDK with the publishable key: what a page may do (create payment methods). */
let client: Stripe;

const sdk = (key: string) => new Stripe(key, { host: '127.0.0.1', port: Number(new URL(info.api_url).port), protocol: 'http', maxNetworkRetries: 0 });
const control = (path: string, body: unknown = {}) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function card(number: string, cvc = number === CARDS.amex ? AMEX_CVC : CVC) {
  return client.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: EXP_YEAR, cvc } });
}

/** The SDK's rejection, for its class and fields. */
async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected the Stripe call to fail');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-stripe-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 7, ordersPerAccount: 5, largeAccountOrders: 5 });
  info = (await (await fetch(`${sandbox.url}/sandbox/stripe`)).json()) as StripeInfo;
  stripe = sdk(info.secret_key);
  client = sdk(info.publishable_key);
});

afterAll(async () => {
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('finding the emulated Stripe API', () => {
  it('runs on its own loopback port, named by GET /sandbox/stripe and by startSandbox, with test-mode keys', async () => {
    expect(info.api_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.api_url).not.toBe(sandbox.url);
    expect(info.api_url).toBe(sandbox.stripe.url);
    expect(info.secret_key).toMatch(/^sk_test_/);
    expect(info.publishable_key).toMatch(/^pk_test_/);
    expect(info.js_url).toBe(`${info.api_url}/js/v3.js`);
    // Its Stripe.js-compatible script, for any page to load (test/e2e/stripe-js.spec.ts drives it).
    const script = await fetch(info.js_url);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('refuses a request without a key, or with a wrong one, as Stripe does (401)', async () => {
    const none = await fetch(`${info.api_url}/v1/payment_intents/pi_x`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { type: string; message: string } }).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('You did not provide an API key') as string });
    const wrong = await rejection(sdk('sk_test_wrongwrongwrong1234').paymentIntents.create({ amount: 1000, currency: 'usd' }));
    expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(wrong.message).toMatch(/^Invalid API Key provided: sk_test_\*+1234$/);
  });
});

describe('payment methods', () => {
  it.each([
    ['visa', CARDS.visa, 'visa', 'credit'],
    ['visa debit', CARDS.visaDebit, 'visa', 'debit'],
    ['mastercard', CARDS.mastercard, 'mastercard', 'credit'],
    ['mastercard 2-series', CARDS.mastercard2, 'mastercard', 'credit'],
    ['mastercard debit', CARDS.mastercardDebit, 'mastercard', 'debit'],
    ['mastercard prepaid', CARDS.mastercardPrepaid, 'mastercard', 'prepaid'],
    ['american express', CARDS.amex, 'amex', 'credit'],
    ['generic decline', CARDS.declined, 'visa', 'credit'],
    ['3-D Secure', CARDS.threeDSecure, 'visa', 'credit'],
  ])('%s: a PaymentMethod with its brand, funding and last4, read back with the secret key', async (_name, number, brand, funding) => {
    const method = await card(number);
    expect(method.id).toMatch(/^pm_/);
    expect(method.object).toBe('payment_method');
    expect(method.type).toBe('card');
    expect(method.card).toMatchObject({ brand, funding, last4: number.slice(-4), exp_month: 12, exp_year: EXP_YEAR });
    expect(method.card?.three_d_secure_usage?.supported).toBe(number !== CARDS.amex);
    expect(await stripe.paymentMethods.retrieve(method.id)).toEqual(method);
  });

  it('refuses card numbers sent with the secret key: the server never handles them', async () => {
    const refused = await rejection(stripe.paymentMethods.create({ type: 'card', card: { number: CARDS.visa, exp_month: 12, exp_year: EXP_YEAR } }));
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(refused.message).toContain('Sending credit card numbers directly to the Stripe API is generally unsafe');
  });

  it('refuses a wrong number, a past expiry or a live card with Stripe card errors (402)', async () => {
    const wrong = await rejection(card('4242424242424241'));
    expect(wrong).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(wrong).toMatchObject({ code: 'incorrect_number', param: 'number' });
    const past = await rejection(client.paymentMethods.create({ type: 'card', card: { number: CARDS.visa, exp_month: 1, exp_year: 2020 } }));
    expect(past).toMatchObject({ type: 'StripeCardError', code: 'invalid_expiry_year' });
    const live = await rejection(card('4111111111111111'));
    expect(live).toMatchObject({ type: 'StripeCardError', code: 'card_declined', decline_code: 'test_mode_live_card' });
    const missing = await rejection(client.paymentMethods.create({ type: 'card', card: { number: CARDS.visa } as Stripe.PaymentMethodCreateParams.Card }));
    expect(missing).toMatchObject({ type: 'StripeInvalidRequestError', code: 'parameter_missing', param: 'card[exp_month]' });
  });

  it('answers 404 resource_missing for an unknown id', async () => {
    const missing = await rejection(stripe.paymentMethods.retrieve('pm_nothing'));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', message: "No such PaymentMethod: 'pm_nothing'" });
  });
});

describe('a manual-capture payment', () => {
  it('is created, confirmed (a hold), partly captured, and the rest released', async () => {
    const method = await card(CARDS.visa);
    const intent = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', capture_method: 'manual', metadata: { order_ids: 'CS1,CS2' } });
    expect(intent).toMatchObject({ object: 'payment_intent', status: 'requires_payment_method', amount: 5000, currency: 'usd', amount_capturable: 0, amount_received: 0 });
    expect(intent.id).toMatch(/^pi_/);
    expect(intent.client_secret).toMatch(new RegExp(`^${intent.id}_secret_\\w+$`));
    expect(intent.metadata).toEqual({ order_ids: 'CS1,CS2' });

    const held = await stripe.paymentIntents.confirm(intent.id, { payment_method: method.id });
    expect(held).toMatchObject({ status: 'requires_capture', amount_capturable: 5000, amount_received: 0, payment_method: method.id, last_payment_error: null, next_action: null });

    const tooMuch = await rejection(stripe.paymentIntents.capture(intent.id, { amount_to_capture: 5001 }));
    expect(tooMuch).toMatchObject({ type: 'StripeInvalidRequestError', param: 'amount_to_capture' });

    const captured = await stripe.paymentIntents.capture(intent.id, { amount_to_capture: 3000 }, { idempotencyKey: `capture-${intent.id}` });
    expect(captured).toMatchObject({ status: 'succeeded', amount: 5000, amount_received: 3000, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({ captured: true, amount: 5000, amount_captured: 3000, amount_refunded: 2000, status: 'succeeded', payment_intent: intent.id });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });

    const again = await rejection(stripe.paymentIntents.capture(intent.id));
    expect(again).toMatchObject({ type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state' });
  });

  it('may be created and confirmed in one call, and expands its charge and payment method', async () => {
    const method = await card(CARDS.mastercardDebit);
    const intent = await stripe.paymentIntents.create({ amount: 1999, currency: 'EUR', capture_method: 'manual', payment_method: method.id, confirm: true, expand: ['latest_charge', 'payment_method'] });
    expect(intent).toMatchObject({ status: 'requires_capture', currency: 'eur', amount_capturable: 1999 });
    expect(intent.payment_method).toMatchObject({ id: method.id, card: { brand: 'mastercard', funding: 'debit' } });
    expect(intent.latest_charge).toMatchObject({ object: 'charge', captured: false, amount_captured: 0 });
  });

  it('releases all of the hold when cancelled, and a captured one cannot be cancelled', async () => {
    const method = await card(CARDS.amex);
    const intent = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', capture_method: 'manual', payment_method: method.id, confirm: true });
    const canceled = await stripe.paymentIntents.cancel(intent.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned', amount_capturable: 0, amount_received: 0 });
    expect(await stripe.charges.retrieve(canceled.latest_charge as string)).toMatchObject({ refunded: true, amount_refunded: 2500, captured: false });

    const automatic = await stripe.paymentIntents.create({ amount: 700, currency: 'usd', payment_method: (await card(CARDS.visa)).id, confirm: true });
    expect(automatic).toMatchObject({ status: 'succeeded', amount_received: 700, capture_method: 'automatic_async' });
    const refused = await rejection(stripe.paymentIntents.cancel(automatic.id));
    expect(refused).toMatchObject({ type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state' });
  });

  it("holds amounts to Stripe's limits and its params to the ones it knows", async () => {
    const small = await rejection(stripe.paymentIntents.create({ amount: 49, currency: 'usd' }));
    expect(small).toMatchObject({ type: 'StripeInvalidRequestError', code: 'amount_too_small', param: 'amount' });
    const unknown = await rejection(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', colour: 'red' } as Stripe.PaymentIntentCreateParams));
    expect(unknown).toMatchObject({ type: 'StripeInvalidRequestError', code: 'parameter_unknown', param: 'colour' });
    const noAmount = await rejection(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams));
    expect(noAmount).toMatchObject({ code: 'parameter_missing', param: 'amount' });
  });
});

describe('declines at confirm', () => {
  it.each([
    ['generic decline', CARDS.declined, 'card_declined', 'generic_decline', undefined, 'Your card was declined.'],
    ['insufficient funds', CARDS.insufficientFunds, 'card_declined', 'insufficient_funds', undefined, 'Your card has insufficient funds.'],
    ['expired card', CARDS.expired, 'expired_card', 'expired_card', 'exp_month', 'Your card has expired.'],
    ['incorrect CVC', CARDS.incorrectCvc, 'incorrect_cvc', 'incorrect_cvc', 'cvc', "Your card's security code is incorrect."],
  ])('%s: a StripeCardError with its codes; the intent goes back to requires_payment_method and can be paid with another card', async (_name, number, code, declineCode, param, message) => {
    const method = await card(number);
    const intent = await stripe.paymentIntents.create({ amount: 4200, currency: 'usd', capture_method: 'manual' });
    const declined = await rejection(stripe.paymentIntents.confirm(intent.id, { payment_method: method.id }));
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(declined).toMatchObject({ statusCode: 402, code, decline_code: declineCode, message, param });
    expect(declined.payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });
    expect(declined.payment_method).toMatchObject({ id: method.id });

    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, amount_capturable: 0 });
    expect(after.last_payment_error).toMatchObject({ type: 'card_error', code, decline_code: declineCode });
    expect(await stripe.charges.retrieve(after.latest_charge as string)).toMatchObject({ status: 'failed', paid: false, failure_code: code });

    const paid = await stripe.paymentIntents.confirm(intent.id, { payment_method: (await card(CARDS.visa)).id });
    expect(paid).toMatchObject({ status: 'requires_capture', amount_capturable: 4200, last_payment_error: null });
  });

  it('declines a create-and-confirm too, the intent created and named in the error', async () => {
    const method = await card(CARDS.insufficientFunds);
    const declined = await rejection(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: method.id, confirm: true }));
    expect(declined).toMatchObject({ type: 'StripeCardError', decline_code: 'insufficient_funds' });
    const id = (declined.payment_intent as Stripe.PaymentIntent).id;
    expect((await stripe.paymentIntents.retrieve(id)).status).toBe('requires_payment_method');
  });
});

describe('3-D Secure', () => {
  it('leaves the intent in requires_action until the challenge is completed through the control API', async () => {
    const method = await card(CARDS.threeDSecure);
    const intent = await stripe.paymentIntents.create({ amount: 8000, currency: 'usd', capture_method: 'manual', payment_method: method.id, confirm: true });
    expect(intent).toMatchObject({ status: 'requires_action', amount_capturable: 0, payment_method: method.id });
    expect(intent.next_action?.type).toBe('use_stripe_sdk');
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_action');
    const early = await rejection(stripe.paymentIntents.capture(intent.id));
    expect(early).toMatchObject({ code: 'payment_intent_unexpected_state' });

    const completed = await control(`/sandbox/stripe/3ds/${intent.id}`, { result: 'succeed' });
    expect(completed.status).toBe(200);
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({ status: 'requires_capture', amount_capturable: 8000, next_action: null });
    expect((await stripe.paymentIntents.capture(intent.id)).amount_received).toBe(8000);
    // Nothing is waiting any more.
    expect((await control(`/sandbox/stripe/3ds/${intent.id}`, { result: 'succeed' })).status).toBe(409);
  });

  it('a failed challenge sends the intent back to requires_payment_method (payment_intent_authentication_failure)', async () => {
    const method = await card(CARDS.threeDSecure);
    const intent = await stripe.paymentIntents.create({ amount: 8000, currency: 'usd', payment_method: method.id, confirm: true, return_url: 'http://127.0.0.1:9/done' });
    expect(intent.status).toBe('requires_action');
    expect(intent.next_action).toMatchObject({ type: 'redirect_to_url', redirect_to_url: { return_url: 'http://127.0.0.1:9/done' } });
    // The challenge page that the redirect points to is served, for this intent's client secret.
    const page = await fetch(intent.next_action?.redirect_to_url?.url as string);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('3D Secure');

    expect((await control(`/sandbox/stripe/3ds/${intent.id}`, { result: 'fail' })).status).toBe(200);
    const after = await stripe.paymentIntents.retrieve(intent.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, next_action: null, amount_received: 0 });
    expect(after.last_payment_error).toMatchObject({ code: 'payment_intent_authentication_failure' });
  });

  it('the challenge page completes it too, redirecting to the return_url as Stripe does', async () => {
    const method = await card(CARDS.threeDSecure);
    const intent = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', payment_method: method.id, confirm: true, return_url: 'http://127.0.0.1:9/done' });
    const url = new URL(intent.next_action?.redirect_to_url?.url as string);
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_secret: intent.client_secret ?? '', result: 'succeed' }),
      redirect: 'manual',
    });
    expect(answer.status).toBe(303);
    const target = new URL(answer.headers.get('location') ?? '');
    expect(target.searchParams.get('payment_intent')).toBe(intent.id);
    expect(target.searchParams.get('redirect_status')).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('succeeded');
  });
});

describe('the publishable key', () => {
  it('may not create, capture or cancel intents (403 secret_key_required)', async () => {
    const refused = await rejection(client.paymentIntents.create({ amount: 1000, currency: 'usd' }));
    expect(refused).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(refused).toMatchObject({ code: 'secret_key_required' });
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: (await card(CARDS.visa)).id, confirm: true });
    expect(await rejection(client.paymentIntents.capture(intent.id))).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(await rejection(client.paymentIntents.cancel(intent.id))).toBeInstanceOf(Stripe.errors.StripePermissionError);
    expect(await rejection(client.paymentMethods.retrieve(intent.payment_method as string))).toBeInstanceOf(Stripe.errors.StripePermissionError);
  });

  it('confirms with the client secret as Stripe.js does (key and card data in the form), and reads only its view', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 3300, currency: 'usd', capture_method: 'manual', metadata: { order: 'CS9' } });
    const form = new URLSearchParams({
      key: info.publishable_key,
      client_secret: intent.client_secret ?? '',
      'payment_method_data[type]': 'card',
      'payment_method_data[card][number]': CARDS.mastercardPrepaid,
      'payment_method_data[card][exp_month]': '12',
      'payment_method_data[card][exp_year]': String(EXP_YEAR),
      'payment_method_data[card][cvc]': CVC,
    });
    const confirmed = await fetch(`${info.api_url}/v1/payment_intents/${intent.id}/confirm`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
    expect(confirmed.status).toBe(200);
    const seen = (await confirmed.json()) as Record<string, unknown>;
    expect(seen).toMatchObject({ id: intent.id, status: 'requires_capture' });
    expect(seen).not.toHaveProperty('metadata');

    const wrongSecret = await rejection(client.paymentIntents.retrieve(intent.id, { client_secret: `${intent.id}_secret_wrong` }));
    expect(wrongSecret).toMatchObject({ type: 'StripeInvalidRequestError', param: 'client_secret' });
    expect((await client.paymentIntents.retrieve(intent.id, { client_secret: intent.client_secret ?? '' })).status).toBe('requires_capture');
    const server = await stripe.paymentIntents.retrieve(intent.id, { expand: ['payment_method'] });
    expect(server.payment_method).toMatchObject({ card: { brand: 'mastercard', funding: 'prepaid', last4: '5100' } });
    expect(server.amount_capturable).toBe(3300);
  });
});

describe('idempotency', () => {
  it('replays the first answer for the same key and params, and refuses the key with other params', async () => {
    const params = { amount: 1200, currency: 'usd', capture_method: 'manual' as const, metadata: { attempt: 'one' } };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'settle-test-create-1' });
    const replay = await stripe.paymentIntents.create(params, { idempotencyKey: 'settle-test-create-1' });
    expect(replay.id).toBe(first.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();

    const conflict = await rejection(stripe.paymentIntents.create({ ...params, amount: 1300 }, { idempotencyKey: 'settle-test-create-1' }));
    expect(conflict).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(conflict).toMatchObject({ statusCode: 400, type: 'StripeIdempotencyError' });
    expect(conflict.message).toContain("Try using a key other than 'settle-test-create-1'");
  });

  it('replays a decline as the same 402, without a second charge', async () => {
    const method = await card(CARDS.declined);
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    const first = await rejection(stripe.paymentIntents.confirm(intent.id, { payment_method: method.id }, { idempotencyKey: `confirm-${intent.id}` }));
    const again = await rejection(stripe.paymentIntents.confirm(intent.id, { payment_method: method.id }, { idempotencyKey: `confirm-${intent.id}` }));
    expect(again).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(again.charge).toBe(first.charge);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
  });

  it('keeps no answer for a request refused for its params, so the corrected one may reuse the key', async () => {
    const bad = await rejection(stripe.paymentIntents.create({ amount: 10, currency: 'usd' }, { idempotencyKey: 'settle-test-fix-me' }));
    expect(bad).toMatchObject({ code: 'amount_too_small' });
    const fixed = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' }, { idempotencyKey: 'settle-test-fix-me' });
    expect(fixed.amount).toBe(1000);
  });
});

describe('state', () => {
  it('keeps no card number and no CVC in any SQLite file of the sandbox', async () => {
    // Every test card above went through the emulation, with the publishable key's form and Stripe.js's.
    const files = readdirSync(dir).filter((f) => f.startsWith('sandbox.db'));
    expect(files).toContain('sandbox.db');
    const bytes = Buffer.concat(files.map((f) => readFileSync(join(dir, f))));
    expect(bytes.length).toBeGreaterThan(0);
    for (const number of Object.values(CARDS)) expect(bytes.includes(number), number).toBe(false);
    for (const cvc of [`"cvc":"${CVC}"`, `"cvc":"${AMEX_CVC}"`, `cvc]=${CVC}`, AMEX_CVC]) expect(bytes.includes(cvc), cvc).toBe(false);
    // Nor any CVC-named field with digits (the names themselves appear: cvc_check, incorrect_cvc, param "cvc").
    expect(/cvc\W{0,6}\d{3,4}/.test(bytes.toString('latin1'))).toBe(false);
  });

  it('is cleared by POST /sandbox/reset', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect((await control('/sandbox/reset', { seed: 7 })).status).toBe(200);
    const gone = await rejection(stripe.paymentIntents.retrieve(intent.id));
    expect(gone).toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});

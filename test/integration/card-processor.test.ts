/**
 * The billing side's card processor (sandbox/card-processor.ts) on its own, against the sandbox's
 * Stripe emulation over loopback: what each step asks of the processor, what it reads back, and
 * that a step sent again (a retry after a crash) happens once. Stripe's own SDK plays the card form
 * and the processor's dashboard.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeCardProcessor, type CardProcessor } from '../../sandbox/card-processor';
import { startSandbox, type Sandbox } from '../../sandbox/server';

let dir: string;
let sandbox: Sandbox;
let cards: CardProcessor;
/** The SDK with the secret key: the processor's side, as its dashboard would show it. */
let processor: Stripe;
/** The SDK with the publishable key: the card form, which alone takes card numbers. */
let form: Stripe;
let payments = 0;

const local = () => ({ host: '127.0.0.1', port: sandbox.stripe.port });
const cardMethod = (number: string) =>
  form.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: '123' } });

/** A hold of `amount` on a card, made through the processor as the sandbox makes it. */
async function hold(number = '4242424242424242', amount = 1_250) {
  const method = await cardMethod(number);
  const paymentId = `pay_processor_${++payments}`;
  const { intentId, clientSecret } = await cards.authorize({ amount, currency: 'USD', paymentMethodId: method.id, paymentId });
  return { intentId, clientSecret, paymentId, method };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-card-processor-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 3 });
  cards = stripeCardProcessor({ secretKey: sandbox.stripe.secretKey, publishableKey: sandbox.stripe.publishableKey, local: local() });
  processor = new Stripe(sandbox.stripe.secretKey, { ...local(), protocol: 'http', maxNetworkRetries: 0 });
  form = new Stripe(sandbox.stripe.publishableKey, { ...local(), protocol: 'http', maxNetworkRetries: 0 });
});

afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the card behind a payment method', () => {
  it('is described by brand, funding and last four digits, and an unknown id is no card', async () => {
    const method = await cardMethod('5555555555554444');
    expect(await cards.card(method.id)).toEqual({ brand: 'mastercard', funding: 'credit', last4: '4444' });
    expect(await cards.card('pm_nobody_made_this')).toBeNull();
  });

  it('is an error, not "no such card", when the processor refuses the service itself', async () => {
    const method = await cardMethod('4242424242424242');
    const wrongKey = stripeCardProcessor({ secretKey: 'sk_test_not_the_sandbox_key', publishableKey: sandbox.stripe.publishableKey, local: local() });
    await expect(wrongKey.card(method.id)).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});

describe('a hold', () => {
  it('asks for the amount in the currency as Stripe writes it, to be captured by hand, named after the payment', async () => {
    const { intentId, clientSecret, paymentId, method } = await hold(undefined, 4_321);
    const intent = await processor.paymentIntents.retrieve(intentId);
    expect(intent).toMatchObject({
      amount: 4_321,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: method.id,
      description: `Settle payment ${paymentId}`,
      metadata: { payment_id: paymentId },
      client_secret: clientSecret,
    });
  });

  it('asked for again for the same payment (a retry after a crash) is the same hold, not a second one', async () => {
    const first = await hold();
    const method = await cardMethod('4242424242424242');
    const again = await cards.authorize({ amount: 1_250, currency: 'USD', paymentMethodId: first.method.id, paymentId: first.paymentId });
    expect(again).toEqual({ intentId: first.intentId, clientSecret: first.clientSecret });
    const other = await cards.authorize({ amount: 1_250, currency: 'USD', paymentMethodId: method.id, paymentId: `${first.paymentId}_other` });
    expect(other.intentId).not.toBe(first.intentId);
  });
});

describe('where a hold stands', () => {
  it('is not authorized while the card form has not confirmed it, or while 3-D Secure waits', async () => {
    const fresh = await hold();
    expect(await cards.state(fresh.intentId)).toEqual({ kind: 'not_authorized', code: 'not_authorized', message: 'The card payment was not completed.' });
    const challenged = await hold('4000002760003184');
    expect((await processor.paymentIntents.confirm(challenged.intentId)).status).toBe('requires_action');
    expect(await cards.state(challenged.intentId)).toMatchObject({ kind: 'not_authorized', code: 'not_authorized' });
  });

  it("gives a decline's reason, and a failed 3-D Secure's", async () => {
    const declined = await hold();
    const card = await cardMethod('4000000000000002');
    await processor.paymentIntents.confirm(declined.intentId, { payment_method: card.id }).catch(() => undefined);
    expect(await cards.state(declined.intentId)).toEqual({ kind: 'not_authorized', code: 'generic_decline', message: 'Your card was declined.' });
    const challenged = await hold('4000002760003184');
    await processor.paymentIntents.confirm(challenged.intentId);
    await fetch(`${sandbox.url}/sandbox/stripe/3ds/${challenged.intentId}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ result: 'fail' }) });
    expect(await cards.state(challenged.intentId)).toMatchObject({ kind: 'not_authorized', code: 'payment_intent_authentication_failure' });
  });

  it('is held with the card that authorized it, then captured for what was taken, or released', async () => {
    const taken = await hold(undefined, 2_000);
    await processor.paymentIntents.confirm(taken.intentId);
    expect(await cards.state(taken.intentId)).toEqual({ kind: 'held', amount: 2_000, card: { brand: 'visa', funding: 'credit', last4: '4242' } });
    expect(await cards.capture(taken.intentId, 1_500)).toBe(1_500);
    expect(await cards.state(taken.intentId)).toEqual({ kind: 'captured', amount: 1_500, card: { brand: 'visa', funding: 'credit', last4: '4242' } });

    const released = await hold();
    await processor.paymentIntents.confirm(released.intentId);
    await cards.release(released.intentId);
    expect(await cards.state(released.intentId)).toEqual({ kind: 'released' });
  });
});

describe('capturing and releasing again', () => {
  it('captures once when asked twice', async () => {
    const { intentId } = await hold(undefined, 3_000);
    await processor.paymentIntents.confirm(intentId);
    expect(await cards.capture(intentId, 3_000)).toBe(3_000);
    expect(await cards.capture(intentId, 3_000)).toBe(3_000);
    expect((await processor.paymentIntents.retrieve(intentId)).amount_received).toBe(3_000);
  });

  it('releases a hold let go already, here or at the processor, without an error; a captured one is an error', async () => {
    const twice = await hold();
    await cards.release(twice.intentId);
    await expect(cards.release(twice.intentId)).resolves.toBeUndefined();

    const elsewhere = await hold();
    await processor.paymentIntents.cancel(elsewhere.intentId);
    await expect(cards.release(elsewhere.intentId)).resolves.toBeUndefined();
    expect((await processor.paymentIntents.retrieve(elsewhere.intentId)).status).toBe('canceled');

    const captured = await hold();
    await processor.paymentIntents.confirm(captured.intentId);
    await cards.capture(captured.intentId, 1_250);
    await expect(cards.release(captured.intentId)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });
});

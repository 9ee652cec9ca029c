import { webcrypto } from 'node:crypto';
import { Script, createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CARD_CSS, CARD_SCRIPT, elementsAsset } from '../../sandbox/stripe/card-element-page';
import { stripeJsSource } from '../../sandbox/stripe/stripe-js';
import { THREE_DS_SCRIPT } from '../../sandbox/stripe/three-ds-frame-page';

/**
 * The sandbox's Stripe.js and its frames' scripts are strings served as written (why: see
 * sandbox/stripe/stripe-js.ts). Here they must parse, keep to what a strict CSP allows, and the page
 * script's API surface and its calls to the emulated API behave as Stripe.js's; in Chromium they are
 * driven by test/e2e/stripe-js.spec.ts.
 */

const ORIGIN = 'http://127.0.0.1:4011';
const PAGE_SCRIPT = stripeJsSource(ORIGIN);
const BROWSER_SCRIPTS = { 'stripe-js': PAGE_SCRIPT, card: CARD_SCRIPT, '3ds': THREE_DS_SCRIPT };

interface FetchCall {
  readonly url: string;
  readonly method: string;
  readonly body: string | undefined;
}

/** The page script run in a bare context with a stub window: fetch answers with `reply`. */
function loadStripeJs(reply: (call: FetchCall) => { status: number; body: unknown } | 'network-down') {
  const calls: FetchCall[] = [];
  const window = {
    location: { origin: 'app://settle' },
    navigator: { language: 'zh-CN' },
    crypto: webcrypto,
    addEventListener() {},
    removeEventListener() {},
    fetch(url: string, init: { method: string; body?: string }) {
      const call = { url, method: init.method, body: init.body };
      calls.push(call);
      const answer = reply(call);
      if (answer === 'network-down') return Promise.reject(new TypeError('Failed to fetch'));
      return Promise.resolve({ status: answer.status, ok: answer.status < 300, json: () => Promise.resolve(answer.body) });
    },
  } as Record<string, unknown>;
  const context = createContext({ window, URL, URLSearchParams, setTimeout });
  runInContext(PAGE_SCRIPT, context);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Stripe.js's loose surface, looked into field by field
  const Stripe = window.Stripe as any;
  return { Stripe, calls, window };
}

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;
const SECRET = 'pi_3abcDEF123_secret_xyz789';

describe('the served browser code', () => {
  it.each(Object.entries(BROWSER_SCRIPTS))('%s parses as a classic script', (_name, source) => {
    expect(() => new Script(source)).not.toThrow();
  });

  it.each(Object.entries(BROWSER_SCRIPTS))('%s keeps to a strict CSP: no eval, no Function, no inline styles or handlers, no HTML strings', (_name, source) => {
    expect(source).not.toMatch(/\beval\s*\(|new\s+Function|\bFunction\s*\(/);
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(source).not.toMatch(/setAttribute\(\s*['"](style|on\w+)['"]/);
    expect(source).not.toMatch(/createElement\(\s*['"]style['"]/);
    expect(source).not.toMatch(/\.cssText\b/);
  });

  it('names the Stripe origin the page reached it by, once', () => {
    expect(PAGE_SCRIPT).toContain(`var STRIPE_ORIGIN = "${ORIGIN}";`);
    expect(PAGE_SCRIPT).not.toContain('__SETTLE_STRIPE_ORIGIN__');
    expect(stripeJsSource('http://localhost:4011')).toContain('var STRIPE_ORIGIN = "http://localhost:4011";');
  });

  it('serves the frames with their own strict CSP, and their script and styles from the same origin', () => {
    const card = elementsAsset('/elements/card', Date.UTC(2030, 0, 1));
    expect(card?.contentType).toBe('text/html; charset=utf-8');
    expect(card?.csp).toContain("script-src 'self'");
    expect(card?.csp).toContain("style-src 'self'");
    expect(card?.csp).not.toContain('unsafe');
    expect(card?.body).toContain('<meta name="settle-sandbox-now" content="1893456000000">');
    expect(card?.body).toContain('<script src="/elements/card.js"></script>');
    expect(card?.body).not.toMatch(/style=|<style|\son\w+=/);
    expect(elementsAsset('/elements/card.js', 0)).toEqual({ contentType: 'text/javascript; charset=utf-8', body: CARD_SCRIPT });
    expect(elementsAsset('/elements/card.css', 0)).toEqual({ contentType: 'text/css; charset=utf-8', body: CARD_CSS });
    expect(elementsAsset('/elements/3ds', 0)?.csp).toContain("frame-src 'self'");
    expect(elementsAsset('/elements/nope', 0)).toBeUndefined();
  });
});

describe('the page script', () => {
  it('defines window.Stripe as Stripe.js v3 "endive", which @stripe/stripe-js accepts', () => {
    const { Stripe } = loadStripeJs(() => ({ status: 500, body: {} }));
    expect(typeof Stripe).toBe('function');
    expect(Stripe.version).toBe('endive');
    const stripe = Stripe('pk_test_x');
    expect(stripe._registerWrapper({ name: 'stripe-js', version: '10.2.1' })).toBeUndefined();
    for (const name of ['elements', 'createPaymentMethod', 'confirmCardPayment', 'retrievePaymentIntent']) expect(typeof stripe[name]).toBe('function');
    // Resolving a promise with it must not trip on a `then` (loadStripe does).
    expect(stripe.then).toBeUndefined();
  });

  it('refuses what Stripe.js refuses, and says plainly what the sandbox does not emulate', () => {
    const { Stripe } = loadStripeJs(() => ({ status: 500, body: {} }));
    expect(() => Stripe('')).toThrow('publishable key');
    expect(() => Stripe('sk_test_secret')).toThrow('secret key');
    const stripe = Stripe('pk_test_x');
    expect(() => stripe.confirmPayment({})).toThrow('stripe.confirmPayment() is not emulated by the Settle sandbox');
    expect(() => stripe.paymentRequest({})).toThrow('not emulated by the Settle sandbox');
    const elements = stripe.elements({ locale: 'zh' });
    expect(() => elements.create('payment')).toThrow('elements.create("payment") is not emulated by the Settle sandbox');
    const card = elements.create('card', { hidePostalCode: true });
    expect(elements.getElement('card')).toBe(card);
    expect(() => elements.create('card')).toThrow('Can only create one Element of type card.');
    expect(() => stripe.confirmCardPayment('not a secret')).toThrow('Invalid value for confirmCardPayment intent secret');
    expect(() => stripe.createPaymentMethod({ type: 'card', card: {} })).toThrow('not emulated');
    expect(() => stripe.confirmCardPayment(SECRET, { return_url: 'https://x' })).toThrow('return_url');
  });

  it('retrievePaymentIntent: GET with the publishable key and the client secret', async () => {
    const { Stripe, calls } = loadStripeJs(() => ({ status: 200, body: { id: 'pi_3abcDEF123', object: 'payment_intent', status: 'requires_capture' } }));
    const result = plain(await Stripe('pk_test_x').retrievePaymentIntent(SECRET));
    expect(result).toEqual({ paymentIntent: { id: 'pi_3abcDEF123', object: 'payment_intent', status: 'requires_capture' } });
    expect(calls).toEqual([{ url: `${ORIGIN}/v1/payment_intents/pi_3abcDEF123?key=pk_test_x&client_secret=${SECRET}`, method: 'GET', body: undefined }]);
  });

  it('confirmCardPayment with a PaymentMethod id: the form-encoded confirm, and a decline as {error} with its payment_intent', async () => {
    const error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', payment_intent: { id: 'pi_3abcDEF123', status: 'requires_payment_method' } };
    const { Stripe, calls } = loadStripeJs(() => ({ status: 402, body: { error } }));
    const result = plain(await Stripe('pk_test_x').confirmCardPayment(SECRET, { payment_method: 'pm_123' }));
    expect(result).toEqual({ error });
    expect(calls).toEqual([{ url: `${ORIGIN}/v1/payment_intents/pi_3abcDEF123/confirm`, method: 'POST', body: `key=pk_test_x&client_secret=${SECRET}&payment_method=pm_123` }]);
  });

  it('confirmCardPayment leaves a requires_action intent to the caller with handleActions: false', async () => {
    const intent = { id: 'pi_3abcDEF123', status: 'requires_action', next_action: { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: `${ORIGIN}/3ds/pi_3abcDEF123/challenge?client_secret=x` } } };
    const { Stripe } = loadStripeJs(() => ({ status: 200, body: intent }));
    expect(plain(await Stripe('pk_test_x').confirmCardPayment(SECRET, { payment_method: 'pm_1' }, { handleActions: false }))).toEqual({ paymentIntent: intent });
  });

  it('a network failure is an api_connection_error, not a rejection', async () => {
    const { Stripe } = loadStripeJs(() => 'network-down');
    const stripe = Stripe('pk_test_x');
    expect(plain(await stripe.retrievePaymentIntent(SECRET))).toEqual({ error: { type: 'api_connection_error', message: 'An error occurred with our connection to Stripe.' } });
    expect(plain(await stripe.confirmCardPayment(SECRET, { payment_method: 'pm_1' }))).toMatchObject({ error: { type: 'api_connection_error' } });
  });

  it('does not define Stripe twice when loaded twice', () => {
    const { window } = loadStripeJs(() => ({ status: 500, body: {} }));
    const first = window.Stripe;
    runInContext(PAGE_SCRIPT, createContext({ window, URL, URLSearchParams, setTimeout }));
    expect(window.Stripe).toBe(first);
  });
});

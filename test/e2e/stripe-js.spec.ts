import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type FrameLocator, type Page } from '@playwright/test';
import Stripe from 'stripe';
import { startProcess } from '../support/processes';

/**
 * The sandbox's Stripe.js (sandbox/stripe/stripe-js.ts) and its card Element frame, in Chromium, on a
 * page of its own under the renderer's CSP with the Stripe port added as the app will add it. The
 * page loads the script with a <script src> and gets it through @stripe/stripe-js's own loadStripe
 * (pure), as the renderer will; its harness script (served by the harness, no inline script) exposes
 * what the tests call through page.evaluate. The sandbox runs as a process (`sandbox/cli.ts`), as
 * for the other e2e tests; GET /sandbox/stripe says where its Stripe port is.
 */

interface StripeInfo {
  readonly api_url: string;
  readonly js_url: string;
  readonly publishable_key: string;
  readonly secret_key: string;
}

interface Harness {
  readonly info: StripeInfo;
  readonly stripe: Stripe;
  readonly url: string;
  close(): Promise<void>;
}

const PURE = readFileSync(join(process.cwd(), 'node_modules/@stripe/stripe-js/dist/pure.mjs'), 'utf8');

/** The page's script: records what a test looks at and exposes the calls (a module, so it may import loadStripe). */
const HARNESS_JS = (key: string) => `
import { loadStripe } from '/stripe-js-pure.mjs';
const events = [];
const problems = [];
document.addEventListener('securitypolicyviolation', (e) => problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI));
const params = new URLSearchParams(location.search);
const stripe = await loadStripe(${JSON.stringify(key)}, { locale: params.get('locale') || 'en' });
const elements = stripe.elements({ locale: params.get('locale') || 'en' });
const card = elements.create('card', { hidePostalCode: true, disableLink: true });
for (const type of ['ready', 'change', 'focus', 'blur']) card.on(type, (e) => events.push({ type, ...e }));
card.mount('#card');
const plain = (value) => JSON.parse(JSON.stringify(value));
window.harness = {
  events,
  problems,
  isStripeOurs: () => stripe !== null && window.Stripe.version === 'endive' && elements.getElement('card') === card,
  createPaymentMethod: async () => plain(await stripe.createPaymentMethod({ type: 'card', card, billing_details: { name: 'Jenny Rosen' } })),
  confirmWithCard: async (secret) => plain(await stripe.confirmCardPayment(secret, { payment_method: { card } })),
  confirmWithId: async (secret, id) => plain(await stripe.confirmCardPayment(secret, { payment_method: id })),
  retrieve: async (secret) => plain(await stripe.retrievePaymentIntent(secret)),
  clear: () => card.clear(),
  focus: () => card.focus(),
  disable: (disabled) => card.update({ disabled }),
  lastChange: () => [...events].reverse().find((e) => e.type === 'change') ?? null,
};
document.body.dataset.ready = 'yes';
`;

const PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stripe.js harness</title>
<script src="{jsUrl}"></script>
<script type="module" src="/harness.mjs"></script>
</head><body>
<form id="pay" action="javascript:void 0">
<label for="before">Name</label> <input id="before">
<div id="card"></div>
<button id="after" type="button">Pay</button>
</form>
</body></html>`;

async function startHarness(): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'settle-stripe-js-'));
  const { process: sandbox, match } = await startProcess(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--db', join(dir, 'sandbox.db'), '--seed', '7'], {
    ready: /Billing sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/,
  });
  const info = (await (await fetch(`${match[1]!}/sandbox/stripe`)).json()) as StripeInfo;
  const stripeOrigin = info.api_url;
  const csp = [
    "default-src 'none'",
    `script-src 'self' ${stripeOrigin}`,
    `frame-src ${stripeOrigin}`,
    `connect-src 'self' ${stripeOrigin}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'content-type': type, 'content-security-policy': csp, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (path === '/') send('text/html; charset=utf-8', PAGE_HTML.replace('{jsUrl}', info.js_url));
    else if (path === '/harness.mjs') send('text/javascript', HARNESS_JS(info.publishable_key));
    else if (path === '/stripe-js-pure.mjs') send('text/javascript', PURE);
    else if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const stripe = new Stripe(info.secret_key, { host: '127.0.0.1', port: Number(new URL(info.api_url).port), protocol: 'http' });
  return {
    info,
    stripe,
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let harness: Harness;
test.beforeAll(async () => {
  harness = await startHarness();
});
test.afterAll(async () => {
  await harness.close();
});

const consoleProblems = new WeakMap<Page, string[]>();

async function openPage(page: Page, locale: 'en' | 'zh' = 'en'): Promise<FrameLocator> {
  const problems: string[] = [];
  consoleProblems.set(page, problems);
  page.on('console', (message) => {
    // Chromium logs each 4xx answer; a decline answering 402 from the API is what the test asked for.
    const declined = /^Failed to load resource: the server responded with a status of 402/.test(message.text()) && message.location().url.startsWith(`${harness.info.api_url}/v1/`);
    if ((message.type() === 'error' || message.type() === 'warning') && !declined) problems.push(`${message.type()}: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.goto(`${harness.url}?locale=${locale}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'yes');
  await expect.poll(() => page.evaluate(() => window.harness.events.some((e) => e.type === 'ready'))).toBe(true);
  return page.frameLocator('#card iframe');
}

test.afterEach(async ({ page }) => {
  // Nothing the CSP refused, on the page or in a frame, and no console errors or warnings (loadStripe warns on a wrong version).
  const inPage = await page.evaluate(() => window.harness?.problems ?? []).catch(() => []);
  expect([...(consoleProblems.get(page) ?? []), ...inPage]).toEqual([]);
});

/** card.clear(), and its change event back (the message to the frame is asynchronous). */
async function clearCard(page: Page): Promise<void> {
  const before = await page.evaluate(() => window.harness.events.length);
  await page.evaluate(() => window.harness.clear());
  await expect.poll(() => page.evaluate((n) => window.harness.events.length > n && window.harness.lastChange()?.empty === true, before)).toBe(true);
}

async function typeCard(card: FrameLocator, number: string, expiry: string, cvc: string): Promise<void> {
  await card.locator('#number').click();
  await card.locator('#number').pressSequentially(number);
  if (expiry) {
    await card.locator('#expiry').click();
    await card.locator('#expiry').pressSequentially(expiry);
  }
  if (cvc) {
    await card.locator('#cvc').click();
    await card.locator('#cvc').pressSequentially(cvc);
  }
}

async function newIntent(amount = 1999): Promise<Stripe.PaymentIntent> {
  return harness.stripe.paymentIntents.create({ amount, currency: 'usd', capture_method: 'manual' });
}

test('a card typed into the frame becomes a PaymentMethod, and its number never enters the page', async ({ page }) => {
  const card = await openPage(page);
  expect(await page.evaluate(() => window.harness.isStripeOurs())).toBe(true);
  const paymentMethodRequests: { frame: string; post: string | null }[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/v1/payment_methods')) paymentMethodRequests.push({ frame: request.frame().url(), post: request.postData() });
  });

  await typeCard(card, '4242424242424242', '1234', '123');
  await expect(card.locator('#number')).toHaveValue('4242 4242 4242 4242');
  await expect(card.locator('#expiry')).toHaveValue('12 / 34');
  await expect(card.locator('#brand')).toHaveAttribute('aria-label', 'Visa');
  const change = await page.evaluate(() => window.harness.lastChange());
  expect(change).toEqual({ type: 'change', elementType: 'card', empty: false, complete: true, brand: 'visa', value: { postalCode: '' } });

  const result = await page.evaluate(() => window.harness.createPaymentMethod());
  expect(result.error).toBeUndefined();
  expect(result.paymentMethod).toMatchObject({ object: 'payment_method', type: 'card', billing_details: { name: 'Jenny Rosen' }, card: { brand: 'visa', funding: 'credit', last4: '4242', exp_month: 12, exp_year: 2034 } });
  expect(result.paymentMethod.id).toMatch(/^pm_/);

  // The number went to the API from the card frame only; the page's DOM and everything it was told hold no number.
  expect(paymentMethodRequests).toHaveLength(1);
  expect(paymentMethodRequests[0]!.frame).toContain('/elements/card');
  expect(paymentMethodRequests[0]!.post).toContain('card%5Bnumber%5D=4242424242424242');
  const pageText = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(window.harness.events));
  expect(pageText).not.toMatch(/4242\s?4242/);
  expect(JSON.stringify(result)).not.toContain('4242424242424242');
  await expect(page.locator('#card')).toHaveClass(/StripeElement--complete/);

  // The frame looks like an input: about 42 px high, one row.
  const box = await page.locator('#card iframe').boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(40);
  expect(box?.height).toBeLessThanOrEqual(44);
});

for (const locale of ['en', 'zh'] as const) {
  const M =
    locale === 'en'
      ? { number: 'Card number', expiry: 'MM / YY', incompleteNumber: 'Your card number is incomplete.', invalidNumber: 'Your card number is invalid.', yearPast: "Your card's expiration year is in the past.", incompleteCvc: "Your card's security code is incomplete." }
      : { number: '卡号', expiry: '月份 / 年份', incompleteNumber: '您的卡号不完整。', invalidNumber: '您的卡号无效。', yearPast: '您的卡的到期年份已过。', incompleteCvc: '您的卡的安全码不完整。' };

  test(`validation errors as Stripe's, in ${locale}`, async ({ page }) => {
    const card = await openPage(page, locale);
    await expect(card.locator('#number')).toHaveAttribute('placeholder', M.number);
    await expect(card.locator('#expiry')).toHaveAttribute('placeholder', M.expiry);
    await expect(card.locator('#cvc')).toHaveAttribute('placeholder', 'CVC');

    // Nothing typed: the number is incomplete.
    expect(await page.evaluate(() => window.harness.createPaymentMethod())).toEqual({ error: { type: 'validation_error', code: 'incomplete_number', message: M.incompleteNumber } });

    // A number that fails the Luhn check is refused as soon as it is whole, and said out loud in the frame.
    await typeCard(card, '4242424242424241', '', '');
    await expect.poll(() => page.evaluate(() => window.harness.lastChange()?.error)).toEqual({ type: 'validation_error', code: 'invalid_number', message: M.invalidNumber });
    await expect(card.getByRole('alert')).toHaveText(M.invalidNumber);
    await expect(page.locator('#card')).toHaveClass(/StripeElement--invalid/);
    expect((await page.evaluate(() => window.harness.createPaymentMethod())).error.code).toBe('invalid_number');

    // A past expiry.
    await clearCard(page);
    await typeCard(card, '4242424242424242', '1220', '');
    await expect.poll(() => page.evaluate(() => window.harness.lastChange()?.error?.code)).toBe('invalid_expiry_year_past');
    expect((await page.evaluate(() => window.harness.createPaymentMethod())).error).toEqual({ type: 'validation_error', code: 'invalid_expiry_year_past', message: M.yearPast });

    // A partly typed number shows its error once the field is left; a missing CVC at submit.
    await clearCard(page);
    await typeCard(card, '4242 42', '', '');
    await card.locator('#expiry').click();
    await expect.poll(() => page.evaluate(() => window.harness.lastChange()?.error?.code)).toBe('incomplete_number');
    await clearCard(page);
    await typeCard(card, '4242424242424242', '1234', '');
    expect((await page.evaluate(() => window.harness.createPaymentMethod())).error).toEqual({ type: 'validation_error', code: 'incomplete_cvc', message: M.incompleteCvc });
  });
}

test('an Amex card: its brand, 4-6-5 grouping and a 4-digit CVC', async ({ page }) => {
  const card = await openPage(page);
  await typeCard(card, '378282246310005', '1234', '12345');
  await expect(card.locator('#number')).toHaveValue('3782 822463 10005');
  await expect(card.locator('#cvc')).toHaveValue('1234');
  await expect(card.locator('#brand')).toHaveAttribute('aria-label', 'American Express');
  expect(await page.evaluate(() => window.harness.lastChange())).toMatchObject({ brand: 'amex', complete: true });
  const result = await page.evaluate(() => window.harness.createPaymentMethod());
  expect(result.paymentMethod.card).toMatchObject({ brand: 'amex', last4: '0005' });
});

test('confirmCardPayment with the card Element: a manual-capture intent ends in requires_capture', async ({ page }) => {
  const card = await openPage(page);
  const intent = await newIntent();
  await typeCard(card, '4242424242424242', '1234', '123');
  const result = await page.evaluate((secret) => window.harness.confirmWithCard(secret), intent.client_secret!);
  expect(result.error).toBeUndefined();
  expect(result.paymentIntent).toMatchObject({ id: intent.id, status: 'requires_capture', amount: 1999 });
  expect((await harness.stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_capture');
  expect((await page.evaluate((secret) => window.harness.retrieve(secret), intent.client_secret!)).paymentIntent.status).toBe('requires_capture');
});

test('a declined card gives card_declined, and the same intent then goes through with another card', async ({ page }) => {
  const card = await openPage(page);
  const intent = await newIntent();
  await typeCard(card, '4000000000000002', '1234', '123');
  const declined = await page.evaluate((secret) => window.harness.confirmWithCard(secret), intent.client_secret!);
  expect(declined.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
  expect(declined.error.payment_intent).toMatchObject({ id: intent.id, status: 'requires_payment_method' });

  await clearCard(page);
  await typeCard(card, '4242424242424242', '1234', '123');
  const approved = await page.evaluate((secret) => window.harness.confirmWithCard(secret), intent.client_secret!);
  expect(approved.paymentIntent).toMatchObject({ id: intent.id, status: 'requires_capture' });
});

test('confirmCardPayment with a PaymentMethod id', async ({ page }) => {
  const card = await openPage(page);
  const intent = await newIntent();
  await typeCard(card, '5555555555554444', '1234', '123');
  const created = await page.evaluate(() => window.harness.createPaymentMethod());
  expect(created.paymentMethod.card.brand).toBe('mastercard');
  const result = await page.evaluate(([secret, id]) => window.harness.confirmWithId(secret, id), [intent.client_secret!, created.paymentMethod.id] as const);
  expect(result.paymentIntent).toMatchObject({ status: 'requires_capture', payment_method: created.paymentMethod.id });
});

function challengeFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[title="3D Secure authentication"]').frameLocator('#challenge');
}

/** What the harness page's calls answer: Stripe.js's {paymentIntent} | {error}, as JSON. */
type Answer = { paymentIntent?: Record<string, unknown>; error?: Record<string, unknown> };

async function start3ds(page: Page): Promise<{ intent: Stripe.PaymentIntent; result: Promise<Answer> }> {
  const card = await openPage(page);
  const intent = await newIntent(4200);
  await typeCard(card, '4000002760003184', '1234', '123');
  const result = page.evaluate((secret) => window.harness.confirmWithCard(secret), intent.client_secret!);
  const complete = challengeFrame(page).getByRole('button', { name: 'Complete' });
  await expect(complete).toBeVisible();
  // Focus moves into the challenge: its first button.
  await expect(complete).toBeFocused();
  await expect(page.getByRole('dialog', { name: '3D Secure authentication' })).toBeVisible();
  return { intent, result };
}

async function expectAuthenticationFailed(page: Page, intent: Stripe.PaymentIntent, result: Promise<Answer>): Promise<void> {
  const answer = await result;
  expect(answer.paymentIntent).toBeUndefined();
  expect(answer.error).toMatchObject({ code: 'payment_intent_authentication_failure', payment_intent: { id: intent.id, status: 'requires_payment_method' } });
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect((await harness.stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
}

test('3-D Secure: the modal shows the challenge, and Complete lets the payment through', async ({ page }) => {
  const { intent, result } = await start3ds(page);
  await challengeFrame(page).getByRole('button', { name: 'Complete' }).click();
  const answer = await result;
  expect(answer.error).toBeUndefined();
  expect(answer.paymentIntent).toMatchObject({ id: intent.id, status: 'requires_capture' });
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test("3-D Secure: the challenge's Fail button fails the payment", async ({ page }) => {
  const { intent, result } = await start3ds(page);
  await challengeFrame(page).getByRole('button', { name: 'Fail' }).click();
  await expectAuthenticationFailed(page, intent, result);
});

test('3-D Secure by keyboard: Enter on Complete passes it', async ({ page }) => {
  const { intent, result } = await start3ds(page);
  await page.keyboard.press('Enter');
  expect((await result).paymentIntent).toMatchObject({ id: intent.id, status: 'requires_capture' });
});

test('3-D Secure: Escape in the challenge fails the authentication', async ({ page }) => {
  const { intent, result } = await start3ds(page);
  await page.keyboard.press('Escape');
  await expectAuthenticationFailed(page, intent, result);
});

test("3-D Secure: the overlay's Cancel fails the authentication", async ({ page }) => {
  const { intent, result } = await start3ds(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expectAuthenticationFailed(page, intent, result);
});

test('keyboard only: Tab from the page into the number, auto-advance to expiry and CVC, Tab out', async ({ page }) => {
  const card = await openPage(page);
  await page.locator('#before').focus();
  await page.keyboard.press('Tab');
  await expect(card.locator('#number')).toBeFocused();
  await expect.poll(() => page.evaluate(() => window.harness.events.filter((e) => e.type === 'focus').length)).toBe(1);
  await page.keyboard.type('4242424242424242');
  await expect(card.locator('#expiry')).toBeFocused();
  await page.keyboard.type('1234');
  await expect(card.locator('#cvc')).toBeFocused();
  await page.keyboard.type('123');
  await expect.poll(() => page.evaluate(() => window.harness.lastChange()?.complete)).toBe(true);
  // Backspace at the start of a field goes back into the one before.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Backspace');
  await expect(card.locator('#expiry')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.locator('#after')).toBeFocused();
  await expect.poll(() => page.evaluate(() => window.harness.events.filter((e) => e.type === 'blur').length)).toBe(1);
  // Shift+Tab comes back into the CVC, the field next to the page's button.
  await page.keyboard.press('Shift+Tab');
  await expect(card.locator('#cvc')).toBeFocused();
  // element.focus() from the page puts focus into the number.
  await page.locator('#after').focus();
  await page.evaluate(() => window.harness.focus());
  await expect(card.locator('#number')).toBeFocused();
});

test('disabled greys the element and takes its fields out of reach', async ({ page }) => {
  const card = await openPage(page);
  await card.locator('#number').click();
  await expect.poll(() => page.evaluate(() => window.harness.events.filter((e) => e.type === 'focus').length)).toBe(1);
  await page.evaluate(() => window.harness.disable(true));
  await expect(card.locator('#number')).toBeDisabled();
  // Disabled while focused: the field lets go of the focus, and the page hears blur.
  await expect.poll(() => page.evaluate(() => window.harness.events.filter((e) => e.type === 'blur').length)).toBe(1);
  await expect(page.locator('#card')).not.toHaveClass(/StripeElement--focus/);
  await expect(page.locator('#card')).toHaveClass(/StripeElement--disabled/);
  await page.evaluate(() => window.harness.disable(false));
  await expect(card.locator('#number')).toBeEnabled();
});

/** A Stripe.js event as the harness records it: its type, and what the handler got. */
type HarnessEvent = { type: string; elementType: string; empty?: boolean; complete?: boolean; brand?: string; error?: { type: string; code: string; message: string } };
// Loose on purpose: the tests look into Stripe.js's answers field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

declare global {
  interface Window {
    harness: {
      events: HarnessEvent[];
      problems: string[];
      isStripeOurs(): boolean;
      createPaymentMethod(): Promise<Loose>;
      confirmWithCard(secret: string): Promise<Loose>;
      confirmWithId(secret: string, id: string): Promise<Loose>;
      retrieve(secret: string): Promise<Loose>;
      clear(): void;
      focus(): void;
      disable(disabled: boolean): void;
      lastChange(): HarnessEvent | null;
    };
  }
}

/**
 * Paying online by card, end to end: the real renderer in Chromium, the web face, the sandbox's
 * billing side and its Stripe emulation, whose Stripe.js puts the card field in an iframe of its
 * own origin. What the clerk sees, and what the sandbox charged (`/sandbox/charges`), are checked.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { FrameLocator, Page } from '@playwright/test';
import { filesUnder } from '../support/files-under';
import Stripe from 'stripe';
import { POSTPAID_TOKEN, expect, test } from './fixtures';
import type { RawOrder, SandboxControl } from '../support/sandbox-control';

const grid = (page: Page) => page.getByRole('grid', { name: 'Unpaid orders' });
const row = (page: Page, orderId: string) => grid(page).locator(`[role="row"][data-order-id="${orderId}"]`);
const checkout = (page: Page) => page.getByRole('dialog', { name: 'Pay for orders' });
const results = (page: Page) => page.getByRole('dialog', { name: 'Payment result' });
const cardStep = (page: Page) => checkout(page).getByTestId('card-step');
const cardField = (page: Page): FrameLocator => cardStep(page).getByTestId('card-field').frameLocator('iframe');
const HOUR = 3_600_000;

export const CARDS = {
  visa: '4242424242424242',
  mastercard: '5555555555554444',
  visaDebit: '4000056655665556',
  mastercardPrepaid: '5105105105105100',
  amex: '378282246310005',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  threeDSecure: '4000002760003184',
} as const;

const plain = (o: RawOrder) => o.status === 6 && o.combined_order_id === null && !o.contract_overlap && o.currency === 'USD' && Date.parse(o.expire_time as string) > Date.now() + HOUR;

async function plainOrders(sandbox: SandboxControl, count: number): Promise<RawOrder[]> {
  return (await sandbox.listedOrders(POSTPAID_TOKEN)).filter(plain).slice(0, count);
}

async function openCardStep(page: Page, orderIds: readonly string[]): Promise<void> {
  for (const id of orderIds) {
    await page.getByLabel('Order No.').fill(id);
    await row(page, id).getByRole('checkbox').click();
    await expect(row(page, id).getByRole('checkbox')).toBeChecked();
  }
  await page.getByRole('button', { name: 'Combine Payments' }).click();
  await expect(checkout(page).getByText('Amount confirmed by the billing service.')).toBeVisible();
  await checkout(page).getByRole('radio', { name: /Pay online/ }).check();
  await checkout(page).getByRole('button', { name: 'Go to Online Payment' }).click();
  await expect(cardStep(page).getByRole('heading', { name: 'Pay online by card' })).toBeVisible();
}

async function enterCard(page: Page, number: string): Promise<void> {
  const field = cardField(page);
  await field.locator('#number').fill('');
  await field.locator('#number').pressSequentially(number);
  await field.locator('#expiry').pressSequentially('1234');
  await field.locator('#cvc').pressSequentially(number.length === 15 ? '1234' : '123');
}

const payNow = (page: Page) => cardStep(page).getByTestId('pay-now').click();
const problem = (page: Page) => cardStep(page).getByTestId('card-problem');
/** The 3-D Secure challenge the sandbox's Stripe.js shows over the page. */
const challenge = (page: Page) => page.frameLocator('iframe[title="3D Secure authentication"]').frameLocator('#challenge');

/** The account's payments at the billing service: a card stopped by the app's own check never gets there. */
async function servicePayments(sandbox: SandboxControl): Promise<unknown[]> {
  const response = await fetch(`${sandbox.url}/v1/payments`, { headers: { authorization: `Bearer ${POSTPAID_TOKEN}` } });
  return ((await response.json()) as { payments: unknown[] }).payments;
}

test.describe('paying online by card', () => {
  test('two orders with a Visa credit card: authorized, captured once, the card on the results and the orders gone', async ({ page, settle }) => {
    const orders = await plainOrders(settle.sandbox, 2);
    await settle.open(page);
    await openCardStep(page, orders.map((o) => o.order_id));
    await expect(cardStep(page)).toContainText('Accepted: Visa and Mastercard credit cards only');
    await enterCard(page, CARDS.visa);
    await payNow(page);

    await expect(results(page).getByRole('status').first()).toHaveText('Paid: every order was paid.');
    await expect(results(page).getByTestId('payment-card')).toHaveText('Visa ending in 4242');
    const charges = await settle.sandbox.charges();
    expect(charges.map((c) => c.order_id).sort()).toEqual(orders.map((o) => o.order_id).sort());
    expect(charges.every((c) => c.method === 'card')).toBe(true);
    // The card number never was in the app's page, only in the processor's frame.
    expect(await page.content()).not.toContain('4242 4242');

    // The receipt and the Payments page name the card too.
    await page.evaluate(() => (window.print = () => undefined));
    await results(page).getByRole('button', { name: 'Print receipt' }).click();
    await expect(page.getByRole('dialog', { name: 'Payment receipt' }).getByTestId('receipt-card')).toHaveText('Visa ending in 4242');
    await page.getByRole('dialog', { name: 'Payment receipt' }).getByRole('button', { name: 'Close' }).click();
    await results(page).getByRole('button', { name: 'Back to Unpaid Orders' }).click();
    for (const o of orders) await expect(row(page, o.order_id)).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Payments' }).click();
    await expect(page.getByRole('table', { name: 'Payments made from this app' })).toContainText('Visa ending in 4242');
  });

  test('by keyboard alone: the card field takes focus, Tab leaves it for PAY NOW, Enter pays', async ({ page, settle }) => {
    const [order] = await plainOrders(settle.sandbox, 1);
    await settle.open(page);
    await openCardStep(page, [order!.order_id]);
    // Focus is in the processor's frame, in the number field: typing goes there and moves on by itself.
    await expect(cardField(page).locator('#number')).toBeFocused();
    await page.keyboard.type(`${CARDS.visa}1234123`);
    await expect(cardField(page).locator('#cvc')).toHaveValue('123');
    let onPayNow = false;
    for (let i = 0; i < 4 && !onPayNow; i++) {
      await page.keyboard.press('Tab');
      onPayNow = await cardStep(page).getByTestId('pay-now').evaluate((button) => button === document.activeElement);
    }
    expect(onPayNow).toBe(true);
    await page.keyboard.press('Enter');
    await expect(results(page).getByRole('status').first()).toHaveText('Paid: every order was paid.');
  });
});

test.describe('cards that are not taken', () => {
  for (const [name, number, reason] of [
    ['a Visa debit card', CARDS.visaDebit, 'This Visa card is a debit card: only credit cards are accepted. Use a Visa or Mastercard credit card.'],
    ['a Mastercard prepaid card', CARDS.mastercardPrepaid, 'This Mastercard card is a prepaid card: only credit cards are accepted. Use a Visa or Mastercard credit card.'],
    ['an American Express card', CARDS.amex, 'American Express cards are not accepted: use a Visa or Mastercard credit card.'],
  ] as const) {
    test(`${name} is refused with its reason before the billing service is asked, and another card then pays`, async ({ page, settle }) => {
      const [order] = await plainOrders(settle.sandbox, 1);
      await settle.open(page);
      await openCardStep(page, [order!.order_id]);
      await enterCard(page, number);
      await payNow(page);
      await expect(problem(page)).toHaveText(reason);
      expect(await servicePayments(settle.sandbox)).toEqual([]);

      await enterCard(page, CARDS.mastercard);
      await payNow(page);
      await expect(results(page).getByTestId('payment-card')).toHaveText('Mastercard ending in 4444');
      expect(await settle.sandbox.charges()).toHaveLength(1);
    });
  }
});

test("the billing service refuses those cards itself when the app's own check is bypassed", async ({ settle }) => {
  const { origin, searchParams } = new URL(settle.appUrl);
  const api = async <T>(channel: string, input: unknown): Promise<T> => {
    const response = await fetch(`${origin}/api/${channel}`, { method: 'POST', headers: { authorization: `Bearer ${searchParams.get('token')}`, 'content-type': 'application/json' }, body: JSON.stringify({ input }) });
    const result = (await response.json()) as { ok: boolean; value: T; error?: unknown };
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    return result.value;
  };
  const stripe = new Stripe(settle.sandbox.stripe.publishableKey, { host: '127.0.0.1', port: settle.sandbox.stripe.port, protocol: 'http', maxNetworkRetries: 0 });
  const [order] = await plainOrders(settle.sandbox, 1);
  await expect.poll(async () => (await api<{ lastSuccessAt: number | null }>('getSyncState', undefined)).lastSuccessAt).not.toBeNull();
  const detail = await api<{ updateTime: number }>('getOrder', { orderId: order!.order_id });
  const orders = [{ orderId: order!.order_id, couponIds: [] }];
  const quote = await api<{ totals: { payable: number } }>('quotePayment', { orders, method: 'card' });
  for (const [number, reason] of [[CARDS.visaDebit, 'debit'], [CARDS.mastercardPrepaid, 'prepaid'], [CARDS.amex, 'American Express']] as const) {
    const method = await stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: new Date().getUTCFullYear() + 2, cvc: number.length === 15 ? '1234' : '123' } });
    const paid = await api<{ state: string; refusal: { code: string; message: string } | null }>('payOrders', {
      orders, method: 'card', paymentMethodId: method.id, contractConfirmed: [], expectedPayable: quote.totals.payable, seen: [{ orderId: order!.order_id, updateTime: detail.updateTime }],
    });
    expect(paid).toMatchObject({ state: 'refused', refusal: { code: 'CBC.99005010', message: expect.stringContaining(reason) } });
  }
  expect(await settle.sandbox.charges()).toEqual([]);
});

test.describe('declines and 3-D Secure', () => {
  test("a decline shows the processor's reason; another card on the same payment is charged once", async ({ page, settle }) => {
    const [order] = await plainOrders(settle.sandbox, 1);
    await settle.open(page);
    await openCardStep(page, [order!.order_id]);
    await enterCard(page, CARDS.insufficientFunds);
    await payNow(page);
    await expect(problem(page)).toHaveText('The card was not charged: Your card has insufficient funds. Try another card.');
    await expect(cardStep(page).getByRole('button', { name: 'Cancel payment' })).toBeVisible();
    expect(await settle.sandbox.charges()).toEqual([]);

    await enterCard(page, CARDS.visa);
    await payNow(page);
    await expect(results(page).getByRole('status').first()).toHaveText('Paid: every order was paid.');
    expect((await settle.sandbox.charges()).map((c) => c.order_id)).toEqual([order!.order_id]);
    expect(await servicePayments(settle.sandbox)).toHaveLength(1);
  });

  test('giving up after a decline lets the authorization go: nothing charged, the order still payable', async ({ page, settle }) => {
    const [order] = await plainOrders(settle.sandbox, 1);
    await settle.open(page);
    await openCardStep(page, [order!.order_id]);
    await enterCard(page, CARDS.declined);
    await payNow(page);
    await expect(problem(page)).toContainText('Your card was declined.');
    await cardStep(page).getByRole('button', { name: 'Cancel payment' }).click();
    await expect(checkout(page)).toHaveCount(0);
    await expect.poll(async () => ((await servicePayments(settle.sandbox))[0] as { status?: string } | undefined)?.status).toBe('failed');
    expect(await settle.sandbox.charges()).toEqual([]);
    await page.getByLabel('Order No.').fill(order!.order_id);
    await expect(row(page, order!.order_id)).toBeVisible();
  });

  test('3-D Secure completed: paid once', async ({ page, settle }) => {
    const [order] = await plainOrders(settle.sandbox, 1);
    await settle.open(page);
    await openCardStep(page, [order!.order_id]);
    await enterCard(page, CARDS.threeDSecure);
    await payNow(page);
    await challenge(page).getByRole('button', { name: 'Complete' }).click();
    await expect(results(page).getByRole('status').first()).toHaveText('Paid: every order was paid.');
    expect(await settle.sandbox.charges()).toHaveLength(1);
  });

  test('3-D Secure failed: not charged, the reason shown, another card may be tried', async ({ page, settle }) => {
    const [order] = await plainOrders(settle.sandbox, 1);
    await settle.open(page);
    await openCardStep(page, [order!.order_id]);
    await enterCard(page, CARDS.threeDSecure);
    await payNow(page);
    await challenge(page).getByRole('button', { name: 'Fail' }).click();
    await expect(problem(page)).toContainText('The card was not charged');
    expect(await settle.sandbox.charges()).toEqual([]);
    await enterCard(page, CARDS.visa);
    await payNow(page);
    await expect(results(page).getByRole('status').first()).toHaveText('Paid: every order was paid.');
    expect(await settle.sandbox.charges()).toHaveLength(1);
  });

  test('an order paid elsewhere while the card is authorized: only the rest captured, the difference released', async ({ page, settle }) => {
    const [kept, gone] = await plainOrders(settle.sandbox, 2);
    await settle.open(page);
    await openCardStep(page, [kept!.order_id, gone!.order_id]);
    await enterCard(page, CARDS.threeDSecure);
    await payNow(page);
    // While the clerk is in the bank's challenge, another clerk pays one of the orders.
    await expect(challenge(page).getByRole('button', { name: 'Complete' })).toBeVisible();
    await settle.sandbox.setStatus(gone!.order_id, 5);
    await challenge(page).getByRole('button', { name: 'Complete' }).click();

    await expect(results(page).getByRole('status').first()).toHaveText('Partly paid: some orders were not paid, see why below.');
    await expect(results(page).locator('tr[data-outcome="skipped_status_changed"]')).toContainText(gone!.order_id);
    const charges = await settle.sandbox.charges();
    expect(charges.map((c) => c.order_id)).toEqual([kept!.order_id]);
    await expect(results(page).getByTestId('amount-released')).not.toBeEmpty();
  });
});

test.describe('card data stays with the processor', () => {
  test("the card number and CVC reach neither the app's page, its IPC, its log nor any of its SQLite files", async ({ page, settle }) => {
    const [order] = await plainOrders(settle.sandbox, 1);
    const ipc: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) ipc.push(`${request.url()} ${request.postData() ?? ''}`);
    });
    page.on('response', async (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/') && !response.url().includes('/api/events')) ipc.push(await response.text().catch(() => ''));
    });
    await settle.open(page);
    await openCardStep(page, [order!.order_id]);
    const field = cardField(page);
    await field.locator('#number').pressSequentially(CARDS.mastercard);
    await field.locator('#expiry').pressSequentially('1234');
    await field.locator('#cvc').pressSequentially('913');
    await payNow(page);
    await expect(results(page).getByTestId('payment-card')).toHaveText('Mastercard ending in 4444');

    const number = CARDS.mastercard;
    const spaced = number.replace(/(\d{4})(?=\d)/g, '$1 ');
    const leaks = (text: string) => [number, spaced, number.slice(0, 12), 'cvc'].filter((secret) => text.toLowerCase().includes(secret));
    expect(leaks(await page.content())).toEqual([]);
    expect(ipc.length).toBeGreaterThan(5);
    expect(ipc.flatMap(leaks)).toEqual([]);
    expect(leaks(settle.appOutput())).toEqual([]);
    const files = filesUnder(settle.appDataDir);
    expect(files.some((f) => basename(f).startsWith('settle-ledger.db'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      expect({ file, leaks: leaks(bytes) }).toEqual({ file, leaks: [] });
    }
  });
});

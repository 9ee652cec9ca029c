/**
 * Paying online by card, end to end: the real renderer in Chromium, the web face, the sandbox's
 * billing side and its Stripe emulation, whose Stripe.js puts the card field in an iframe of its
 * own origin. What the clerk sees, and what the sandbox charged (`/sandbox/charges`), are checked.
 */
import type { FrameLocator, Page } from '@playwright/test';
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
    await results(page).getByRole('button', { name: 'Back to Unpaid Orders' }).click();
    for (const o of orders) await expect(row(page, o.order_id)).toHaveCount(0);
  });
});

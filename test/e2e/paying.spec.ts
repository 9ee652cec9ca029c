import type { Page } from '@playwright/test';
import { POSTPAID_TOKEN, expect, test } from './fixtures';
import type { RawOrder } from '../support/sandbox-control';

const grid = (page: Page) => page.getByRole('grid', { name: 'Unpaid orders' });
const row = (page: Page, orderId: string) => grid(page).locator(`[role="row"][data-order-id="${orderId}"]`);
const checkout = (page: Page) => page.getByRole('dialog', { name: 'Pay for orders' });
const results = (page: Page) => page.getByRole('dialog', { name: 'Payment result' });
const HOUR = 3_600_000;

async function find(page: Page, orderId: string): Promise<void> {
  await page.getByLabel('Order No.').fill(orderId);
  await expect(row(page, orderId)).toBeVisible();
}

/** Single, payable for at least an hour, without a contract overlap. */
const plain = (o: RawOrder) => o.status === 6 && o.combined_order_id === null && !o.contract_overlap && Date.parse(o.expire_time as string) > Date.now() + HOUR;

test.describe('paying by monthly settlement', () => {
  test('a single order: checkout, Pay, the results view, and the order leaves the list; charged once', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => plain(o) && o.currency === 'USD')!;
    await settle.open(page);
    await find(page, order.order_id);
    await row(page, order.order_id).getByRole('button', { name: `Pay order ${order.order_id}` }).click();

    const dialog = checkout(page);
    await expect(dialog.getByRole('region')).toContainText(order.order_id);
    await expect(dialog.getByText('Amount confirmed by the billing service.')).toBeVisible();
    await expect(dialog.getByRole('radio', { name: /Monthly Settlement/ })).toBeChecked();
    await expect(dialog.getByText(/Joins the \d{4}-\d{2} bill, generated on \d{4}-\d{2}-03/)).toBeVisible();
    await expect(dialog.getByRole('radio', { name: /Pay online/ })).toBeDisabled();
    const payable = (await dialog.getByTestId('checkout-payable').textContent())!;
    await dialog.getByRole('button', { name: `Pay ${payable}` }).click();

    await expect(results(page).getByRole('status').first()).toHaveText('Paid: every order was paid.');
    await expect(results(page).locator(`tr[data-outcome="paid"]`)).toContainText(order.order_id);
    await expect(results(page).getByTestId('amount-charged')).toHaveText(payable);
    await results(page).getByRole('button', { name: 'Back to Unpaid Orders' }).click();
    await expect(row(page, order.order_id)).toHaveCount(0);

    const charges = await settle.sandbox.charges();
    expect(charges.filter((c) => c.order_id === order.order_id)).toHaveLength(1);
  });
});

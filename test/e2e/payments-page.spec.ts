import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Page } from '@playwright/test';
import { POSTPAID_TOKEN, expect, test, type SettleHarness } from './fixtures';
import type { RawOrder } from '../support/sandbox-control';
import { toDecimalString } from '../../shared/money';

const grid = (page: Page) => page.getByRole('grid', { name: 'Unpaid orders' });
const row = (page: Page, orderId: string) => grid(page).locator(`[role="row"][data-order-id="${orderId}"]`);
const results = (page: Page) => page.getByRole('dialog', { name: 'Payment result' });
const receipt = (page: Page) => page.getByRole('dialog', { name: 'Payment receipt' });
const paymentsTable = (page: Page) => page.getByRole('table', { name: 'Payments made from this app' });
const HOUR = 3_600_000;

/** Single, payable for at least an hour, without a contract overlap. */
const plain = (o: RawOrder) => o.status === 6 && o.combined_order_id === null && !o.contract_overlap && Date.parse(o.expire_time as string) > Date.now() + HOUR;

/** A local calendar day as <input type="date"> holds it, `days` from today. */
function localDay(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Paid {
  readonly order: RawOrder;
  readonly payable: string;
  readonly saved: string;
  readonly charge: { payment_id: string; amount: number; currency: string };
}

/** Pays one USD order by monthly settlement as paying.spec.ts does; the results view stays open. */
async function payOne(page: Page, settle: SettleHarness): Promise<Paid> {
  const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => plain(o) && o.currency === 'USD')!;
  await settle.open(page);
  await page.getByLabel('Order No.').fill(order.order_id);
  await row(page, order.order_id).getByRole('button', { name: `Pay order ${order.order_id}` }).click();
  const dialog = page.getByRole('dialog', { name: 'Pay for orders' });
  await expect(dialog.getByText('Amount confirmed by the billing service.')).toBeVisible();
  const payable = (await dialog.getByTestId('checkout-payable').textContent())!;
  await dialog.getByRole('button', { name: `Pay ${payable}` }).click();
  await expect(results(page).getByRole('status').first()).toHaveText('Paid: every order was paid.');
  const saved = (await results(page).locator('dl.totals dd').nth(1).textContent())!;
  const charge = (await settle.sandbox.charges()).find((c) => c.order_id === order.order_id)!;
  return { order, payable, saved, charge };
}

/** The account as the billing service names it. */
async function account(settle: SettleHarness): Promise<{ customer_id: string; name: string }> {
  const response = await fetch(`${settle.sandbox.url}/v1/account`, { headers: { Authorization: `Bearer ${POSTPAID_TOKEN}` } });
  return (await response.json()) as { customer_id: string; name: string };
}

test.beforeEach(async ({ page }) => {
  // The print dialog can't be driven headless: count the calls instead, and keep the page going.
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void ((window as unknown as { printed: number }).printed += 1);
  });
});
const printed = (page: Page) => page.evaluate(() => (window as unknown as { printed: number }).printed);

test.describe('the Payments page', () => {
  test('lists a payment with its figures, filters it by date, and exports it to CSV', async ({ page, settle }) => {
    const { order, payable, saved, charge } = await payOne(page, settle);
    await results(page).getByRole('button', { name: 'Back to Unpaid Orders' }).click();

    const nav = page.getByRole('navigation', { name: 'Pages' });
    await expect(nav.getByRole('button', { name: 'Unpaid Orders' })).toHaveAttribute('aria-current', 'page');
    await nav.getByRole('button', { name: 'Payments' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Payments' })).toBeVisible();
    await expect(nav.getByRole('button', { name: 'Payments' })).toHaveAttribute('aria-current', 'page');

    const line = paymentsTable(page).locator('tbody tr').filter({ hasText: order.order_id });
    await expect(line).toHaveCount(1);
    await expect(line).toContainText('Monthly Settlement');
    await expect(line).toContainText('Paid');
    await expect(line).toContainText(charge.payment_id);
    const { customer_id } = await account(settle);
    await expect(line.locator('td').nth(1)).toHaveText(`${userInfo().username}${customer_id}`);
    await expect(line.getByTestId('payment-amount')).toHaveText(payable);
    await expect(line.locator('td').nth(4)).toHaveText(saved);
    await expect(page.getByTestId('payment-count')).toHaveText('1 payment');

    // The date filter: a range after today hides it, today shows it, one before today hides it.
    await page.getByLabel('From', { exact: true }).fill(localDay(1));
    await expect(page.getByTestId('payments-empty')).toHaveText('No payments in these dates. Choose other dates, or All dates.');
    await page.getByLabel('From', { exact: true }).fill(localDay(0));
    await page.getByLabel('To', { exact: true }).fill(localDay(0));
    await expect(line).toHaveCount(1);
    await expect(page.getByTestId('payment-count')).toHaveText('1 payment in these dates');
    await page.getByLabel('From', { exact: true }).fill(localDay(-3));
    await page.getByLabel('To', { exact: true }).fill(localDay(-1));
    await expect(paymentsTable(page)).toHaveCount(0);
    await page.getByRole('button', { name: 'All dates' }).click();
    await expect(line).toHaveCount(1);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^payments-\d{12}\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFPayment key,Payment ID,Created (UTC),OS user,Account,Method,Status,Order No.,Outcome,Amount charged,Savings,Currency');
    expect(lines).toHaveLength(3);
    const cells = lines[1]!.split(',');
    expect(cells[1]).toBe(charge.payment_id);
    expect(Date.now() - Date.parse(cells[2]!)).toBeLessThan(10 * 60_000);
    expect(cells.slice(5, 10)).toEqual(['monthly_settlement', 'completed', order.order_id, 'paid', toDecimalString({ amountMinor: charge.amount, currency: charge.currency })]);
    expect(cells.slice(3, 5)).toEqual([userInfo().username, customer_id]);
    expect(cells[11]).toBe('USD');
    await expect(page.getByText(`Exported 1 order rows of payments to ${download.suggestedFilename()}`)).toBeVisible();
  });

  test('is reached and used by keyboard alone', async ({ page, settle }) => {
    await settle.open(page);
    const paymentsTab = page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Payments' });
    await paymentsTab.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('payments-empty')).toContainText('No payments have been made from this app yet.');
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: 'Unpaid Orders' })).toBeFocused();
    await page.keyboard.press('Space');
    await expect(grid(page)).toBeVisible();
  });
});

test.describe('the receipt', () => {
  test('opens from the results view and from the Payments page, prints the receipt alone, with the payment id, account, orders and amounts', async ({ page, settle }) => {
    const { order, payable, saved, charge } = await payOne(page, settle);
    await results(page).getByRole('button', { name: 'Print receipt' }).click();
    const dialog = receipt(page);
    await expect(dialog).toBeVisible();
    await expect.poll(() => printed(page)).toBe(1);
    const paper = dialog.getByTestId('receipt');
    await expect(paper.getByTestId('receipt-payment-id')).toHaveText(charge.payment_id);
    const { customer_id, name } = await account(settle);
    await expect(paper.getByTestId('receipt-account')).toHaveText(`${name} (${customer_id})`);
    await expect(paper.locator(`tr[data-order-id="${order.order_id}"]`)).toContainText(payable);
    await expect(paper.locator(`tr[data-order-id="${order.order_id}"]`)).toContainText('Paid');
    await expect(paper.getByTestId('receipt-charged')).toHaveText(payable);
    await expect(paper.getByTestId('receipt-savings')).toHaveText(saved);
    await expect(paper).toContainText('Monthly Settlement');
    await expect(paper).toContainText(/\d{4}-\d{2}, generated on \d{4}-\d{2}-03/);

    // Printed, the receipt is all there is: no header, no results behind it, no buttons.
    await page.emulateMedia({ media: 'print' });
    await expect(paper).toBeVisible();
    await expect(paper.getByTestId('receipt-payment-id')).toHaveText(charge.payment_id);
    await expect(page.locator('header.page-header')).toBeHidden();
    await expect(results(page)).toBeHidden();
    await expect(dialog.getByRole('button', { name: 'Close' })).toBeHidden();
    await page.emulateMedia({ media: 'screen' });

    // Keyboard: the focus stays in the receipt, Escape closes it and gives the focus back.
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(results(page)).toBeVisible();
    await expect(results(page).getByRole('button', { name: 'Print receipt' })).toBeFocused();

    await results(page).getByRole('button', { name: 'Back to Unpaid Orders' }).click();
    await page.getByRole('button', { name: 'Payments' }).click();
    const pdf = paymentsTable(page).getByRole('button', { name: `Save the receipt of payment ${charge.payment_id} as PDF` });
    // In a browser "Save as PDF" is the print dialog, and the button says so.
    await expect(pdf).toHaveAttribute('title', /print dialog/);
    await pdf.click();
    await expect(receipt(page).getByTestId('receipt-payment-id')).toHaveText(charge.payment_id);
    await expect.poll(() => printed(page)).toBe(2);
    await receipt(page).getByRole('button', { name: 'Close' }).click();
    await expect(receipt(page)).toBeHidden();
  });
});

import type { Page } from '@playwright/test';
import { POSTPAID_TOKEN, expect, test, type SettleHarness } from './fixtures';
import type { RawOrder } from '../support/sandbox-control';

const grid = (page: Page) => page.getByRole('grid', { name: 'Unpaid orders' });
const row = (page: Page, orderId: string) => grid(page).locator(`[role="row"][data-order-id="${orderId}"]`);
const confirmation = (page: Page) => page.getByRole('alertdialog');
const HOUR = 3_600_000;
const payable = (o: RawOrder) => o.status === 6 && Date.parse(o.expire_time as string) > Date.now() + HOUR;

/** The order as the billing service has it now. */
async function statusAtService(settle: SettleHarness, orderId: string): Promise<number> {
  const response = await fetch(`${settle.sandbox.url}/v1/orders/${encodeURIComponent(orderId)}`, { headers: { Authorization: `Bearer ${POSTPAID_TOKEN}` } });
  expect(response.status).toBe(200);
  return ((await response.json()) as RawOrder).status;
}

async function openDetails(page: Page, orderId: string): Promise<void> {
  await page.getByLabel('Order No.').fill(orderId);
  await expect(row(page, orderId)).toBeVisible();
  await row(page, orderId).click();
  await expect(page.getByRole('complementary', { name: `Order ${orderId}` })).toBeVisible();
}

test.describe('cancelling an order', () => {
  test('a single order, by keyboard alone: asked first, Escape keeps it, confirmed it is cancelled at the service and leaves the list', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => payable(o) && o.combined_order_id === null)!;
    await settle.open(page);
    await page.getByLabel('Order No.').fill(order.order_id);
    await expect(row(page, order.order_id)).toBeVisible();
    // Into the table, Enter opens the details, Tab reaches their Cancel order.
    await grid(page).focus();
    await page.keyboard.press('Enter');
    const cancelButton = page.getByRole('button', { name: 'Cancel order…' });
    await expect(cancelButton).toBeVisible();
    await cancelButton.focus();
    await page.keyboard.press('Enter');

    const dialog = confirmation(page);
    await expect(dialog).toHaveAccessibleName(`Cancel order ${order.order_id}?`);
    await expect(dialog).toContainText('This can’t be undone.');
    await expect(dialog.getByRole('button', { name: 'Keep the order' })).toBeFocused();
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(cancelButton).toBeFocused();
    expect(await statusAtService(settle, order.order_id)).toBe(6);

    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('button', { name: 'Keep the order' })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Cancel order', exact: true })).toBeFocused();
    await page.keyboard.press('Enter');

    await expect(page.getByText(`Order ${order.order_id} cancelled`)).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(row(page, order.order_id)).toHaveCount(0);
    // The details went with the order: the keyboard carries on from the search box, not from nowhere.
    await expect(page.getByLabel('Order No.')).toBeFocused();
    expect(await statusAtService(settle, order.order_id)).toBe(4);
  });

  test('a combined purchase is cancelled whole, the confirmation naming its other orders', async ({ page, settle }) => {
    const orders = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    const groups = new Map<string, RawOrder[]>();
    for (const o of orders) if (o.combined_order_id) groups.set(o.combined_order_id as string, [...(groups.get(o.combined_order_id as string) ?? []), o]);
    const members = [...groups.values()].find((g) => g.length >= 2 && g.every(payable))!;
    expect(members).toBeDefined();
    const [first, ...others] = members;
    await settle.open(page);
    await openDetails(page, first!.order_id);
    await page.getByRole('button', { name: 'Cancel combined purchase…' }).click();

    const dialog = confirmation(page);
    await expect(dialog).toHaveAccessibleName(`Cancel the combined purchase of ${members.length} orders?`);
    await expect(dialog).toContainText('This can’t be undone.');
    await expect(dialog).toContainText(`Order ${first!.order_id} belongs to a combined purchase, which is cancelled whole`);
    for (const other of others) await expect(dialog.getByRole('listitem').filter({ hasText: other.order_id })).toHaveCount(1);
    await dialog.getByRole('button', { name: `Cancel ${members.length} orders` }).click();

    await expect(page.getByText(`${members.length} orders cancelled`)).toBeVisible();
    await expect(page.getByRole('complementary')).toHaveCount(0);
    for (const m of members) expect(await statusAtService(settle, m.order_id)).toBe(4);
    for (const m of members) {
      await page.getByLabel('Order No.').fill(m.order_id);
      await expect(page.getByTestId('empty-state')).toBeVisible();
    }
  });

  test('a refusal by the billing service is shown as such, with its code, and nothing is cancelled', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => payable(o) && o.combined_order_id === null)!;
    await settle.open(page);
    await openDetails(page, order.order_id);
    // Paid elsewhere after Settle synced it: the service refuses to cancel it.
    await settle.sandbox.setStatus(order.order_id, 5);
    await page.getByRole('button', { name: 'Cancel order…' }).click();
    await confirmation(page).getByRole('button', { name: 'Cancel order', exact: true }).click();
    await expect(confirmation(page).getByRole('alert')).toContainText('The billing service refused to cancel (CBC.99003106)');
    await expect(confirmation(page)).toBeVisible();
    expect(await statusAtService(settle, order.order_id)).toBe(5);
    await confirmation(page).getByRole('button', { name: 'Keep the order' }).click();
    await expect(confirmation(page)).toBeHidden();
  });
});

import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, POSTPAID_TOKEN, test } from './fixtures';
import type { RawOrder } from '../support/sandbox-control';

const HOUR = 3_600_000;
const table = (page: Page) => page.getByRole('grid', { name: 'Unpaid orders' });
const row = (page: Page, orderId: string) => table(page).locator(`[role="row"][data-order-id="${orderId}"]`);
const checkbox = (page: Page, orderId: string) => page.getByRole('checkbox', { name: `Select order ${orderId}` });
const count = (page: Page) => page.getByTestId('order-count');
const search = (page: Page) => page.getByLabel('Order No.');
/**
 * Clicks a checkbox and waits for the outcome: selection asks the cache for the order's group first,
 * so the box changes a moment after the click (Playwright's check() wants it at once).
 */
async function toggle(page: Page, orderId: string, expected: boolean) {
  await checkbox(page, orderId).click();
  await (expected ? expect(checkbox(page, orderId)).toBeChecked() : expect(checkbox(page, orderId)).not.toBeChecked());
}

const expiresAt = (o: RawOrder) => Date.parse(o.expire_time as string);
const isPayable = (o: RawOrder) => o.status === 6 && expiresAt(o) > Date.now() + HOUR;

/** Combined purchases by their id (Map.groupBy needs Node 21). */
function combinedPurchases(orders: readonly RawOrder[]): RawOrder[][] {
  const groups = new Map<string, RawOrder[]>();
  for (const o of orders) if (o.combined_order_id) groups.set(o.combined_order_id as string, [...(groups.get(o.combined_order_id as string) ?? []), o]);
  return [...groups.values()];
}

async function find(page: Page, orderId: string) {
  await search(page).fill(orderId);
  await expect(count(page)).toHaveText('1 order');
}

type Harness = { sandbox: { unpaidOrders(token: string): Promise<RawOrder[]>; listedOrders(token: string): Promise<RawOrder[]> } };
/** Every unpaid order of the postpaid demo account, as the billing API has them. */
const unpaidOf = (settle: Harness) => settle.sandbox.unpaidOrders(POSTPAID_TOKEN);
/** Those the page lists by default: not past their deadline. */
const listedOf = (settle: Harness) => settle.sandbox.listedOrders(POSTPAID_TOKEN);

test.describe('the Unpaid Orders page', () => {
  test('shows the account, demo state, sync state and every order', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    await settle.open(page);
    await expect(page.getByText('Acme Analytics Ltd.')).toBeVisible();
    await expect(page.getByText('Online')).toBeVisible();
    await expect(count(page)).toHaveText(`${unpaid.length} orders`);
    await expect(page.getByRole('button', { name: 'Refresh' })).toBeEnabled();
  });

  test('searches order numbers by prefix and substring as the clerk types', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    const target = unpaid[7]!.order_id;
    await settle.open(page);
    const prefix = target.slice(0, 8);
    await search(page).fill(prefix);
    await expect(count(page)).toHaveText(`${unpaid.filter((o) => o.order_id.startsWith(prefix)).length} orders`);
    const middle = target.slice(10, 15).toLowerCase();
    await search(page).fill(middle);
    const expected = unpaid.filter((o) => o.order_id.toLowerCase().includes(middle)).length;
    await expect(count(page)).toHaveText(expected === 1 ? '1 order' : `${expected} orders`);
    await expect(row(page, target)).toBeVisible();
  });

  test('filters by service type, order type and status, with counts, and clears', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    await settle.open(page);
    // A service type with orders pending approval, so that the status filter below leaves some.
    const chosen = unpaid.find((o) => o.status === 1)!.service_type_code as string;
    const ec2 = unpaid.filter((o) => o.service_type_code === chosen);
    const serviceType = page.getByLabel('Service type');
    await serviceType.selectOption(chosen);
    await expect(count(page)).toHaveText(`${ec2.length} orders`);
    await expect(serviceType.locator('option:checked')).toContainText(`(${ec2.length})`);

    await page.getByLabel('Order status').selectOption({ label: `Pending approval (${ec2.filter((o) => o.status === 1).length})` });
    await expect(count(page)).toHaveText(new RegExp(`^${ec2.filter((o) => o.status === 1).length} orders?$`));

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(count(page)).toHaveText(`${unpaid.length} orders`);
    const renewals = unpaid.filter((o) => o.order_type === 2).length;
    await page.getByLabel('Order type').selectOption({ label: `Renewal (${renewals})` });
    await expect(count(page)).toHaveText(new RegExp(`^${renewals} orders?$`));
  });

  test('sorts by expire time by default, and by amount on request', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    await settle.open(page);
    const soonest = [...unpaid].sort((a, b) => expiresAt(a) - expiresAt(b) || a.order_id.localeCompare(b.order_id))[0]!;
    await expect(table(page).locator('[role="row"][data-order-id]').first()).toHaveAttribute('data-order-id', soonest.order_id);
    await page.getByLabel('Sort by').selectOption({ label: 'Amount (highest first)' });
    // Amounts are compared within a currency: the currency leads, in the same direction.
    const richest = [...unpaid].sort((a, b) => b.currency.localeCompare(a.currency) || (b.amount_after_discount as number) - (a.amount_after_discount as number) || b.order_id.localeCompare(a.order_id))[0]!;
    await expect(table(page).locator('[role="row"][data-order-id]').first()).toHaveAttribute('data-order-id', richest.order_id);
  });

  test('refuses the 31st order, with the reason', async ({ page, settle }) => {
    const unpaid = await unpaidOf(settle);
    await settle.open(page);
    await page.getByLabel('Currency').selectOption('USD');
    await page.getByTestId('orders-scroll').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await expect(page.getByTestId('selection-count')).toHaveText('30 selected');
    // Shift+End took the 30 soonest-expiring payable orders: the latest-expiring one is not among them.
    const outside = unpaid.filter((o) => isPayable(o) && !o.combined_order_id && o.currency === 'USD').sort((a, b) => expiresAt(b) - expiresAt(a))[0]!;
    await find(page, outside.order_id);
    await checkbox(page, outside.order_id).click();
    await expect(page.getByRole('alert').filter({ hasText: 'A combined payment holds at most 30 orders.' })).toBeVisible();
    await expect(checkbox(page, outside.order_id)).not.toBeChecked();
    await expect(page.getByTestId('selection-count')).toHaveText('30 selected');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('selection-count')).toHaveCount(0);
  });

  test('selects and deselects a combined purchase as a whole', async ({ page, settle }) => {
    const unpaid = await unpaidOf(settle);
    const members = combinedPurchases(unpaid).find((m) => m.length >= 2 && m.every(isPayable))!;
    await settle.open(page);
    await find(page, members[0]!.order_id);
    await expect(row(page, members[0]!.order_id)).toContainText(`Group of ${members.length}`);
    await toggle(page, members[0]!.order_id, true);
    await expect(page.getByTestId('selection-count')).toHaveText(`${members.length} selected`);
    await find(page, members[1]!.order_id);
    await expect(checkbox(page, members[1]!.order_id)).toBeChecked();
    await toggle(page, members[1]!.order_id, false);
    await expect(page.getByTestId('selection-count')).toHaveCount(0);
  });

  test('pending-approval and expired orders cannot be selected and say why; a group with one cannot be either', async ({ page, settle }) => {
    const unpaid = await unpaidOf(settle);
    const pending = unpaid.find((o) => o.status === 1 && expiresAt(o) > Date.now())!;
    await settle.open(page);
    await find(page, pending.order_id);
    await expect(checkbox(page, pending.order_id)).toBeDisabled();
    await expect(checkbox(page, pending.order_id)).toHaveAttribute('title', /Pending approval: it can be paid once approved/);
    await expect(row(page, pending.order_id).getByRole('button', { name: /^Pay/ })).toHaveCount(0);

    const expired = unpaid.find((o) => o.status === 6 && expiresAt(o) < Date.now());
    expect(expired, 'the seed has an order past its deadline, not yet cancelled').toBeDefined();
    await page.getByLabel(/^Show expired/).check();
    await find(page, expired!.order_id);
    await expect(row(page, expired!.order_id)).toContainText('Expired');
    await expect(checkbox(page, expired!.order_id)).toBeDisabled();
    await expect(checkbox(page, expired!.order_id)).toHaveAttribute('title', /Expired: its payment deadline has passed/);

    const blocked = combinedPurchases(unpaid).find((m) => m.some((o) => o.status === 1) && m.some(isPayable));
    expect(blocked, 'the seed has a combined purchase with a member pending approval').toBeDefined();
    const member = blocked!.find(isPayable)!;
    await find(page, member.order_id);
    await checkbox(page, member.order_id).click();
    await expect(page.getByRole('alert').filter({ hasText: /is pending approval, so the group can’t be paid yet/ })).toBeVisible();
    await expect(checkbox(page, member.order_id)).not.toBeChecked();
  });

  test('an order paid elsewhere leaves the selection after the next sync', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    const [a, b] = unpaid.filter((o) => isPayable(o) && !o.combined_order_id && o.currency === 'USD');
    await settle.open(page);
    for (const o of [a!, b!]) {
      await find(page, o.order_id);
      await toggle(page, o.order_id, true);
    }
    await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
    await settle.sandbox.setStatus(a!.order_id, 5);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
  });

  test('keeps one currency per selection', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    const usd = unpaid.find((o) => isPayable(o) && !o.combined_order_id && o.currency === 'USD')!;
    const cny = unpaid.find((o) => isPayable(o) && !o.combined_order_id && o.currency === 'CNY')!;
    await settle.open(page);
    await find(page, usd.order_id);
    await toggle(page, usd.order_id, true);
    await find(page, cny.order_id);
    await checkbox(page, cny.order_id).click();
    await expect(page.getByRole('alert').filter({ hasText: 'One payment holds one currency: the selection is in USD.' })).toBeVisible();
    await expect(page.getByTestId('selection-count')).toHaveText('1 selected');
  });

  test('the countdown turns into Expired when the service clock passes the deadline', async ({ page, settle }) => {
    const unpaid = await unpaidOf(settle);
    const order = unpaid.find((o) => isPayable(o) && expiresAt(o) - Date.now() > 2 * HOUR && !o.combined_order_id)!;
    await settle.open(page);
    await find(page, order.order_id);
    await expect(row(page, order.order_id)).toContainText(/Expires in/);
    await page.getByLabel(/^Show expired/).check();
    await settle.sandbox.advanceClock(expiresAt(order) - Date.now() + 60_000);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(row(page, order.order_id)).toContainText('Expired');
    await expect(checkbox(page, order.order_id)).toBeDisabled();
  });

  test('an approval seen by the sync becomes a toast', async ({ page, settle }) => {
    const pending = (await listedOf(settle)).find((o) => o.status === 1)!;
    await settle.open(page);
    await expect(page.getByTestId('pending-approval-notice')).toContainText('Approval notices go to');
    await settle.sandbox.approve(pending.order_id);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('toast').filter({ hasText: `Order ${pending.order_id} approved — ready to pay` })).toBeVisible();
  });

  test('shows an order’s line items, third-party vendor, group and contract in its details', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    type Item = { provider: { kind: string; vendor_name?: string } };
    const composite = unpaid.find((o) => (o.line_items as Item[]).some((i) => i.provider.kind === 'third_party'))!;
    const vendor = (composite.line_items as Item[]).find((i) => i.provider.kind === 'third_party')!.provider.vendor_name!;
    await settle.open(page);
    await find(page, composite.order_id);
    await row(page, composite.order_id).getByText(composite.order_id).click();
    const details = page.getByRole('complementary', { name: `Order ${composite.order_id}` });
    await expect(details.getByText(`Billed separately by the vendor (${vendor})`)).toBeVisible();
    const overlapping = unpaid.find((o) => o.contract_overlap)!;
    await find(page, overlapping.order_id);
    await row(page, overlapping.order_id).getByText(overlapping.order_id).click();
    await expect(page.getByText('Please verify that this order is independent of the contract.')).toBeVisible();
  });

  test('exports the orders matching the filters to CSV', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    await settle.open(page);
    await page.getByLabel('Order status').selectOption({ index: 1 });
    const payable = unpaid.filter((o) => o.status === 6);
    await expect(count(page)).toHaveText(`${payable.length} orders`);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const file = await (await downloading).path();
    const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Order No.,Service type,Order type,Status,Official amount,Amount after discount,Currency,Created (UTC),Expires (UTC),Combined purchase');
    expect(lines).toHaveLength(payable.length + 1);
    const first = payable[0]!;
    const line = lines.find((l) => l.startsWith(`${first.order_id},`))!;
    expect(line).toContain(`,${first.currency},`);
    expect(line).toContain(first.expire_time as string);
    expect(line).toMatch(/,Pending payment,\d+(\.\d\d)?,\d+(\.\d\d)?,/);
  });
});

test.describe('offline review', () => {
  test('with the billing API unreachable, search, filters, sort and details still work and paying is disabled', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    const payable = unpaid.find((o) => isPayable(o) && !o.combined_order_id)!;
    await settle.open(page);
    await expect(count(page)).toHaveText(`${unpaid.length} orders`);
    await settle.stopSandbox();
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByText(/^Offline — the billing service can’t be reached\. .*Showing orders cached at /)).toBeVisible({ timeout: 30_000 });

    await find(page, payable.order_id);
    await expect(row(page, payable.order_id).getByRole('button', { name: /^Pay/ })).toBeDisabled();
    await expect(row(page, payable.order_id).getByRole('button', { name: /^Pay/ })).toHaveAttribute('title', 'Paying needs a connection to the billing service.');
    await row(page, payable.order_id).getByText(payable.order_id).click();
    await expect(page.getByRole('complementary', { name: `Order ${payable.order_id}` })).toBeVisible();
    await search(page).fill('');
    await page.getByLabel('Order status').selectOption({ index: 2 });
    await expect(count(page)).toHaveText(new RegExp(`^${unpaid.filter((o) => o.status === 1).length} orders?$`));

    await settle.restartSandbox();
    await expect(page.getByText('Online')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/^Offline/)).toHaveCount(0);
  });
});

test.describe('in Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('follows the OS language and formats amounts by locale', async ({ page, settle }) => {
    const unpaid = await listedOf(settle);
    await page.goto(settle.appUrl);
    await expect(page.getByRole('heading', { name: '待支付订单' })).toBeVisible();
    await expect(page.getByText(`${unpaid.length} 个订单`)).toBeVisible();
    await expect(page.getByRole('grid', { name: '待支付订单列表' })).toBeVisible();
    await page.getByLabel('语言').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Unpaid Orders' })).toBeVisible();
  });
});

test.describe('keyboard', () => {
  test('arrows move, Space toggles, Shift extends, Ctrl+F searches, Escape clears, Combine Payments opens checkout', async ({ page, settle }) => {
    const unpaid = await unpaidOf(settle);
    // The newest pending-payment orders of a cloud service are days from their deadline: all selectable.
    const cloud = unpaid.find((o) => isPayable(o) && o.service_type_code !== 'hws.service.type.dec')!;
    await settle.open(page);
    await page.getByLabel('Order status').selectOption({ index: 1 });
    await page.getByLabel('Service type').selectOption(cloud.service_type_code as string);
    // One currency: Shift+arrows must not run into a row a payment in this currency can't take.
    await page.getByLabel('Currency').selectOption(cloud.currency);
    await page.getByLabel('Sort by').selectOption({ label: 'Create time (newest first)' });
    const rows = table(page).locator('[role="row"][data-order-id]');
    await expect(rows.first()).toBeVisible();

    await page.getByTestId('orders-scroll').focus();
    await page.keyboard.press('ArrowDown');
    await expect(rows.nth(1)).toHaveClass(/active/);
    await page.keyboard.press('ArrowUp');
    await expect(rows.nth(0)).toHaveClass(/active/);
    await page.keyboard.press(' ');
    await expect(rows.nth(0)).toHaveAttribute('aria-selected', 'true');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(rows.nth(2)).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('selection-count')).toHaveText(/^([3-9]|[12]\d|30) selected$/);
    await page.getByRole('button', { name: 'Combine Payments' }).click();
    // At least the three rows selected, each with its own section.
    await expect(page.getByRole('dialog', { name: 'Pay for orders' }).getByRole('region').nth(2)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel', exact: true }).click();
    await page.keyboard.press('ControlOrMeta+f');
    await expect(search(page)).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('selection-count')).toHaveCount(0);
  });
});

test.describe('a long book of orders', () => {
  test.use({ appEnv: { BILLING_API_TOKEN: 'sbx_large_demo' } });

  test('scrolled to the end and back, the table shows the right orders at both ends', async ({ page, settle }) => {
    const listed = await settle.sandbox.listedOrders('sbx_large_demo');
    // Deep enough that the rows from the top are let go on the way down and read again on the way back.
    expect(listed.length).toBeGreaterThan(1_500);
    await settle.open(page);
    // Hardware orders have a 1-hour deadline and some pass it while the test runs: the page may list
    // those expiring meanwhile, or not; every other order it must.
    const expiringSoon = listed.filter((o) => Date.parse(o.expire_time as string) < Date.now() + 120_000).length;
    const countedNow = async () => Number(((await count(page).textContent()) ?? '').replace(/\D/g, ''));
    await expect.poll(countedNow).toBeGreaterThanOrEqual(listed.length - expiringSoon);
    const counted = await countedNow();
    expect(counted).toBeLessThanOrEqual(listed.length);
    const unpaid = { length: counted };
    const byIndex = (index: number) => table(page).locator(`[role="row"][aria-rowindex="${index + 2}"]`);
    const firstId = await byIndex(0).getAttribute('data-order-id');
    expect(firstId).not.toBeNull();

    const scroller = page.getByTestId('orders-scroll');
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(byIndex(unpaid.length - 1)).toHaveAttribute('data-order-id', /.+/);
    await scroller.evaluate((el) => (el.scrollTop = 0));
    await expect(byIndex(0)).toHaveAttribute('data-order-id', firstId!);
  });
});

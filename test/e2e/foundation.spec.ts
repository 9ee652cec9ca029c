import type { Page } from '@playwright/test';
import { expect, POSTPAID_TOKEN, test } from './fixtures';

const table = (page: Page) => page.getByRole('grid', { name: 'Unpaid orders' });
const row = (page: Page, orderId: string) => table(page).locator(`[role="row"][data-order-id="${orderId}"]`);
/** The table renders only the rows in view: search brings a given order into it. */
async function find(page: Page, orderId: string) {
  await page.getByLabel('Order No.').fill(orderId);
  await expect(page.getByTestId('order-count')).toHaveText('1 order');
}

test('the seeded unpaid orders appear in the table', async ({ page, settle }) => {
  const unpaid = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
  await settle.open(page);
  await expect(page.getByText(`${unpaid.length} orders`)).toBeVisible();
  for (const order of unpaid.slice(0, 3)) {
    await find(page, order.order_id);
    await expect(row(page, order.order_id)).toBeVisible();
  }
  await expect(page.getByText('Online')).toBeVisible();
  await expect(page.getByTestId('last-synced')).toContainText('Last synced');
});

test('an order paid elsewhere disappears and an approval shows after Refresh', async ({ page, settle }) => {
  const unpaid = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
  const payable = unpaid.find((o) => o.status === 6)!;
  const pending = unpaid.find((o) => o.status === 1)!;
  await settle.open(page);
  await find(page, pending.order_id);
  await expect(row(page, pending.order_id)).toContainText('Pending approval');

  await settle.sandbox.setStatus(payable.order_id, 5);
  await settle.sandbox.approve(pending.order_id);
  await page.getByRole('button', { name: 'Refresh' }).click();

  await expect(row(page, pending.order_id)).toContainText('Pending payment');
  await page.getByLabel('Order No.').fill(payable.order_id);
  await expect(page.getByTestId('order-count')).toHaveText('0 orders');
  await page.getByLabel('Order No.').fill('');
  await expect(page.getByTestId('order-count')).toHaveText(`${unpaid.length - 1} orders`);
});

test('a sync that ends before the page has its event stream still shows its changes', async ({ page, settle }) => {
  const unpaid = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
  await settle.open(page);
  await expect(page.getByTestId('order-count')).toHaveText(`${unpaid.length} orders`);
  await settle.sandbox.setStatus(unpaid[0]!.order_id, 5);

  // The page reloads with its event stream held back, and a sync runs and ends in that gap.
  let openStream!: () => void;
  const streamHeld = new Promise<void>((done) => (openStream = done));
  await page.route('**/api/events**', async (route) => {
    await streamHeld;
    await route.continue();
  });
  await page.reload();
  await expect(page.getByTestId('order-count')).toHaveText(`${unpaid.length} orders`);
  await Promise.all([page.waitForResponse('**/api/syncNow'), page.getByRole('button', { name: 'Refresh' }).click()]);

  openStream();
  await expect(page.getByTestId('order-count')).toHaveText(`${unpaid.length - 1} orders`);
});

test('a sync-state reply that arrives after the sync ended does not leave the page saying "Syncing…"', async ({ page, settle }) => {
  await settle.open(page);
  await expect(page.getByText('Online')).toBeVisible();
  // A slow service makes the next sync last seconds: long enough to load the page in the middle of it.
  await settle.sandbox.faults({ latency_ms: 2_000 });
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText('Syncing…')).toBeVisible();

  // The page's sync-state reads are answered now, while the sync runs, but delivered late.
  const late: (() => Promise<void>)[] = [];
  await page.route('**/api/getSyncState', async (route) => {
    const response = await route.fetch();
    late.push(() => route.fulfill({ response }));
  });
  await page.reload();
  await expect.poll(() => late.length).toBeGreaterThanOrEqual(1);
  // Only the event that says the sync ended can show a state now.
  await expect(page.getByText('Online')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Refresh' })).toBeEnabled();

  await Promise.all(late.map((deliver) => deliver()));
  await page.evaluate(() => new Promise((done) => setTimeout(done, 200)));
  await expect(page.getByText('Syncing…')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Refresh' })).toBeEnabled();
});

test('with the billing service down the cached orders stay, marked offline, and it recovers', async ({ page, settle }) => {
  const unpaid = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
  await settle.open(page);
  await expect(page.getByText(`${unpaid.length} orders`)).toBeVisible();

  await settle.stopSandbox();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByText(/^Offline — the billing service can’t be reached\. .*Showing orders cached at /)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(`${unpaid.length} orders`)).toBeVisible();
  await page.reload();
  await expect(page.getByText(`${unpaid.length} orders`)).toBeVisible();
  await find(page, unpaid[0]!.order_id);
  await expect(row(page, unpaid[0]!.order_id)).toBeVisible();

  await settle.restartSandbox();
  await expect(page.getByText('Online')).toBeVisible({ timeout: 30_000 });
});

test.describe('with faults injected', () => {
  test.use({ appEnv: { SETTLE_SYNC_PAGE_SIZE: '20' } });

  test('the sync recovers and the cache only ever holds whole pages', async ({ page, settle }) => {
    test.setTimeout(150_000);
    const refresh = page.getByRole('button', { name: 'Refresh' });
    const unpaid = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    await settle.open(page);
    await expect(page.getByText(`${unpaid.length} orders`)).toBeVisible();

    // Change more orders than fit one page, then sync through a faulty service.
    const changed = unpaid.filter((o) => o.status === 6).slice(0, 50);
    for (const order of changed) await settle.sandbox.setStatus(order.order_id, 5);
    await settle.sandbox.faults({ error_rate: 0.3, rate_limit_rate: 0.2, drop_rate: 0.1, latency_ms: 20 });
    await refresh.click();
    await expect(refresh).toBeEnabled({ timeout: 60_000 });
    // Whatever the faults did, the count moved by whole pages of 20 changes only.
    const shown = Number((await page.getByTestId('order-count').textContent())!.split(' ')[0]);
    expect([0, 20, 40, 50]).toContain(unpaid.length - shown);

    await settle.sandbox.faults({});
    // A retry scheduled during the outage may still be running: let it end, then ask again.
    await expect(refresh).toBeEnabled({ timeout: 60_000 });
    await refresh.click();
    await expect(page.getByText(`${unpaid.length - changed.length} orders`)).toBeVisible({ timeout: 30_000 });
    await page.getByLabel('Order No.').fill(changed[0]!.order_id);
    await expect(page.getByTestId('order-count')).toHaveText('0 orders');
  });
});

test.describe('with a damaged cache file', () => {
  test.use({ damagedCache: true });

  test('the cache is moved aside, rebuilt from the billing service, and the clerk is told', async ({ page, settle }) => {
    const unpaid = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    await settle.open(page);
    await expect(page.getByRole('status').filter({ hasText: 'The local order cache was damaged and has been rebuilt from the billing service.' })).toContainText('settle-cache.db.corrupt-');
    await expect(page.getByText(`${unpaid.length} orders`)).toBeVisible();
  });
});

test.describe('with a billing API that loses records', () => {
  test.use({ lossyApi: { dropOneRecordPerPage: true }, appEnv: { SETTLE_SYNC_PAGE_SIZE: '40' } });

  test('the page says orders may be missing, never "idle" with a shortfall, and recovers on Refresh once the API is whole', async ({ page, settle }) => {
    const unpaid = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    await settle.open(page);
    const gap = page.getByTestId('sync-gap');
    await expect(gap).toHaveAttribute('role', 'alert');
    await expect(gap).toContainText(/The billing service announced \d+ more unpaid orders than arrived — orders may be missing/);

    settle.healBillingApi();
    await page.getByRole('button', { name: 'Refresh' }).click();

    await expect(gap).toBeHidden({ timeout: 30_000 });
    await expect(page.getByText(`${unpaid.length} orders`)).toBeVisible();
  });
});

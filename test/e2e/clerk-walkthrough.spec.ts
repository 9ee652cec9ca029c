import type { Locator, Page } from '@playwright/test';
import type { RawOrder } from '../support/sandbox-control';
import { expect, POSTPAID_TOKEN, test } from './fixtures';

/**
 * What a new clerk tripped over on the Unpaid Orders page, each done the way the clerk did it,
 * against the real app and a real sandbox.
 */
const HOUR = 3_600_000;
const grid = (page: Page) => page.getByRole('grid', { name: 'Unpaid orders' });
const rows = (page: Page) => grid(page).locator('[role="row"][data-order-id]');
const row = (page: Page, orderId: string) => grid(page).locator(`[role="row"][data-order-id="${orderId}"]`);
const checkbox = (page: Page, orderId: string) => page.getByRole('checkbox', { name: `Select order ${orderId}` });
const count = (page: Page) => page.getByTestId('order-count');
const notice = (page: Page) => page.getByTestId('selection-notice');
const selectionCount = (page: Page) => page.getByTestId('selection-count');
const expiresAt = (o: RawOrder) => Date.parse(o.expire_time as string);
const isPayable = (o: RawOrder) => o.status === 6 && expiresAt(o) > Date.now() + HOUR;
const single = (o: RawOrder) => !o.combined_order_id;

async function find(page: Page, orderId: string) {
  await page.getByLabel('Order No.').fill(orderId);
  await expect(count(page)).toHaveText('1 order');
}

function groups(orders: readonly RawOrder[]): RawOrder[][] {
  const byId = new Map<string, RawOrder[]>();
  for (const o of orders) if (o.combined_order_id) byId.set(o.combined_order_id as string, [...(byId.get(o.combined_order_id as string) ?? []), o]);
  return [...byId.values()];
}

const boxOf = async (locator: Locator) => (await locator.boundingBox())!;
const overlaps = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

test.describe('selection and the way into the checkout', () => {
  test('Pay on a member of a combined purchase with another member pending approval is refused, as its checkbox is', async ({ page, settle }) => {
    const unpaid = await settle.sandbox.unpaidOrders(POSTPAID_TOKEN);
    const blocked = groups(unpaid).find((m) => m.some((o) => o.status === 1) && m.some(isPayable))!;
    const member = blocked.find(isPayable)!;
    const pending = blocked.find((o) => o.status === 1)!;
    await settle.open(page);
    await find(page, member.order_id);

    await row(page, member.order_id).getByRole('button', { name: `Pay order ${member.order_id}` }).click();

    await expect(notice(page)).toHaveText(`Order ${pending.order_id} in this combined purchase is pending approval, so the group can’t be paid yet.`);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    // The keyboard's way in is the same check.
    await grid(page).focus();
    await page.keyboard.press('p');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('Pay on one order opens the checkout with that order alone', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => isPayable(o) && single(o))!;
    await settle.open(page);
    await find(page, order.order_id);
    await row(page, order.order_id).getByRole('button', { name: `Pay order ${order.order_id}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Pay for orders' });
    await expect(dialog.getByRole('region')).toHaveCount(1);
    await expect(dialog.getByRole('region')).toContainText(order.order_id);
  });

  test('orders that become unpayable leave the selection, and the clerk is told which and why', async ({ page, settle }) => {
    const listed = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    const usd = listed.filter((o) => isPayable(o) && single(o) && o.currency === 'USD');
    const soon = listed.filter((o) => o.status === 6 && single(o) && o.currency === 'USD' && expiresAt(o) > Date.now() + 5 * 60_000).sort((a, b) => expiresAt(a) - expiresAt(b))[0]!;
    const [paid, kept] = usd.filter((o) => o.order_id !== soon.order_id && expiresAt(o) > expiresAt(soon) + 2 * HOUR);
    await settle.open(page);
    for (const o of [soon, paid!, kept!]) {
      await find(page, o.order_id);
      await checkbox(page, o.order_id).click();
      await expect(checkbox(page, o.order_id)).toBeChecked();
    }
    await expect(selectionCount(page)).toHaveText('3 selected');

    await settle.sandbox.setStatus(paid!.order_id, 5);
    await settle.sandbox.advanceClock(expiresAt(soon) - Date.now() + 60_000);
    await page.getByRole('button', { name: 'Refresh' }).click();

    await expect(selectionCount(page)).toHaveText('1 selected');
    await expect(notice(page)).toContainText(`${soon.order_id} (expired)`);
    await expect(notice(page)).toContainText(`${paid!.order_id} (paid or cancelled elsewhere)`);
    await page.getByRole('button', { name: 'Combine Payments' }).click();
    const checkout = page.getByRole('dialog', { name: 'Pay for orders' });
    await expect(checkout.getByRole('region')).toHaveCount(1);
    await expect(checkout.getByRole('region')).toContainText(kept!.order_id);
  });

  test('Escape closes the innermost thing only: the checkout, then the details, then the selection', async ({ page, settle }) => {
    const [a, b] = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).filter((o) => isPayable(o) && single(o) && o.currency === 'USD');
    await settle.open(page);
    for (const o of [a!, b!]) {
      await find(page, o.order_id);
      await checkbox(page, o.order_id).click();
      await expect(checkbox(page, o.order_id)).toBeChecked();
    }
    await row(page, b!.order_id).getByText(b!.order_id).click();
    await expect(page.getByRole('complementary', { name: `Order ${b!.order_id}` })).toBeVisible();
    await page.getByRole('button', { name: 'Combine Payments' }).click();
    await expect(page.getByRole('dialog', { name: 'Pay for orders' })).toBeVisible();

    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(selectionCount(page)).toHaveText('2 selected');
    await expect(page.getByRole('complementary', { name: `Order ${b!.order_id}` })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('complementary')).toHaveCount(0);
    await expect(selectionCount(page)).toHaveText('2 selected');
    await page.keyboard.press('Escape');
    await expect(selectionCount(page)).toHaveCount(0);
  });

  test('Ctrl/Cmd+A selects the payable rows in view, in view order, and says exactly that', async ({ page, settle }) => {
    await settle.open(page);
    await page.getByLabel('Currency').selectOption('USD');
    await grid(page).focus();
    await page.keyboard.press('ControlOrMeta+a');

    await expect(notice(page)).toHaveText(/^Selected (\d+) orders in view\.( Not selected: .*\.)?$/);
    const selected = Number((await selectionCount(page).textContent())!.split(' ')[0]);
    // Every selected order is a row wholly on screen (a combined purchase may bring members along).
    const scroller = await boxOf(page.getByTestId('orders-scroll'));
    let inView = 0;
    for (const r of await rows(page).all()) {
      const box = await r.boundingBox();
      if (!box || box.y < scroller.y + box.height - 1 || box.y + box.height > scroller.y + scroller.height + 1) continue;
      if ((await r.getAttribute('aria-selected')) === 'true') inView += 1;
    }
    expect(inView).toBeGreaterThan(0);
    expect(selected).toBeGreaterThanOrEqual(inView);
    expect(selected).toBeLessThanOrEqual(30);

    await page.keyboard.press('ControlOrMeta+a');
    await expect(notice(page)).toHaveText(/^The \d+ payable orders in view are already selected\.$|^The selection already holds 30 orders/);
  });

  test('Space on a single order pending approval names its own reason, not a combined purchase', async ({ page, settle }) => {
    const pending = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => o.status === 1 && single(o))!;
    await settle.open(page);
    await find(page, pending.order_id);
    await grid(page).focus();
    await page.keyboard.press('Home');
    await page.keyboard.press(' ');
    await expect(notice(page)).toHaveText(`Order ${pending.order_id} is pending approval: it can be paid once approved.`);
  });
});

test.describe('errors a clerk must see', () => {
  test.describe('with a billing token the service refuses', () => {
    test.use({ appEnv: { BILLING_API_TOKEN: 'sbx_not_a_real_token' } });

    test('the page says the token was refused and what to do, and never "No unpaid orders"', async ({ page, settle }) => {
      await settle.open(page);
      await expect(page.getByTestId('sync-warning')).toContainText('The billing service refused Settle’s API token (CBC.0151)', { timeout: 20_000 });
      await expect(page.getByTestId('sync-warning')).toContainText('BILLING_API_TOKEN');
      await expect(page.getByTestId('empty-state')).toContainText('No orders have been synced from the billing service yet');
      await expect(page.getByText(/No unpaid orders/)).toHaveCount(0);
    });
  });

  test('a billing service answering garbage is named as such, and the cached orders stay', async ({ page, settle }) => {
    const listed = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    await settle.open(page);
    await expect(count(page)).toHaveText(`${listed.length} orders`);
    await settle.sandbox.faults({ malformed_rate: 1 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('sync-warning')).toContainText('The billing service is sending answers Settle can’t read', { timeout: 30_000 });
    await expect(count(page)).toHaveText(`${listed.length} orders`);
    await settle.sandbox.faults({});
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('sync-warning')).toHaveCount(0, { timeout: 30_000 });
  });

  test('a slow billing service shows "Slow connection" while retrying, then offline — not a minute of "Syncing…"', async ({ page, settle }) => {
    test.setTimeout(120_000);
    await settle.open(page);
    await expect(page.getByText('Online')).toBeVisible();
    await settle.sandbox.faults({ latency_ms: 15_000 });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(page.getByTestId('syncing')).toHaveText('Slow connection — still waiting for the billing service…', { timeout: 15_000 });
    // Each attempt gives up after 10 s and a timing-out request is tried 3 times (the billing
    // client's unit test counts them), where 5 attempts of 15 s used to take 76 s.
    await expect(page.getByTestId('sync-warning')).toContainText('Offline — the billing service can’t be reached', { timeout: 60_000 });
  });

  test('a page opened without its token shows one screen that says how to open it, and nothing else', async ({ page, settle }) => {
    const address = new URL(settle.appUrl);
    address.search = '';
    await page.goto(address.toString());
    await expect(page.getByRole('heading', { name: 'Open Settle from the address it printed' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(1);
    await expect(page.getByTestId('toast')).toHaveCount(0);
    await expect(page.getByText('Loading orders…')).toHaveCount(0);
    await expect(page.getByRole('button')).toHaveCount(0);
    await expect(page.getByRole('textbox')).toHaveCount(0);
  });
});

test.describe('layout and text', () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    test(`at ${viewport.width}×${viewport.height} with the details open, every column fits and nothing essential is cut`, async ({ page, settle }) => {
      await page.setViewportSize(viewport);
      const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => isPayable(o) && single(o))!;
      await settle.open(page);
      await rows(page).first().getByRole('button', { name: /^Pay/ }).waitFor();
      await row(page, (await rows(page).first().getAttribute('data-order-id'))!).locator('.order-no').click();
      await expect(page.getByRole('complementary')).toBeVisible();
      const scroller = page.getByTestId('orders-scroll');
      // No sideways scrolling: the table is as wide as its box.
      expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      const cut = async (locator: Locator) => locator.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      for (const header of await grid(page).locator('[role="columnheader"]').all()) expect(await cut(header), `header "${await header.textContent()}"`).toBe(false);
      await find(page, order.order_id);
      const cells = row(page, order.order_id).locator('[role="cell"]');
      for (const cell of await cells.all()) expect(await cut(cell), `cell "${await cell.textContent()}"`).toBe(false);
      for (const part of await row(page, order.order_id).locator('.cell.stacked > span').all()) expect(await cut(part), `"${await part.textContent()}"`).toBe(false);
      const pay = row(page, order.order_id).getByRole('button', { name: /^Pay/ });
      const box = await boxOf(pay);
      const grid_ = await boxOf(scroller);
      expect(box.x + box.width).toBeLessThanOrEqual(grid_.x + grid_.width);
      // The toolbar and the table's own actions each fit on their line.
      const actions = await boxOf(page.getByRole('button', { name: /^Export/ }));
      expect(actions.x + actions.width).toBeLessThanOrEqual(viewport.width);
    });
  }

  test('payable orders come first; expired ones are hidden by default, counted, and shown on request', async ({ page, settle }) => {
    const unpaid = await settle.sandbox.unpaidOrders(POSTPAID_TOKEN);
    const listed = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    const expired = unpaid.length - listed.length;
    expect(expired, 'the seed has orders past their deadline').toBeGreaterThan(0);
    await settle.open(page);
    await expect(count(page)).toHaveText(`${listed.length} orders`);
    await expect(rows(page).first()).not.toContainText('Expired');
    const toggle = page.getByLabel(`Show expired (${expired})`);
    await toggle.check();
    await expect(count(page)).toHaveText(`${unpaid.length} orders`);
    await toggle.uncheck();
    await expect(count(page)).toHaveText(`${listed.length} orders`);
  });

  test('the pending-approval notice counts the account, whatever the search', async ({ page, settle }) => {
    const pending = (await settle.sandbox.unpaidOrders(POSTPAID_TOKEN)).filter((o) => o.status === 1).length;
    await settle.open(page);
    const pendingNotice = page.getByTestId('pending-approval-notice');
    await expect(pendingNotice).toContainText(`${pending} orders of this account are pending approval`);
    await page.getByLabel('Order No.').fill('no-such-order');
    await expect(count(page)).toHaveText('0 orders');
    await expect(pendingNotice).toContainText(`${pending} orders of this account are pending approval`);
  });

  test('a currency filter, and amounts sorted within a currency', async ({ page, settle }) => {
    const cny = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).filter((o) => o.currency === 'CNY');
    await settle.open(page);
    await page.getByLabel('Currency').selectOption('CNY');
    await expect(count(page)).toHaveText(new RegExp(`^${cny.length} orders?$`));
    await expect(rows(page).locator('.currency')).toHaveText(Array(Math.min(cny.length, await rows(page).count())).fill('CNY'));
    await page.getByLabel('Currency').selectOption('');
    await page.getByLabel('Sort by').selectOption({ label: 'Amount (highest first)' });
    const currencies = await rows(page).locator('.currency').allTextContents();
    // One currency's orders together, never interleaved.
    expect(currencies.filter((c, i) => i > 0 && c !== currencies[i - 1]).length).toBeLessThanOrEqual(1);
  });

  test('warnings and information look different, and paying’s reason offline is visible text', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => isPayable(o) && single(o))!;
    await settle.open(page);
    await expect(page.getByTestId('pending-approval-notice')).toHaveAttribute('role', 'status');
    await find(page, order.order_id);
    await checkbox(page, order.order_id).click();
    await expect(page.getByRole('button', { name: /Export the 1 selected/ })).toHaveText('Export selected (1)');
    await settle.stopSandbox();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const warning = page.getByTestId('sync-warning');
    await expect(warning).toBeVisible({ timeout: 30_000 });
    await expect(warning).toHaveAttribute('role', 'alert');
    const [warningLook, infoLook] = await Promise.all([warning, page.getByTestId('pending-approval-notice')].map((l) => l.evaluate((el) => getComputedStyle(el).backgroundColor)));
    expect(warningLook).not.toBe(infoLook);
    await expect(page.getByText('Paying needs a connection to the billing service.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Combine Payments' })).toBeDisabled();
    await settle.restartSandbox();
  });

  test('a toast never covers the selection bar', async ({ page, settle }) => {
    const listed = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    const order = listed.find((o) => isPayable(o) && single(o))!;
    const pending = listed.find((o) => o.status === 1)!;
    await settle.open(page);
    await find(page, order.order_id);
    await checkbox(page, order.order_id).click();
    await settle.sandbox.approve(pending.order_id);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const toast = page.getByTestId('toast').first();
    await expect(toast).toBeVisible();
    for (const control of [page.getByRole('button', { name: 'Combine Payments' }), page.getByTestId('selection-total'), page.getByRole('button', { name: 'Clear selection' })]) {
      expect(overlaps(await boxOf(toast), await boxOf(control))).toBe(false);
    }
  });

  test('an empty search says what to do, and its Clear filters button does it', async ({ page, settle }) => {
    const listed = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    await settle.open(page);
    await page.getByLabel('Order No.').fill('zzz-nothing');
    const empty = page.getByTestId('empty-state');
    await expect(empty).toContainText('No orders match the search and filters.');
    await empty.getByRole('button', { name: 'Clear filters' }).click();
    await expect(count(page)).toHaveText(`${listed.length} orders`);
  });

  test('the table is one tab stop, with the arrow keys inside it', async ({ page, settle }) => {
    await settle.open(page);
    await rows(page).first().waitFor();
    await page.getByRole('button', { name: /^Export/ }).focus();
    await page.keyboard.press('Tab');
    await expect(grid(page)).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(grid(page)).toHaveAttribute('aria-activedescendant', `order-row-${await rows(page).nth(1).getAttribute('data-order-id')}`);
    await page.keyboard.press('Tab');
    // Out of the table at once: no checkbox or Pay button of a row takes the focus.
    const focused = await page.evaluate(() => document.activeElement?.closest('[role="grid"]') !== null);
    expect(focused).toBe(false);
  });

  test('the keyboard’s row follows its order across a new sort, or goes back to the top', async ({ page, settle }) => {
    const listed = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    await settle.open(page);
    await rows(page).nth(3).waitFor();
    const third = (await rows(page).nth(3).getAttribute('data-order-id'))!;
    const otherService = listed.find((o) => o.service_type_code !== listed.find((l) => l.order_id === third)!.service_type_code)!.service_type_code as string;
    await rows(page).nth(3).locator('.order-no').click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Sort by').selectOption({ label: 'Expire time (soonest first)' });
    await page.getByLabel('Order No.').fill(third.slice(0, 12));
    await expect(row(page, third)).toHaveClass(/active/);
    // A filter the order doesn't pass: the keyboard's row goes back to the top, not to an unrelated order at its old place.
    await page.getByLabel('Order No.').fill('');
    await page.getByLabel('Service type').selectOption(otherService);
    await expect(rows(page).first()).toHaveClass(/active/);
    await expect(grid(page).locator('.row.active')).toHaveCount(1);
  });
});

test.describe('a long book of orders, scrolled', () => {
  test.use({ appEnv: { BILLING_API_TOKEN: 'sbx_large_demo' } });

  test('a new query landing while the clerk scrolls doesn’t pull the table back to its first row', async ({ page, settle }) => {
    await settle.open(page);
    await rows(page).first().waitFor();
    const before = await count(page).textContent();
    // The clerk scrolls down, frame after frame; meanwhile a filter's new rows and count land.
    const scrolling = page.getByTestId('orders-scroll').evaluate(async (el) => {
      const seen: number[] = [];
      for (let frame = 0; frame < 90; frame++) {
        el.scrollTop += 120;
        await new Promise((next) => requestAnimationFrame(next));
        seen.push(el.scrollTop);
      }
      return seen;
    });
    await page.getByLabel('Currency').selectOption('USD');
    await expect(count(page)).not.toHaveText(before!);
    const offsets = await scrolling;
    expect(offsets.every((offset, frame) => frame === 0 || offset >= offsets[frame - 1]!)).toBe(true);
    expect(offsets.at(-1)).toBeGreaterThan(5_000);
  });
});

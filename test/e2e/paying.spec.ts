import type { Page } from '@playwright/test';
import { POSTPAID_TOKEN, expect, test } from './fixtures';
import type { RawOrder, SandboxControl } from '../support/sandbox-control';

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
    await expect(dialog.getByRole('radio', { name: /Pay online/ })).toBeEnabled();
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

const selectionCheckbox = (page: Page, orderId: string) => row(page, orderId).getByRole('checkbox');

async function select(page: Page, orderIds: readonly string[]): Promise<void> {
  for (const id of orderIds) {
    await find(page, id);
    await selectionCheckbox(page, id).click();
    await expect(selectionCheckbox(page, id)).toBeChecked();
  }
}

async function combine(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Combine Payments' }).click();
  await expect(checkout(page).getByText('Amount confirmed by the billing service.')).toBeVisible();
}

async function payNow(page: Page): Promise<void> {
  const payable = (await checkout(page).getByTestId('checkout-payable').textContent())!;
  await checkout(page).getByRole('button', { name: `Pay ${payable}` }).click();
}

const outcomeRow = (page: Page, orderId: string) => results(page).locator('tr', { hasText: orderId });

/** A coupon of the known set a test gives the account (the shape of GET /v1/coupons). */
function coupon(id: string, fields: Record<string, unknown> = {}) {
  return {
    coupon_id: id, kind: 303, name: `Card ${id}`, currency: 'USD', face_value: 500, balance: 500,
    valid_from: '2020-01-01T00:00:00Z', valid_until: '2099-01-01T00:00:00Z', min_spend: 0,
    service_types: [], order_types: [], combinable_with_discount_kinds: [0, 2, 3, 609], locked_by_order_id: null, ...fields,
  };
}

async function plainWithoutDiscounts(settle: { sandbox: SandboxControl }, count: number): Promise<RawOrder[]> {
  const found: RawOrder[] = [];
  for (const o of (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).filter((o) => plain(o) && o.currency === 'USD')) {
    if (found.length === count) break;
    if ((await settle.sandbox.discounts(POSTPAID_TOKEN, o.order_id)).length === 0) found.push(o);
  }
  return found;
}

test.describe('a combined payment and what changed meanwhile', () => {
  test('several orders including a whole combined purchase: every order paid, each charged once', async ({ page, settle }) => {
    const listed = await settle.sandbox.listedOrders(POSTPAID_TOKEN);
    const groups = new Map<string, RawOrder[]>();
    for (const o of listed) if (o.combined_order_id) groups.set(o.combined_order_id as string, [...(groups.get(o.combined_order_id as string) ?? []), o]);
    const group = [...groups.values()].find((g) => g.length >= 2 && g[0]!.currency === 'USD' && g.every((o) => o.status === 6 && Date.parse(o.expire_time as string) > Date.now() + HOUR))!;
    const single = listed.find((o) => plain(o) && o.currency === 'USD')!;
    await settle.open(page);
    await select(page, [group[0]!.order_id, single.order_id]);
    await combine(page);
    await expect(checkout(page).getByRole('region')).toHaveCount(group.length + 1);
    for (const o of group.filter((m) => m.contract_overlap)) {
      await checkout(page).getByRole('region', { name: new RegExp(o.order_id) }).getByRole('checkbox', { name: /independent of the contract/ }).check();
    }
    await payNow(page);

    await expect(results(page).getByRole('status').first()).toHaveText('Paid: every order was paid.');
    for (const o of [...group, single]) await expect(outcomeRow(page, o.order_id)).toHaveAttribute('data-outcome', 'paid');
    const charged = (await settle.sandbox.charges()).map((c) => c.order_id).sort();
    expect(charged).toEqual([...group, single].map((o) => o.order_id).sort());
  });

  test('an order paid elsewhere after the checkout opened is reported skipped, the others paid; one back to approval is reported blocked', async ({ page, settle }) => {
    const [a, b, c] = await plainWithoutDiscounts(settle, 3);
    await settle.open(page);
    await select(page, [a!.order_id, b!.order_id, c!.order_id]);
    await combine(page);
    await settle.sandbox.setStatus(b!.order_id, 5);
    await settle.sandbox.setStatus(c!.order_id, 1);
    await payNow(page);

    await expect(results(page).getByRole('status').first()).toHaveText('Partly paid: some orders were not paid, see why below.');
    await expect(outcomeRow(page, a!.order_id)).toHaveAttribute('data-outcome', 'paid');
    await expect(outcomeRow(page, b!.order_id)).toContainText('Not paid: its status changed to Completed since you selected it');
    await expect(outcomeRow(page, c!.order_id)).toContainText('Not paid: it is pending approval');
    expect((await settle.sandbox.charges()).map((ch) => ch.order_id)).toEqual([a!.order_id]);
  });

  test('an order whose deadline passes while the checkout is open is reported expired and not charged', async ({ page, settle }) => {
    const listed = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).filter((o) => plain(o) && o.currency === 'USD');
    const soonest = listed.sort((x, y) => Date.parse(x.expire_time as string) - Date.parse(y.expire_time as string))[0]!;
    await settle.open(page);
    await select(page, [soonest.order_id]);
    await combine(page);
    const { now } = (await (await fetch(`${settle.sandbox.url}/sandbox/clock`)).json()) as { now: string };
    await settle.sandbox.advanceClock(Date.parse(soonest.expire_time as string) - Date.parse(now) + 60_000);
    await payNow(page);

    await expect(results(page).getByRole('status').first()).toHaveText('Nothing was paid: see why below.');
    await expect(outcomeRow(page, soonest.order_id)).toContainText('Not paid: its payment deadline passed');
    expect(await settle.sandbox.charges()).toEqual([]);
  });
});

test.describe('the checkout’s rules on screen', () => {
  test('a contract-overlap order: Pay stays disabled until its notice is confirmed', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => o.status === 6 && o.combined_order_id === null && o.contract_overlap && Date.parse(o.expire_time as string) > Date.now() + HOUR)!;
    await settle.open(page);
    await select(page, [order.order_id]);
    await combine(page);
    const pay = checkout(page).getByRole('button', { name: /^Pay / });
    await expect(pay).toBeDisabled();
    await expect(checkout(page).getByText('Confirm the contract notice of 1 order to pay.')).toBeVisible();
    await checkout(page).getByRole('checkbox', { name: 'Please verify that this order is independent of the contract. Otherwise, you cannot make the payment.' }).check();
    await expect(pay).toBeEnabled();
    await pay.click();
    await expect(outcomeRow(page, order.order_id)).toHaveAttribute('data-outcome', 'paid');
  });

  test('third-party line items: shown with their vendor and the note, excluded from the amount', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find(
      (o) => plain(o) && o.currency === 'USD' && (o.line_items as { provider: { kind: string } }[]).some((l) => l.provider.kind === 'third_party'),
    )!;
    const items = order.line_items as { provider: { kind: string; vendor_name?: string }; official_amount: number }[];
    const vendor = items.find((l) => l.provider.kind === 'third_party')!.provider.vendor_name!;
    await settle.open(page);
    await select(page, [order.order_id]);
    await combine(page);
    const card = checkout(page).getByRole('region', { name: new RegExp(order.order_id) });
    await expect(card.getByText(`Billed separately by the vendor (${vendor})`)).toBeVisible();
    await expect(card.getByRole('cell', { name: 'Billed by the vendor' })).toBeVisible();
    // The official price counts the cloud's own items only.
    const cloud = items.filter((l) => l.provider.kind === 'cloud').reduce((sum, l) => sum + l.official_amount, 0);
    expect(cloud).toBe(order.official_amount);
    await expect(checkout(page).locator('.totals dd').first()).toHaveText(`$${(cloud / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
  });

  test('the coupon picker: usable coupons selectable, the others disabled with their reason; a picked coupon lowers the amount', async ({ page, settle }) => {
    const [order, other] = await plainWithoutDiscounts(settle, 2);
    await settle.sandbox.setCoupons('postpaid', [
      coupon('C-OK', { name: 'Card that works', balance: 300 }),
      coupon('C-OLD', { name: 'Card expired', valid_until: '2021-01-01T00:00:00Z' }),
      coupon('C-LOCK', { name: 'Card locked', locked_by_order_id: other!.order_id }),
      coupon('C-MIN', { name: 'Card with minimum', min_spend: (order!.official_amount as number) + 1 }),
    ]);
    await settle.open(page);
    await select(page, [order!.order_id]);
    await combine(page);
    const card = checkout(page).getByRole('region', { name: new RegExp(order!.order_id) });
    await expect(card.getByRole('checkbox', { name: /Card expired/ })).toBeDisabled();
    await expect(card.getByText(/Card expired.*— expired/)).toBeVisible();
    await expect(card.getByText(new RegExp(`Card locked.*— locked by order ${other!.order_id}`))).toBeVisible();
    await expect(card.getByText(/Card with minimum.*— needs a minimum spend of/)).toBeVisible();
    await card.getByRole('checkbox', { name: /Card that works/ }).check();
    await expect(card.getByText(/Card that works.*takes \$3\.00/)).toBeVisible();
    const expected = `$${(((order!.official_amount as number) - 300) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
    await expect(checkout(page).getByTestId('checkout-payable')).toHaveText(expected);
    await payNow(page);
    await expect(results(page).getByTestId('amount-charged')).toHaveText(expected);
  });

  test('Best savings picks the coupons that save the most, says how much more than the clerk’s choice, and stays editable', async ({ page, settle }) => {
    const [order] = await plainWithoutDiscounts(settle, 1);
    // The best is the two largest cards (the third only adds a coupon); the clerk starts with none.
    await settle.sandbox.setCoupons('postpaid', [coupon('C-1', { name: 'Card one', balance: 100 }), coupon('C-2', { name: 'Card two', balance: 200 }), coupon('C-3', { name: 'Card three', balance: 50 }), coupon('C-4', { name: 'Card four', balance: 150 })]);
    await settle.open(page);
    await select(page, [order!.order_id]);
    await combine(page);
    await checkout(page).getByRole('button', { name: 'Best savings' }).click();
    await expect(checkout(page).getByTestId('best-savings')).toHaveText(/save \$4\.50 more than your own choice/);
    const card = checkout(page).getByRole('region', { name: new RegExp(order!.order_id) });
    for (const name of ['Card one', 'Card two', 'Card four']) await expect(card.getByRole('checkbox', { name: new RegExp(name) })).toBeChecked();
    await expect(card.getByRole('checkbox', { name: /Card three/ })).toBeDisabled();
    await card.getByRole('checkbox', { name: /Card one/ }).uncheck();
    await expect(card.getByRole('checkbox', { name: /Card three/ })).toBeEnabled();
  });

  test('the whole checkout by keyboard: Tab stays inside it, Escape closes it and gives the focus back', async ({ page, settle }) => {
    const [order] = await plainWithoutDiscounts(settle, 1);
    await settle.open(page);
    await select(page, [order!.order_id]);
    await combine(page);
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      expect(await checkout(page).evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(checkout(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Combine Payments' })).toBeFocused();
  });
});

test.describe('an account without monthly settlement', () => {
  test.use({ appEnv: { BILLING_API_TOKEN: 'sbx_prepaid_demo' } });

  test('monthly settlement is shown unavailable with how to qualify, and nothing can be paid yet', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders('sbx_prepaid_demo')).find(plain)!;
    await settle.open(page);
    await select(page, [order.order_id]);
    await page.getByRole('button', { name: 'Combine Payments' }).click();
    await expect(checkout(page).getByRole('radio', { name: /Monthly Settlement/ })).toBeDisabled();
    await expect(checkout(page).getByText('Not available: this account is not postpaid. To qualify, apply for post payment with the billing service.')).toBeVisible();
    await expect(checkout(page).getByRole('button', { name: /^Pay / })).toBeDisabled();
  });
});

test.describe('a payment ledger that can’t be opened', () => {
  test.use({ damagedLedger: true });

  test('paying is disabled with the reason, and the orders can still be reviewed', async ({ page, settle }) => {
    const order = (await settle.sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => plain(o) && o.currency === 'USD')!;
    await settle.open(page);
    await expect(page.getByTestId('ledger-problem')).toHaveText(/^Paying is disabled: the payment ledger is damaged\. It is kept as it is at .*settle-ledger\.db/);
    await select(page, [order.order_id]);
    await page.getByRole('button', { name: 'Combine Payments' }).click();
    await expect(checkout(page).locator('#pay-blocker')).toHaveText(/^Paying is disabled: the payment ledger is damaged\./);
    await expect(checkout(page).getByRole('button', { name: /^Pay / })).toBeDisabled();
  });
});

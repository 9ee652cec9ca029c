import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CurrentBill, Payment, PaymentHistoryPage, PaymentRefusal } from '../../shared/billing-api/payment-schemas';
import { Account, Order, OrdersPage } from '../../shared/billing-api/schemas';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const POSTPAID = 'sbx_postpaid_demo';
const PREPAID = 'sbx_prepaid_demo';
let sandbox: Sandbox;
let keys = 0;

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const get = (path: string, token = POSTPAID) => fetch(`${sandbox.url}${path}`, { headers: auth(token) });
const control = (path: string, body: unknown = {}) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

interface PayOptions {
  readonly token?: string;
  readonly key?: string | null;
  readonly method?: 'monthly_settlement' | 'card';
  readonly confirmed?: readonly string[];
  readonly expected?: number;
}

function pay(orderIds: readonly string[], { token = POSTPAID, key = `key-${++keys}`, method = 'monthly_settlement', confirmed = [], expected }: PayOptions = {}) {
  const body = {
    orders: orderIds.map((order_id) => ({ order_id, coupon_ids: [] })),
    method,
    contract_independence_confirmed: confirmed,
    ...(expected === undefined ? {} : { expected_payable: expected }),
  };
  return fetch(`${sandbox.url}/v1/payments`, {
    method: 'POST',
    headers: { ...auth(token), 'content-type': 'application/json', ...(key === null ? {} : { 'idempotency-key': key }) },
    body: JSON.stringify(body),
  });
}

async function orders(token = POSTPAID): Promise<Order[]> {
  const page = OrdersPage.parse(await (await get('/v1/orders?limit=500', token)).json());
  return page.orders.map((o) => Order.parse(o));
}

async function order(orderId: string): Promise<Order> {
  return Order.parse(await (await get(`/v1/orders/${orderId}`)).json());
}

async function discountsOf(orderId: string, token: string): Promise<unknown[]> {
  return ((await (await get(`/v1/orders/${orderId}/discounts`, token)).json()) as { discounts: unknown[] }).discounts;
}

/** The account's combined purchases (Map.groupBy is Node 21+). */
function combinedPurchases(all: readonly Order[]): Order[][] {
  const groups = new Map<string, Order[]>();
  for (const o of all) if (o.combined_order_id !== null) groups.set(o.combined_order_id, [...(groups.get(o.combined_order_id) ?? []), o]);
  return [...groups.values()];
}

async function charges(): Promise<{ order_id: string; amount: number; idempotency_key: string; method: string }[]> {
  return ((await (await fetch(`${sandbox.url}/sandbox/charges`)).json()) as { charges: never[] }).charges;
}

async function sandboxNow(): Promise<number> {
  return Date.parse(((await (await fetch(`${sandbox.url}/sandbox/clock`)).json()) as { now: string }).now);
}

/** Payable single orders without discounts or a contract overlap: their payable amount is their official amount. */
async function plainPayable(count: number, token = POSTPAID, currency = 'USD'): Promise<Order[]> {
  const now = await sandboxNow();
  const candidates = (await orders(token)).filter(
    (o) => o.status === 6 && o.combined_order_id === null && !o.contract_overlap && o.currency === currency && Date.parse(o.expire_time) > now + 3_600_000,
  );
  const plain: Order[] = [];
  for (const o of candidates) {
    if (plain.length === count) break;
    if ((await discountsOf(o.order_id, token)).length === 0) plain.push(o);
  }
  if (plain.length < count) throw new Error(`the seed has only ${plain.length} plain payable orders`);
  return plain;
}

async function refusalOf(response: Response): Promise<PaymentRefusal> {
  expect(response.status).toBe(400);
  return PaymentRefusal.parse(await response.json());
}

beforeAll(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', port: 0, seed: 11, ordersPerAccount: 160, largeAccountOrders: 10 });
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  await control('/sandbox/faults', {});
  await control('/sandbox/reset', { seed: 11 });
});

describe('POST /v1/payments by monthly settlement', () => {
  it('pays an order: completed, the order is paid, one charge, and the bill it joins', async () => {
    const [target] = await plainPayable(1);
    const response = await pay([target!.order_id], { key: 'first-payment' });
    expect(response.status).toBe(200);
    const payment = Payment.parse(await response.json());

    const now = new Date(await sandboxNow());
    const period = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
    expect(payment).toMatchObject({ status: 'completed', method: 'monthly_settlement', currency: 'USD', amount_charged: target!.official_amount, savings: 0 });
    expect(payment.bill?.period).toBe(period);
    expect(payment.bill?.generated_on).toMatch(/^\d{4}-\d{2}-03$/);
    expect(payment.orders).toEqual([{ order_id: target!.order_id, outcome: 'paid', new_status: 5, amount_charged: target!.official_amount, discount: null, coupons: [] }]);
    expect((await order(target!.order_id)).status).toBe(5);
    expect(await charges()).toEqual([expect.objectContaining({ order_id: target!.order_id, amount: target!.official_amount, idempotency_key: 'first-payment', method: 'monthly_settlement' })]);
  });

  it('answers the same payment to the same key and body, and never charges again', async () => {
    const [a, b] = await plainPayable(2);
    const first = Payment.parse(await (await pay([a!.order_id, b!.order_id], { key: 'twice' })).json());
    const again = await pay([a!.order_id, b!.order_id], { key: 'twice' });
    expect(again.status).toBe(200);
    expect(Payment.parse(await again.json())).toEqual(first);
    expect((await charges()).map((c) => c.order_id).sort()).toEqual([a!.order_id, b!.order_id].sort());
  });

  it('refuses the same key with another body, and a request without a key (409 and 400, CBC.0100), charging nothing more', async () => {
    const [a, b] = await plainPayable(2);
    await pay([a!.order_id], { key: 'reused' });
    const other = await pay([b!.order_id], { key: 'reused' });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error_code: 'CBC.0100' });
    const keyless = await pay([b!.order_id], { key: null });
    expect(keyless.status).toBe(400);
    expect(await keyless.json()).toMatchObject({ error_code: 'CBC.0100', error_msg: expect.stringContaining('Idempotency-Key') });
    expect((await charges()).map((c) => c.order_id)).toEqual([a!.order_id]);
    expect((await order(b!.order_id)).status).toBe(6);
  });

  it('refuses a key while its first request is still running (409), and the first one pays once', async () => {
    const [a] = await plainPayable(1);
    await control('/sandbox/faults', { payment_processing_ms: 300 });
    const first = pay([a!.order_id], { key: 'slow' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await pay([a!.order_id], { key: 'slow' });
    expect(second.status).toBe(409);
    expect(await second.json()).toMatchObject({ error_code: 'CBC.0100', error_msg: expect.stringContaining('still being processed') });
    expect((await first).status).toBe(200);
    expect(await charges()).toHaveLength(1);
  });

  it('a dropped connection after the charge: sending again with the same key answers the payment, charged once', async () => {
    const [a] = await plainPayable(1);
    await control('/sandbox/faults', { drop_rate: 1 });
    await expect(pay([a!.order_id], { key: 'lost-answer' })).rejects.toThrow();
    await control('/sandbox/faults', {});
    expect((await order(a!.order_id)).status).toBe(5);

    const resent = await pay([a!.order_id], { key: 'lost-answer' });
    expect(resent.status).toBe(200);
    expect(Payment.parse(await resent.json()).orders[0]?.outcome).toBe('paid');
    expect(await charges()).toHaveLength(1);
  });

  it('two payments of the same order with different keys: one charge, the other told the order was paid', async () => {
    const [a] = await plainPayable(1);
    const [one, two] = await Promise.all([pay([a!.order_id], { key: 'app-1' }), pay([a!.order_id], { key: 'app-2' })]);
    const outcomes = [Payment.parse(await one.json()), Payment.parse(await two.json())].map((p) => [p.status, p.orders[0]?.outcome, p.orders[0]?.new_status]);
    expect(outcomes).toContainEqual(['completed', 'paid', 5]);
    expect(outcomes).toContainEqual(['failed', 'skipped_status_changed', 5]);
    expect(await charges()).toHaveLength(1);
  });

  it('pays the others when one order changed since it was selected, and says which and why', async () => {
    const [a, b, c] = await plainPayable(3);
    await control(`/sandbox/orders/${b!.order_id}/status`, { status: 4 });
    await control(`/sandbox/orders/${c!.order_id}/status`, { status: 1 });
    const payment = Payment.parse(await (await pay([a!.order_id, b!.order_id, c!.order_id])).json());
    expect(payment.status).toBe('partially_completed');
    expect(payment.orders.map((o) => [o.order_id, o.outcome, o.new_status, o.amount_charged])).toEqual([
      [a!.order_id, 'paid', 5, a!.official_amount],
      [b!.order_id, 'skipped_status_changed', 4, 0],
      [c!.order_id, 'blocked_pending_approval', 1, 0],
    ]);
    expect(payment.amount_charged).toBe(a!.official_amount);
    expect((await charges()).map((ch) => ch.order_id)).toEqual([a!.order_id]);
  });

  it('reports an order past its deadline as expired and charges nothing (status failed, HTTP 200)', async () => {
    const [a] = await plainPayable(1);
    await control('/sandbox/clock', { advance_ms: Date.parse(a!.expire_time) - (await sandboxNow()) + 1_000 });
    const response = await pay([a!.order_id]);
    expect(response.status).toBe(200);
    const payment = Payment.parse(await response.json());
    expect(payment).toMatchObject({ status: 'failed', amount_charged: 0 });
    expect(payment.orders[0]).toMatchObject({ outcome: 'expired', amount_charged: 0 });
    expect(await charges()).toEqual([]);
  });

  it('pays two combined purchases in one payment: every member of each, each charged once', async () => {
    const now = await sandboxNow();
    const groups = combinedPurchases(await orders()).filter(
      (g) => g.length >= 2 && g.every((o) => o.status === 6 && !o.contract_overlap && o.currency === 'USD' && Date.parse(o.expire_time) > now + 3_600_000),
    );
    expect(groups.length).toBeGreaterThanOrEqual(2);
    const members = groups.slice(0, 2).flat();
    const response = await pay(members.map((o) => o.order_id));
    expect(response.status).toBe(200);
    const payment = Payment.parse(await response.json());
    expect(payment.status).toBe('completed');
    expect(payment.orders.map((o) => [o.order_id, o.outcome]).sort()).toEqual(members.map((o) => [o.order_id, 'paid']).sort());
    expect((await charges()).map((c) => c.order_id).sort()).toEqual(members.map((o) => o.order_id).sort());
  });

  it('skips a combined purchase whole when one member changed', async () => {
    const all = await orders();
    const now = await sandboxNow();
    const group = combinedPurchases(all).find((g) => g.length >= 2 && g.every((o) => o.status === 6 && !o.contract_overlap && Date.parse(o.expire_time) > now));
    expect(group).toBeDefined();
    await control(`/sandbox/orders/${group![0]!.order_id}/status`, { status: 5 });
    const payment = Payment.parse(await (await pay(group!.map((o) => o.order_id))).json());
    expect(payment.status).toBe('failed');
    expect(payment.orders.every((o) => o.outcome === 'skipped_status_changed' && o.amount_charged === 0)).toBe(true);
    expect(await charges()).toEqual([]);
  });
});

describe('POST /v1/payments refusals: judged whole, on the request as sent, nothing charged', () => {
  it('more than 30 orders (CBC.0100)', async () => {
    const ids = (await orders()).slice(0, 31).map((o) => o.order_id);
    const refusal = await refusalOf(await pay(ids));
    expect(refusal.error_code).toBe('CBC.0100');
    expect(refusal.problems).toContainEqual(expect.objectContaining({ order_id: null, code: 'CBC.0100', message: expect.stringContaining('30') }));
  });

  it('an empty request and mixed currencies (CBC.0100)', async () => {
    expect((await refusalOf(await pay([]))).error_code).toBe('CBC.0100');
    const [usd] = await plainPayable(1);
    const cny = (await orders()).find((o) => o.currency !== 'USD' && o.combined_order_id === null);
    const refusal = await refusalOf(await pay([usd!.order_id, cny!.order_id]));
    expect(refusal.problems).toContainEqual(expect.objectContaining({ code: 'CBC.0100', message: expect.stringMatching(/CNY and USD/) }));
  });

  it('an order of another account, as if it did not exist (CBC.30000010)', async () => {
    const [foreign] = await plainPayable(1, PREPAID, (await orders(PREPAID))[0]!.currency);
    const refusal = await refusalOf(await pay([foreign!.order_id]));
    expect(refusal).toMatchObject({ error_code: 'CBC.30000010', problems: [{ order_id: foreign!.order_id, code: 'CBC.30000010' }] });
  });

  it('part of a combined purchase without the rest, whatever the members’ statuses (CBC.99000089)', async () => {
    const member = (await orders()).find((o) => o.combined_order_id !== null);
    const refusal = await refusalOf(await pay([member!.order_id]));
    expect(refusal.error_code).toBe('CBC.99000089');
    expect(refusal.problems[0]).toMatchObject({ order_id: member!.order_id, message: expect.stringContaining(member!.combined_order_id!) });
  });

  it('a contract-overlap order without its confirmation (CBC.0155); with it, paid', async () => {
    const now = await sandboxNow();
    const overlap = (await orders()).find((o) => o.contract_overlap && o.status === 6 && o.combined_order_id === null && Date.parse(o.expire_time) > now + 3_600_000);
    expect(overlap).toBeDefined();
    const refusal = await refusalOf(await pay([overlap!.order_id]));
    expect(refusal).toMatchObject({ error_code: 'CBC.0155', problems: [{ order_id: overlap!.order_id, code: 'CBC.0155' }] });
    expect(await charges()).toEqual([]);

    const paid = await pay([overlap!.order_id], { confirmed: [overlap!.order_id] });
    expect(Payment.parse(await paid.json()).orders[0]?.outcome).toBe('paid');
  });

  it('monthly settlement on an account without it (CBC.99005003), until it is enabled', async () => {
    const currency = (await orders(PREPAID))[0]!.currency;
    const [a] = await plainPayable(1, PREPAID, currency);
    const refusal = await refusalOf(await pay([a!.order_id], { token: PREPAID }));
    expect(refusal).toMatchObject({ error_code: 'CBC.99005003', problems: [{ order_id: null, code: 'CBC.99005003', message: expect.stringContaining('post payment') }] });

    await control('/sandbox/accounts/prepaid', { postpaid: true, monthly_settlement_enabled: true });
    expect(Account.parse(await (await get('/v1/account', PREPAID)).json())).toMatchObject({ postpaid: true, monthly_settlement_enabled: true });
    expect((await pay([a!.order_id], { token: PREPAID })).status).toBe(200);
  });

  it('a total other than the one confirmed: nothing charged, and the service’s quote (412)', async () => {
    const [a] = await plainPayable(1);
    const response = await pay([a!.order_id], { expected: a!.official_amount - 1 });
    expect(response.status).toBe(412);
    const body = PaymentRefusal.parse(await response.json());
    expect(body.quote?.totals.payable).toBe(a!.official_amount);
    expect(await charges()).toEqual([]);
    expect((await pay([a!.order_id], { expected: a!.official_amount })).status).toBe(200);
  });
});

describe('payment history, the current bill, cancelling', () => {
  it('GET /v1/payments lists payments newest first; GET /v1/payments/{id} answers one; the bill adds them up', async () => {
    const [a, b] = await plainPayable(2);
    const first = Payment.parse(await (await pay([a!.order_id])).json());
    const second = Payment.parse(await (await pay([b!.order_id])).json());

    const history = PaymentHistoryPage.parse(await (await get('/v1/payments')).json());
    expect(history.payments.map((p) => p.payment_id)).toEqual([second.payment_id, first.payment_id]);
    expect(history.has_more).toBe(false);
    expect(Payment.parse(await (await get(`/v1/payments/${first.payment_id}`)).json())).toEqual(first);
    expect((await get(`/v1/payments/${first.payment_id}`, PREPAID)).status).toBe(404);

    const bill = CurrentBill.parse(await (await get('/v1/bills/current')).json());
    expect(bill.amounts).toEqual([{ currency: 'USD', amount: a!.official_amount + b!.official_amount }]);
    expect(bill.period).toBe(first.bill?.period);
  });

  it('cancels a pending-payment order (6 → 4), a combined purchase whole, and refuses one not pending payment', async () => {
    const [a] = await plainPayable(1);
    const response = await control(`/v1/orders/${a!.order_id}/cancel`);
    expect(response.status).toBe(401);
    const cancelled = await fetch(`${sandbox.url}/v1/orders/${a!.order_id}/cancel`, { method: 'POST', headers: auth(POSTPAID) });
    expect(cancelled.status).toBe(200);
    expect((await order(a!.order_id)).status).toBe(4);
    const again = await fetch(`${sandbox.url}/v1/orders/${a!.order_id}/cancel`, { method: 'POST', headers: auth(POSTPAID) });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error_code: 'CBC.99003106' });

    const now = await sandboxNow();
    const group = combinedPurchases(await orders()).find((g) => g.length >= 2 && g.every((o) => o.status === 6 && Date.parse(o.expire_time) > now))!;
    const whole = await fetch(`${sandbox.url}/v1/orders/${group[0]!.order_id}/cancel`, { method: 'POST', headers: auth(POSTPAID) });
    expect(((await whole.json()) as { orders: Order[] }).orders.map((o) => [o.order_id, o.status]).sort()).toEqual(group.map((o) => [o.order_id, 4]).sort());
  });
});

describe('POST /v1/payments refuses every broken discount and coupon rule with its code, charging nothing', () => {
  function coupon(id: string, fields: Record<string, unknown> = {}) {
    return {
      coupon_id: id, kind: 303, name: id, currency: 'USD', face_value: 500, balance: 500,
      valid_from: '2020-01-01T00:00:00Z', valid_until: '2099-01-01T00:00:00Z', min_spend: 0,
      service_types: [], order_types: [], combinable_with_discount_kinds: [0, 2, 3, 609], locked_by_order_id: null, ...fields,
    };
  }
  const setCoupons = (coupons: unknown[]) =>
    fetch(`${sandbox.url}/sandbox/accounts/postpaid/coupons`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ coupons }) });

  function payWith(orders: { order_id: string; discount_id?: string; coupon_ids: string[] }[]) {
    return fetch(`${sandbox.url}/v1/payments`, {
      method: 'POST',
      headers: { ...auth(POSTPAID), 'content-type': 'application/json', 'idempotency-key': `rule-${++keys}` },
      body: JSON.stringify({ orders, method: 'monthly_settlement', contract_independence_confirmed: [] }),
    });
  }

  async function discountedOrder(kind: number): Promise<{ order: Order; discountId: string }> {
    const now = await sandboxNow();
    for (const o of await orders()) {
      if (o.status !== 6 || o.combined_order_id !== null || o.contract_overlap || o.currency !== 'USD' || Date.parse(o.expire_time) < now + 3_600_000) continue;
      const found = ((await discountsOf(o.order_id, POSTPAID)) as { discount_id: string; kind: number }[]).find((d) => d.kind === kind);
      if (found) return { order: o, discountId: found.discount_id };
    }
    throw new Error(`no payable USD order with a discount of kind ${kind}`);
  }

  async function expectRefused(response: Response, code: string) {
    const refusal = await refusalOf(response);
    expect(refusal.error_code).toBe(code);
    expect(refusal.problems.map((p) => p.code)).toContain(code);
    expect(await charges()).toEqual([]);
  }

  it('a discount that is not the order’s, or a 609 swapped (CBC.99003108)', async () => {
    const [plainOrder] = await plainPayable(1);
    await expectRefused(await payWith([{ order_id: plainOrder!.order_id, discount_id: 'NOT-ITS-OWN', coupon_ids: [] }]), 'CBC.99003108');
    const { order } = await discountedOrder(609);
    const other = ((await discountsOf(order.order_id, POSTPAID)) as { discount_id: string; kind: number }[]).find((d) => d.kind !== 609);
    const swapped = other?.discount_id ?? 'ANOTHER';
    await expectRefused(await payWith([{ order_id: order.order_id, discount_id: swapped, coupon_ids: [] }]), 'CBC.99003108');
  });

  it('a coupon locked by another order, used twice in the payment, or with no balance (CBC.99003112)', async () => {
    const [a, b] = await plainPayable(2);
    await setCoupons([coupon('LOCKED', { locked_by_order_id: b!.order_id }), coupon('SHARED'), coupon('EMPTY', { balance: 0 })]);
    await expectRefused(await payWith([{ order_id: a!.order_id, coupon_ids: ['LOCKED'] }]), 'CBC.99003112');
    await expectRefused(await payWith([{ order_id: a!.order_id, coupon_ids: ['SHARED'] }, { order_id: b!.order_id, coupon_ids: ['SHARED'] }]), 'CBC.99003112');
    await expectRefused(await payWith([{ order_id: a!.order_id, coupon_ids: ['EMPTY'] }]), 'CBC.99003112');
  });

  it('a coupon not combinable with the chosen discount (CBC.99003116)', async () => {
    const { order, discountId } = await discountedOrder(2);
    await setCoupons([coupon('NO-COMMERCIAL', { combinable_with_discount_kinds: [0, 3] })]);
    await expectRefused(await payWith([{ order_id: order.order_id, discount_id: discountId, coupon_ids: ['NO-COMMERCIAL'] }]), 'CBC.99003116');
  });

  it('a cash coupon with a discount coupon, or two cash coupons (CBC.99003147)', async () => {
    const [a] = await plainPayable(1);
    await setCoupons([coupon('CASH-1', { kind: 301 }), coupon('CASH-2', { kind: 301 }), coupon('RATE', { kind: 300, pay_rate_bp: 9000 })]);
    await expectRefused(await payWith([{ order_id: a!.order_id, coupon_ids: ['CASH-1', 'RATE'] }]), 'CBC.99003147');
    await expectRefused(await payWith([{ order_id: a!.order_id, coupon_ids: ['CASH-1', 'CASH-2'] }]), 'CBC.99003147');
  });

  it('a coupon not applicable for another reason: expired, not yet valid, currency, service type, order type, minimum spend, more than 3 (CBC.0101)', async () => {
    const [a] = await plainPayable(1);
    await setCoupons([
      coupon('OLD', { valid_until: '2021-01-01T00:00:00Z' }),
      coupon('LATER', { valid_from: '2098-01-01T00:00:00Z' }),
      coupon('CNY', { currency: 'CNY' }),
      coupon('OTHER-SERVICE', { service_types: ['hws.service.type.none'] }),
      coupon('OTHER-TYPE', { order_types: [a!.order_type === 1 ? 2 : 1] }),
      coupon('BIG-SPEND', { min_spend: a!.official_amount + 1 }),
      coupon('S1'), coupon('S2'), coupon('S3'), coupon('S4'),
    ]);
    for (const id of ['OLD', 'LATER', 'CNY', 'OTHER-SERVICE', 'OTHER-TYPE', 'BIG-SPEND']) {
      await expectRefused(await payWith([{ order_id: a!.order_id, coupon_ids: [id] }]), 'CBC.0101');
    }
    await expectRefused(await payWith([{ order_id: a!.order_id, coupon_ids: ['S1', 'S2', 'S3', 'S4'] }]), 'CBC.0101');
  });

  it('with its coupons valid, the payment is made and each coupon’s balance drops by what it took', async () => {
    const [a] = await plainPayable(1);
    await setCoupons([coupon('GOOD', { balance: 150 })]);
    const payment = Payment.parse(await (await payWith([{ order_id: a!.order_id, coupon_ids: ['GOOD'] }])).json());
    expect(payment.orders[0]).toMatchObject({ outcome: 'paid', amount_charged: a!.official_amount - 150, coupons: [{ coupon_id: 'GOOD', amount: 150 }] });
    expect(payment.savings).toBe(150);
    const left = ((await (await get(`/v1/coupons?order_ids=${a!.order_id}`)).json()) as { coupons: { coupon_id: string; balance: number }[] }).coupons;
    expect(left.find((c) => c.coupon_id === 'GOOD')?.balance).toBe(0);
  });
});

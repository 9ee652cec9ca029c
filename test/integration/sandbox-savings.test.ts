import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, Order, OrdersPage } from '../../shared/billing-api/schemas';
import { COUPON_KINDS, CouponList, DISCOUNT_KINDS, DiscountList, Quote, type Coupon, type Discount, type QuoteRequest } from '../../shared/billing-api/payment-schemas';
import { couponBlockers, defaultChoice, discountedAmount, type CouponBlockReason, type PricedOrder } from '../../shared/billing/savings';
import { DEMO_ACCOUNT_PROFILES } from '../../sandbox/catalog';
import { generateOrders } from '../../sandbox/seed';
import type { SeededCoupons } from '../../sandbox/savings-seed';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const SEED = 11;
const COUNTS = { ordersPerAccount: 60, largeAccountOrders: 40 };
const TOKENS = { postpaid: 'sbx_postpaid_demo', prepaid: 'sbx_prepaid_demo', large: 'sbx_large_demo' } as const;
const POSTPAID = TOKENS.postpaid;
let sandbox: Sandbox;

const auth = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});
const get = (path: string, token?: string) => fetch(`${sandbox.url}${path}`, { headers: auth(token) });
/** `token` null: no Authorization header. */
const postQuote = (body: unknown, token: string | null = POSTPAID) =>
  fetch(`${sandbox.url}/v1/payments/quote`, { method: 'POST', headers: { ...auth(token ?? undefined), 'content-type': 'application/json' }, body: JSON.stringify(body) });
const putCoupons = (key: string, body: unknown, contentType = 'application/json') =>
  fetch(`${sandbox.url}/sandbox/accounts/${key}/coupons`, { method: 'PUT', headers: { 'content-type': contentType }, body: JSON.stringify(body) });

async function errorOf(res: Response): Promise<[number, string]> {
  return [res.status, ApiError.parse(await res.json()).error_code];
}

async function unpaid(token: string): Promise<{ orders: Order[]; now: number }> {
  const page = OrdersPage.parse(await (await get('/v1/orders?limit=500', token)).json());
  expect(page.has_more).toBe(false);
  return { orders: page.orders.map((o) => Order.parse(o)), now: Date.parse(page.server_time) };
}

async function discountsOf(orderId: string, token: string): Promise<Discount[]> {
  const res = await get(`/v1/orders/${orderId}/discounts`, token);
  expect(res.status).toBe(200);
  return DiscountList.parse(await res.json()).discounts;
}

async function couponsFor(orderIds: readonly string[], token: string): Promise<Coupon[]> {
  const res = await get(`/v1/coupons?order_ids=${orderIds.join(',')}`, token);
  expect(res.status).toBe(200);
  return CouponList.parse(await res.json()).coupons;
}

async function quote(body: QuoteRequest, token: string = POSTPAID): Promise<Quote> {
  const res = await postQuote(body, token);
  expect(res.status, await res.clone().text()).toBe(200);
  return Quote.parse(await res.json());
}

async function priced(order: Order, token: string): Promise<PricedOrder> {
  return { ...order, discounts: await discountsOf(order.order_id, token) };
}

/** Half up, as docs/domain.md says, written out here so the test checks the sandbox's figures on its own. */
const share = (amount: number, bp: number) => Math.floor((amount * bp + 5000) / 10000);

function coupon(id: string, fields: Partial<Coupon> = {}): Coupon {
  return {
    coupon_id: id,
    kind: 303,
    name: `Test coupon ${id}`,
    currency: 'USD',
    face_value: 1_000_000,
    balance: 1_000_000,
    valid_from: '2020-01-01T00:00:00Z',
    valid_until: '2099-01-01T00:00:00Z',
    min_spend: 0,
    service_types: [],
    order_types: [],
    combinable_with_discount_kinds: [0, 2, 3, 609],
    locked_by_order_id: null,
    ...fields,
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ dbPath: ':memory:', port: 0, seed: SEED, ...COUNTS });
});
afterAll(() => sandbox.close());

describe('savings seed', () => {
  it('every order, history included, is priced with its preselected discount; line items split the figure', () => {
    for (const { order, discounts } of generateOrders(SEED, Date.parse('2026-03-02T10:15:00Z'), COUNTS)) {
      const preselected = discounts.filter((d) => d.preselected);
      expect(preselected.length).toBe(discounts.length === 0 ? 0 : 1);
      expect(order.amount_after_discount).toBe(discountedAmount(order.official_amount, preselected[0] ?? null));
      const cloud = order.line_items.filter((i) => i.provider.kind === 'cloud');
      expect(cloud.reduce((s, i) => s + i.amount_after_discount, 0)).toBe(order.amount_after_discount);
      for (const item of order.line_items) {
        expect(item.amount_after_discount).toBeGreaterThanOrEqual(0);
        expect(item.amount_after_discount).toBeLessThanOrEqual(item.official_amount);
      }
    }
  });

  it('is deterministic, coupons included', () => {
    const run = () => {
      const coupons: SeededCoupons[] = [];
      const orders = [...generateOrders(SEED, 1_700_000_000_000, COUNTS, (c) => coupons.push(c))];
      return { orders, coupons };
    };
    expect(run()).toEqual(run());
  });

  it.each(Object.entries(TOKENS))('%s: discounts on about half the orders, every kind, rates and reductions, one preselected (the 609 where there is one)', async (_key, token) => {
    const { orders } = await unpaid(token);
    const kinds = new Set<number>();
    const forms = new Set<string>();
    let discounted = 0;
    for (const order of orders) {
      const discounts = await discountsOf(order.order_id, token);
      if (discounts.length === 0) {
        expect(order.amount_after_discount).toBe(order.official_amount);
        continue;
      }
      discounted += 1;
      for (const d of discounts) {
        kinds.add(d.kind);
        forms.add(d.pay_rate_bp !== undefined ? 'rate' : 'reduction');
        expect(d.mandatory).toBe(d.kind === 609);
        expect(d.description).not.toBe('');
      }
      expect(new Set(discounts.map((d) => d.kind)).size).toBe(discounts.length);
      const preselected = discounts.filter((d) => d.preselected);
      expect(preselected).toHaveLength(1);
      const adjustment = discounts.find((d) => d.kind === 609);
      if (adjustment) expect(preselected[0]).toBe(adjustment);
      expect(order.amount_after_discount).toBe(discountedAmount(order.official_amount, preselected[0] ?? null));
    }
    expect(new Set(kinds)).toEqual(new Set(DISCOUNT_KINDS));
    expect(forms).toEqual(new Set(['rate', 'reduction']));
    expect(discounted / orders.length).toBeGreaterThan(0.3);
    expect(discounted / orders.length).toBeLessThan(0.8);
  });

  it.each(Object.entries(TOKENS))('%s: 40+ coupons of every kind in its currencies, covering every rule', async (key, token) => {
    const { orders, now } = await unpaid(token);
    const coupons = await couponsFor(
      orders.map((o) => o.order_id),
      token,
    );
    const profile = DEMO_ACCOUNT_PROFILES.find((p) => p.key === key);
    const currencies = new Set(orders.map((o) => o.currency));
    expect(coupons.length).toBeGreaterThanOrEqual(40);
    expect(new Set(coupons.map((c) => c.kind))).toEqual(new Set(COUPON_KINDS));
    for (const currency of currencies) expect(new Set(coupons.filter((c) => c.currency === currency).map((c) => c.kind))).toEqual(new Set(COUPON_KINDS));
    expect(coupons.every((c) => currencies.has(c.currency) || c.currency === profile?.currency)).toBe(true);
    expect(coupons.filter((c) => c.kind === 300).every((c) => c.pay_rate_bp !== undefined)).toBe(true);
    expect(coupons.every((c) => c.balance <= c.face_value)).toBe(true);

    expect(coupons.some((c) => Date.parse(c.valid_until) <= now)).toBe(true);
    expect(coupons.some((c) => Date.parse(c.valid_from) > now)).toBe(true);
    expect(coupons.some((c) => c.min_spend > 0)).toBe(true);
    expect(coupons.some((c) => c.service_types.length > 0)).toBe(true);
    expect(coupons.some((c) => c.order_types.length > 0)).toBe(true);
    expect(coupons.some((c) => c.max_deduction_bp !== undefined)).toBe(true);
    expect(coupons.some((c) => c.balance === 0)).toBe(true);
    expect(coupons.some((c) => c.balance > 0 && c.balance < 1_000 * 7)).toBe(true);
    expect(coupons.some((c) => c.balance >= 1_000_000)).toBe(true);
    // Some refuse some discount kinds: one refuses every discount, one only the 609, and those that combine with a 609 list it.
    const partly = coupons.filter((c) => c.combinable_with_discount_kinds.length < DISCOUNT_KINDS.length).map((c) => [...c.combinable_with_discount_kinds].sort((a, b) => a - b));
    expect(partly).toEqual(expect.arrayContaining([[], [0, 2, 3]]));
    expect(partly.some((kinds) => kinds.length > 0 && kinds.includes(609))).toBe(true);
    const locked = coupons.filter((c) => c.locked_by_order_id !== null);
    expect(locked.length).toBeGreaterThan(0);
    for (const c of locked) expect(orders.find((o) => o.order_id === c.locked_by_order_id)).toMatchObject({ status: 6, currency: c.currency });

    // Judged by the shared rules against the account's own orders, every reason a coupon can fail shows up.
    const reasons = new Set<CouponBlockReason>();
    let usable = 0;
    for (const order of orders) {
      const p = await priced(order, token);
      const choice = defaultChoice(p);
      const discount = p.discounts.find((d) => d.discount_id === choice.discount_id) ?? null;
      for (const c of coupons) {
        const blockers = couponBlockers(p, discountedAmount(p.official_amount, discount), discount?.kind ?? null, c, now);
        for (const b of blockers) reasons.add(b.reason);
        if (blockers.length === 0) usable += 1;
      }
    }
    // Only "used by another order of the payment" needs a payment; a wrong currency needs a second one.
    const expected: CouponBlockReason[] = ['expired', 'not_yet_valid', 'no_balance', 'service_type', 'order_type', 'min_spend', 'not_combinable', 'locked'];
    if (currencies.size > 1) expected.push('currency');
    expect([...reasons].sort()).toEqual(expected.sort());
    expect(usable).toBeGreaterThan(0);
  });
});

describe('GET /v1/orders/{order_id}/discounts', () => {
  it('refuses a missing or unknown token (401 CBC.0151), another account’s or an unknown order (404 CBC.30000010)', async () => {
    const [order] = (await unpaid(POSTPAID)).orders;
    for (const token of [undefined, 'sbx_nope']) expect(await errorOf(await get(`/v1/orders/${order?.order_id}/discounts`, token))).toEqual([401, 'CBC.0151']);
    expect(await errorOf(await get(`/v1/orders/${order?.order_id}/discounts`, TOKENS.prepaid))).toEqual([404, 'CBC.30000010']);
    expect(await errorOf(await get('/v1/orders/CS0000000000AAAAA/discounts', POSTPAID))).toEqual([404, 'CBC.30000010']);
  });
});

describe('GET /v1/coupons', () => {
  it('returns the coupons in the currencies of the orders named', async () => {
    const { orders } = await unpaid(POSTPAID);
    const cny = orders.find((o) => o.currency === 'CNY');
    const usd = orders.find((o) => o.currency === 'USD');
    expect(new Set((await couponsFor([cny?.order_id ?? ''], POSTPAID)).map((c) => c.currency))).toEqual(new Set(['CNY']));
    expect(new Set((await couponsFor([usd?.order_id ?? '', cny?.order_id ?? ''], POSTPAID)).map((c) => c.currency))).toEqual(new Set(['USD', 'CNY']));
    const prepaid = (await unpaid(TOKENS.prepaid)).orders;
    expect(new Set((await couponsFor([prepaid[0]?.order_id ?? ''], TOKENS.prepaid)).map((c) => c.currency))).toEqual(new Set(['CNY']));
  });

  it('refuses: no token 401; no ids or more than 500 400 CBC.0100; an order not the account’s 400 CBC.30000010', async () => {
    const { orders } = await unpaid(POSTPAID);
    const id = orders[0]?.order_id ?? '';
    expect(await errorOf(await get(`/v1/coupons?order_ids=${id}`))).toEqual([401, 'CBC.0151']);
    expect(await errorOf(await get('/v1/coupons', POSTPAID))).toEqual([400, 'CBC.0100']);
    expect(await errorOf(await get('/v1/coupons?order_ids=,', POSTPAID))).toEqual([400, 'CBC.0100']);
    const many = Array.from({ length: 501 }, (_, i) => `CS0000000000${String(i).padStart(5, '0')}`);
    expect(await errorOf(await get(`/v1/coupons?order_ids=${many.join(',')}`, POSTPAID))).toEqual([400, 'CBC.0100']);
    expect(await errorOf(await get(`/v1/coupons?order_ids=${id}`, TOKENS.prepaid))).toEqual([400, 'CBC.30000010']);
    expect(await errorOf(await get(`/v1/coupons?order_ids=${id},CS0000000000AAAAA`, POSTPAID))).toEqual([400, 'CBC.30000010']);
  });
});

describe('PUT /sandbox/accounts/{key}/coupons', () => {
  it('replaces that account’s coupons and no other’s; refuses a bad body, an unknown account, a non-JSON type', async () => {
    const prepaidId = (await unpaid(TOKENS.prepaid)).orders[0]?.order_id ?? '';
    const prepaidBefore = await couponsFor([prepaidId], TOKENS.prepaid);
    const set = [coupon('T-1', { kind: 301, balance: 500, face_value: 1000 }), coupon('T-2', { currency: 'CNY', kind: 300, pay_rate_bp: 9000 })];
    const res = await putCoupons('large', { coupons: set });
    expect(res.status).toBe(200);
    expect(CouponList.parse(await res.json()).coupons).toEqual(set);
    const large = (await unpaid(TOKENS.large)).orders;
    expect(await couponsFor([large.find((o) => o.currency === 'USD')?.order_id ?? ''], TOKENS.large)).toEqual([set[0]]);
    expect(await couponsFor([prepaidId], TOKENS.prepaid)).toEqual(prepaidBefore);

    expect(await errorOf(await putCoupons('large', { coupons: [{ coupon_id: 'x' }] }))).toEqual([400, 'CBC.0100']);
    expect(await errorOf(await putCoupons('large', { coupons: [set[0], set[0]] }))).toEqual([400, 'CBC.0100']);
    expect(await errorOf(await putCoupons('nobody', { coupons: [] }))).toEqual([404, 'CBC.0100']);
    expect(await errorOf(await putCoupons('large', { coupons: [] }, 'text/plain'))).toEqual([415, 'CBC.0100']);
  });
});

describe('POST /v1/payments/quote', () => {
  /** Postpaid USD orders to quote: one without discounts, one with a 609, one with other discounts. */
  let plain: Order;
  let adjusted: PricedOrder;
  let withDiscounts: PricedOrder;
  let other: Order;
  const known = () => [
    coupon('C300', { kind: 300, pay_rate_bp: 9000 }),
    coupon('C301A', { kind: 301, balance: 5000 }),
    coupon('C301B', { kind: 301, balance: 3000 }),
    coupon('C302', { kind: 302, max_deduction_bp: 2000 }),
    coupon('C303', { kind: 303, balance: 700 }),
    coupon('C303-NOCOMBINE', { combinable_with_discount_kinds: [] }),
    coupon('C303-EMPTY', { balance: 0 }),
    coupon('CEXPIRED', { kind: 301, valid_from: '2020-01-01T00:00:00Z', valid_until: '2021-01-01T00:00:00Z' }),
    coupon('CLATER', { valid_from: '2099-01-01T00:00:00Z', valid_until: '2099-06-01T00:00:00Z' }),
    coupon('CLOCKED', { kind: 302, locked_by_order_id: other.order_id }),
    coupon('CMINSPEND', { min_spend: 1_000_000_000 }),
    coupon('CSERVICE', { service_types: ['hws.service.type.none'] }),
    coupon('CORDERTYPE', { order_types: [plain.order_type === 1 ? 2 : 1] }),
    coupon('CCNY', { currency: 'CNY' }),
  ];

  beforeAll(async () => {
    const orders = (await unpaid(POSTPAID)).orders.filter((o) => o.currency === 'USD' && o.status === 6);
    const all = await Promise.all(orders.map((o) => priced(o, POSTPAID)));
    const byId = new Map(orders.map((o) => [o.order_id, o]));
    plain = byId.get(all.find((p) => p.discounts.length === 0)?.order_id ?? '') as Order;
    adjusted = all.find((p) => p.discounts.some((d) => d.kind === 609)) as PricedOrder;
    withDiscounts = all.find((p) => p.discounts.length > 0 && p.discounts.every((d) => d.kind !== 609)) as PricedOrder;
    other = orders.find((o) => ![plain, adjusted, withDiscounts].some((p) => p.order_id === o.order_id)) as Order;
    expect([plain, adjusted, withDiscounts, other].every(Boolean)).toBe(true);
    expect((await putCoupons('postpaid', { coupons: known() })).status).toBe(200);
  });

  it('a discount coupon then a capped flexi-purchase coupon, figured by hand', async () => {
    const x = plain.official_amount;
    const t300 = x - share(x, 9000);
    const t302 = Math.min(x - t300, share(x, 2000));
    const q = await quote({ method: 'card', orders: [{ order_id: plain.order_id, coupon_ids: ['C302', 'C300'] }] });
    expect(q.orders).toEqual([
      { order_id: plain.order_id, official: x, discount: null, coupons: [{ coupon_id: 'C300', amount: t300 }, { coupon_id: 'C302', amount: t302 }], payable: x - t300 - t302, problems: [] },
    ]);
    expect(q.totals).toEqual({ official: x, discounts: 0, coupons: t300 + t302, payable: x - t300 - t302, currency: 'USD' });
  });

  it('a 609 applies without being named; a cash coupon and a small card take their balances; orders add up', async () => {
    const mandatory = adjusted.discounts.find((d) => d.kind === 609) as Discount;
    const x = adjusted.official_amount;
    const discounted = mandatory.pay_rate_bp !== undefined ? share(x, mandatory.pay_rate_bp) : Math.max(0, x - (mandatory.reduction ?? 0));
    const cash = Math.min(5000, discounted);
    const card = Math.min(700, discounted - cash);
    const y = plain.official_amount;
    const q = await quote({
      method: 'card',
      orders: [
        { order_id: adjusted.order_id, coupon_ids: ['C303', 'C301A'] },
        { order_id: plain.order_id, coupon_ids: ['C301B'] },
      ],
    });
    expect(q.orders[0]).toEqual({
      order_id: adjusted.order_id,
      official: x,
      discount: { discount_id: mandatory.discount_id, amount: x - discounted },
      coupons: [{ coupon_id: 'C301A', amount: cash }, { coupon_id: 'C303', amount: card }],
      payable: discounted - cash - card,
      problems: [],
    });
    expect(q.orders[1]).toMatchObject({ coupons: [{ coupon_id: 'C301B', amount: Math.min(3000, y) }], payable: y - Math.min(3000, y), problems: [] });
    expect(q.totals).toEqual({
      official: x + y,
      discounts: x - discounted,
      coupons: cash + card + Math.min(3000, y),
      payable: discounted - cash - card + y - Math.min(3000, y),
      currency: 'USD',
    });
  });

  it('lists every broken rule per order with its code', async () => {
    const codes = async (orderId: string, couponIds: string[], discountId?: string) => {
      const q = await quote({ method: 'card', orders: [{ order_id: orderId, coupon_ids: couponIds, ...(discountId ? { discount_id: discountId } : {}) }] });
      return q.orders[0]?.problems.map((p) => p.code);
    };
    expect(await codes(plain.order_id, ['C301A', 'C301B'])).toEqual(['CBC.99003147']);
    expect(await codes(plain.order_id, ['C300', 'C301A'])).toEqual(['CBC.99003147']);
    expect(await codes(plain.order_id, ['CEXPIRED'])).toEqual(['CBC.0101']);
    expect(await codes(plain.order_id, ['CLATER'])).toEqual(['CBC.0101']);
    expect(await codes(plain.order_id, ['CMINSPEND'])).toEqual(['CBC.0101']);
    expect(await codes(plain.order_id, ['CSERVICE'])).toEqual(['CBC.0101']);
    expect(await codes(plain.order_id, ['CORDERTYPE'])).toEqual(['CBC.0101']);
    expect(await codes(plain.order_id, ['CCNY'])).toEqual(['CBC.0101']);
    expect(await codes(plain.order_id, ['C300', 'C302', 'C303', 'C303-NOCOMBINE'])).toEqual(['CBC.0101']);
    expect(await codes(plain.order_id, ['CLOCKED'])).toEqual(['CBC.99003112']);
    expect(await codes(other.order_id, ['CLOCKED'])).toEqual([]);
    expect(await codes(plain.order_id, ['C303-EMPTY'])).toEqual(['CBC.99003112']);
    expect(await codes(plain.order_id, ['C303-NOCOMBINE'])).toEqual([]);
    const chosen = withDiscounts.discounts[0] as Discount;
    expect(await codes(withDiscounts.order_id, ['C303-NOCOMBINE'], chosen.discount_id)).toEqual(['CBC.99003116']);
    expect(await codes(withDiscounts.order_id, ['C303-NOCOMBINE'])).toEqual([]);
    expect(await codes(withDiscounts.order_id, [], adjusted.discounts[0]?.discount_id)).toEqual(['CBC.99003108']);
    const swap = withDiscounts.discounts[0]?.discount_id;
    expect(await codes(adjusted.order_id, [], swap)).toEqual(['CBC.99003108']);

    const twice = await quote({
      method: 'card',
      orders: [
        { order_id: plain.order_id, coupon_ids: ['C302'] },
        { order_id: other.order_id, coupon_ids: ['C302'] },
      ],
    });
    expect(twice.orders.map((o) => o.problems.map((p) => p.code))).toEqual([[], ['CBC.99003112']]);
  });

  it('refuses the request: empty, more than 30, mixed currencies, a bad body (CBC.0100); an order not the account’s (CBC.30000010); no token (401)', async () => {
    const all = (await unpaid(POSTPAID)).orders;
    const cny = all.find((o) => o.currency === 'CNY') as Order;
    expect(await errorOf(await postQuote({ method: 'card', orders: [] }))).toEqual([400, 'CBC.0100']);
    const many = Array.from({ length: 31 }, (_, i) => ({ order_id: all[i]?.order_id ?? `CS0000000000X${i}` }));
    expect(await errorOf(await postQuote({ method: 'card', orders: many }))).toEqual([400, 'CBC.0100']);
    expect(await errorOf(await postQuote({ method: 'card', orders: [{ order_id: plain.order_id }, { order_id: cny.order_id }] }))).toEqual([400, 'CBC.0100']);
    expect(await errorOf(await postQuote({ method: 'card', orders: [{ order_id: plain.order_id }, { order_id: plain.order_id }] }))).toEqual([400, 'CBC.0100']);
    expect(await errorOf(await postQuote({ method: 'cash', orders: [{ order_id: plain.order_id }] }))).toEqual([400, 'CBC.0100']);
    expect(await errorOf(await postQuote({ method: 'card', orders: [{ order_id: 'CS0000000000AAAAA' }] }))).toEqual([400, 'CBC.30000010']);
    expect(await errorOf(await postQuote({ method: 'card', orders: [{ order_id: plain.order_id }] }, TOKENS.prepaid))).toEqual([400, 'CBC.30000010']);
    expect(await errorOf(await postQuote({ method: 'card', orders: [{ order_id: plain.order_id }] }, null))).toEqual([401, 'CBC.0151']);
  });

  it('best_savings does at least as well as a hand-picked choice, with every coupon it uses judged usable', async () => {
    const picked = await quote({
      method: 'card',
      orders: [
        { order_id: plain.order_id, coupon_ids: ['C300', 'C302'] },
        { order_id: adjusted.order_id, coupon_ids: ['C301A', 'C303'] },
      ],
    });
    const best = await quote({ method: 'card', best_savings: true, orders: [{ order_id: plain.order_id }, { order_id: adjusted.order_id }] });
    expect(best.optimal).toBe(true);
    expect(best.totals.payable).toBeLessThanOrEqual(picked.totals.payable);
    expect(best.orders.flatMap((o) => o.problems)).toEqual([]);
    expect(best.orders[1]?.discount?.discount_id).toBe(adjusted.discounts.find((d) => d.kind === 609)?.discount_id);
    const used = best.orders.flatMap((o) => o.coupons.map((c) => c.coupon_id));
    expect(new Set(used).size).toBe(used.length);
  });

  it('locks and consumes nothing: balances and locks are as before', async () => {
    const ids = [plain.order_id, other.order_id];
    const before = await couponsFor(ids, POSTPAID);
    await quote({
      method: 'card',
      orders: [
        { order_id: other.order_id, coupon_ids: ['CLOCKED', 'C301A', 'C303'] },
        { order_id: plain.order_id, coupon_ids: ['C300', 'C302'] },
      ],
    });
    expect(await couponsFor(ids, POSTPAID)).toEqual(before);
    expect(before).toEqual(known().filter((c) => c.currency === 'USD'));
  });
});

describe('POST /v1/payments/quote with best_savings', () => {
  it('answers a total no higher than the default choices, over the seeded coupons, and says whether it is optimal', async () => {
    const { orders } = await unpaid(TOKENS.prepaid);
    const payable = orders.filter((o) => o.status === 6).slice(0, 8);
    const before = await couponsFor(
      payable.map((o) => o.order_id),
      TOKENS.prepaid,
    );
    const defaults = await Promise.all(payable.map(async (o) => defaultChoice(await priced(o, TOKENS.prepaid))));
    const plainQuote = await quote({ method: 'card', orders: defaults.map((c) => ({ ...c, coupon_ids: [...c.coupon_ids] })) }, TOKENS.prepaid);
    const best = await quote({ method: 'card', best_savings: true, orders: payable.map((o) => ({ order_id: o.order_id, coupon_ids: ['ignored'] })) }, TOKENS.prepaid);
    expect(typeof best.optimal).toBe('boolean');
    expect(best.totals.payable).toBeLessThanOrEqual(plainQuote.totals.payable);
    expect(best.orders.every((o) => o.problems.length === 0)).toBe(true);
    expect(best.orders.map((o) => o.order_id)).toEqual(payable.map((o) => o.order_id));
    // The seeded coupons include plain ones in CNY, so there is something to save.
    expect(best.totals.payable).toBeLessThan(plainQuote.totals.payable);
    expect(await couponsFor(payable.map((o) => o.order_id), TOKENS.prepaid)).toEqual(before);
  });

  it('answers 30 orders within its time budget, optimal or not', async () => {
    const payable = (await unpaid(TOKENS.prepaid)).orders.filter((o) => o.status === 6).slice(0, 30);
    expect(payable.length).toBe(30);
    const started = performance.now();
    const best = await quote({ method: 'card', best_savings: true, orders: payable.map((o) => ({ order_id: o.order_id })) }, TOKENS.prepaid);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(typeof best.optimal).toBe('boolean');
    expect(best.orders.flatMap((o) => o.problems)).toEqual([]);
  });
});

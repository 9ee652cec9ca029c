/**
 * Discounts, coupons and the quote (docs/domain.md, "Savings: discounts and coupons"): what an order
 * may save and what a payment would cost, judged by the one implementation of the arithmetic in
 * shared/billing/savings.ts. A quote changes nothing: no balance is taken, no coupon locked.
 * Plus the control API's PUT of an account's coupons, for tests that need a small known set.
 */
import { MAX_COUPON_QUERY_ORDERS, CouponList, QuoteRequest, type Coupon, type Discount, type Quote } from '../shared/billing-api/payment-schemas';
import { ErrorCode, type Order } from '../shared/billing-api/schemas';
import { MAX_ORDERS_PER_PAYMENT } from '../shared/domain/orders';
import { bestSavings } from '../shared/billing/best-savings';
import { quoteOrders, type Choice, type PricedOrder } from '../shared/billing/savings';
import { DEMO_ACCOUNT_PROFILES, type DemoAccountProfile } from './catalog';
import { HttpError, badParameter, jsonReply, parseInput, readJsonBody } from './http';
import type { Route } from './router';
import { authenticate } from './routes-billing';
import type { SandboxState } from './state';

/** How long a best_savings quote may search before answering the best it found (`optimal: false`). */
export const BEST_SAVINGS_BUDGET_MS = 500;

const orderNotFound = (orderId: string) => new HttpError(404, ErrorCode.OrderNotFound, `order ${orderId} does not exist`);

/**
 * The account's orders with these ids as the savings rules read them. An id the account has no
 * order for is a bad request here (400 CBC.30000010): the request, not the path, names it.
 */
function pricedOrders(state: SandboxState, account: DemoAccountProfile, orderIds: readonly string[]): PricedOrder[] {
  const discounts = state.store.savings.discountsFor(orderIds);
  return orderIds.map((orderId) => {
    const row = state.store.order(orderId);
    // Another account's order is reported as missing, as everywhere: ids must not reveal what others bought.
    if (!row || row.customerId !== account.customer_id) throw new HttpError(400, ErrorCode.OrderNotFound, `order ${orderId} does not exist`);
    const order = JSON.parse(row.json) as Order;
    return {
      order_id: order.order_id,
      official_amount: order.official_amount,
      currency: order.currency,
      service_type_code: order.service_type_code,
      order_type: order.order_type,
      discounts: discounts.get(orderId) ?? [],
    };
  });
}

function couponOrderIds(url: URL): string[] {
  const ids = [...new Set((url.searchParams.get('order_ids') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== ''))];
  if (ids.length === 0) throw badParameter('order_ids: give the ids of one or more orders, separated by commas');
  if (ids.length > MAX_COUPON_QUERY_ORDERS) throw badParameter(`order_ids: at most ${MAX_COUPON_QUERY_ORDERS} orders at once, got ${ids.length}`);
  return ids;
}

export function savingsRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/v1\/orders\/(?<orderId>[^/]+)\/discounts$/,
      handle: ({ req, params }) => {
        const account = authenticate(state, req);
        const orderId = params.orderId ?? '';
        const row = state.store.order(orderId);
        if (!row || row.customerId !== account.customer_id) throw orderNotFound(orderId);
        const discounts: Discount[] = state.store.savings.discountsFor([orderId]).get(orderId) ?? [];
        return jsonReply(200, { discounts });
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/coupons$/,
      handle: ({ req, url }) => {
        const account = authenticate(state, req);
        const orders = pricedOrders(state, account, couponOrderIds(url));
        const currencies = [...new Set(orders.map((o) => o.currency))];
        const coupons: Coupon[] = state.store.savings.couponsFor(account.customer_id, currencies);
        return jsonReply(200, { coupons });
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/payments\/quote$/,
      handle: async ({ req }) => {
        const account = authenticate(state, req);
        const request = parseInput(QuoteRequest, await readJsonBody(req));
        const ids = request.orders.map((o) => o.order_id);
        if (ids.length === 0) throw badParameter('a quote needs at least one order');
        if (ids.length > MAX_ORDERS_PER_PAYMENT) throw badParameter(`a payment holds at most ${MAX_ORDERS_PER_PAYMENT} orders, got ${ids.length}`);
        if (new Set(ids).size !== ids.length) throw badParameter('an order is named more than once');
        const orders = pricedOrders(state, account, ids);
        const currencies = [...new Set(orders.map((o) => o.currency))];
        if (currencies.length > 1) throw badParameter(`a payment is in one currency; these orders are in ${currencies.join(', ')}`);
        const coupons = state.store.savings.couponsFor(account.customer_id, currencies);
        const now = state.clock.now();
        if (request.best_savings === true) {
          // The choices' discounts and coupons are ignored: the search picks them.
          const best = bestSavings(orders, coupons, now, { budgetMs: BEST_SAVINGS_BUDGET_MS });
          const quote: Quote = { ...quoteOrders(orders, best.choices, coupons, now), optimal: best.optimal };
          return jsonReply(200, quote);
        }
        const choices: Choice[] = request.orders.map((o) => ({ order_id: o.order_id, discount_id: o.discount_id, coupon_ids: o.coupon_ids }));
        const quote: Quote = quoteOrders(orders, choices, coupons, now);
        return jsonReply(200, quote);
      },
    },
  ];
}

/** `PUT /sandbox/accounts/{key}/coupons`: the account's coupons become exactly these. */
export function savingsControlRoutes(state: SandboxState): Route[] {
  return [
    {
      method: 'PUT',
      path: /^\/sandbox\/accounts\/(?<key>[^/]+)\/coupons$/,
      handle: async ({ req, params }) => {
        const account = DEMO_ACCOUNT_PROFILES.find((p) => p.key === params.key);
        if (!account) throw new HttpError(404, ErrorCode.BadParameter, `no such demo account: ${params.key ?? ''} (postpaid, prepaid or large)`);
        const { coupons } = parseInput(CouponList, await readJsonBody(req));
        const ids = coupons.map((c) => c.coupon_id);
        if (new Set(ids).size !== ids.length) throw badParameter('a coupon_id is given more than once');
        state.store.savings.replaceCoupons(account.customer_id, coupons);
        return jsonReply(200, { coupons: state.store.savings.couponsFor(account.customer_id) });
      },
    },
  ];
}

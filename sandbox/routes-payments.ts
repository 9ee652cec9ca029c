/**
 * Paying (/v1/payments, /v1/bills/current, cancelling an order) and the control API's view of it
 * (/sandbox/charges, /sandbox/accounts/{key}). A payment request is judged whole first and refused
 * with every broken rule; one that passes pays each combined purchase that is still payable and
 * reports the others with the reason. The Idempotency-Key makes sending it again safe.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import {
  IDEMPOTENCY_KEY_HEADER,
  PAYABLE_CHANGED_HTTP_STATUS,
  PaymentRequest,
  type CurrentBill,
  type OrderProblem,
  type PaidOrder,
  type Payment,
  type PaymentHistoryPage,
  type PaymentRefusal,
} from '../shared/billing-api/payment-schemas';
import { ErrorCode, type Order } from '../shared/billing-api/schemas';
import { monthlyBillFor } from '../shared/billing/monthly-bill';
import { OrderStatus } from '../shared/domain/orders';
import { isoUtc } from './clock';
import { HttpError, badParameter, jsonReply, parseInput, readJsonBody, type Reply } from './http';
import { PAID_STATUS, orderSetProblems, outcomeOf, paymentProblems, priceRequest, type RequestContext } from './payment-judge';
import type { Route } from './router';
import type { Authenticate } from './routes-billing';
import type { SandboxState } from './state';

const MAX_KEY_LENGTH = 255;
const HISTORY_PAGE_SIZE = 50;
const AccountSettingsRequest = z.strictObject({ monthly_settlement_enabled: z.boolean().optional(), postpaid: z.boolean().optional() });

/** An order's current JSON, parsed; the store keeps exactly what the API sends. */
const parsedOrder = (json: string) => JSON.parse(json) as Order;

export function paymentRoutes(state: SandboxState, authenticate: Authenticate): Route[] {
  return [
    {
      method: 'POST',
      path: /^\/v1\/payments$/,
      handle: async ({ req }) => pay(state, authenticate(req).customer_id, req),
    },
    {
      method: 'GET',
      path: /^\/v1\/payments$/,
      handle: ({ req, url }) => history(state, authenticate(req).customer_id, url),
    },
    {
      method: 'GET',
      path: /^\/v1\/payments\/(?<paymentId>[^/]+)$/,
      handle: ({ req, params }) => {
        const body = state.store.payments.payment(authenticate(req).customer_id, params.paymentId ?? '');
        if (body === undefined) throw new HttpError(404, ErrorCode.BadParameter, 'payment does not exist');
        return { status: 200, body };
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/bills\/current$/,
      handle: ({ req }) => {
        const account = authenticate(req);
        const now = state.clock.now();
        const bill = monthlyBillFor(now);
        const monthStart = isoUtc(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1));
        const current: CurrentBill = { ...bill, charged_on: bill.generated_on, amounts: state.store.payments.settledSince(account.customer_id, monthStart) };
        return jsonReply(200, current);
      },
    },
    {
      method: 'POST',
      path: /^\/v1\/orders\/(?<orderId>[^/]+)\/cancel$/,
      handle: ({ req, params }) => cancel(state, authenticate(req).customer_id, params.orderId ?? ''),
    },
    {
      method: 'GET',
      path: /^\/sandbox\/charges$/,
      handle: () => jsonReply(200, { charges: state.store.payments.charges() }),
    },
    {
      method: 'POST',
      path: /^\/sandbox\/accounts\/(?<key>[^/]+)$/,
      handle: async ({ req, params }) => {
        const profile = state.demoAccounts().find((a) => a.key === params.key);
        if (!profile) throw new HttpError(404, ErrorCode.BadParameter, `no demo account ${params.key ?? ''}`);
        const change = parseInput(AccountSettingsRequest, await readJsonBody(req));
        state.store.payments.saveSettings(profile.customer_id, { postpaid: change.postpaid ?? profile.postpaid, monthly_settlement_enabled: change.monthly_settlement_enabled ?? profile.monthly_settlement_enabled });
        return jsonReply(200, { account: state.demoAccounts().find((a) => a.key === params.key) });
      },
    },
  ];
}

/** The orders named, with every member of their combined purchases, as the service has them now. */
function context(state: SandboxState, customerId: string, orderIds: readonly string[]): RequestContext {
  const known = new Map<string, Order>();
  for (const id of orderIds) {
    const row = state.store.order(id);
    // Another account's order is reported as missing: ids must not reveal what others bought.
    if (row && row.customerId === customerId) known.set(id, parsedOrder(row.json));
  }
  const combinedIds = [...new Set([...known.values()].flatMap((o) => o.combined_order_id ?? []))];
  const groups = new Map<string, Order[]>();
  for (const json of state.store.combinedPurchaseMembers(customerId, combinedIds)) {
    const order = parsedOrder(json);
    const group = groups.get(order.combined_order_id!) ?? [];
    group.push(order);
    groups.set(order.combined_order_id!, group);
  }
  const currencies = [...new Set([...known.values()].map((o) => o.currency))];
  return {
    known,
    groups,
    discounts: state.store.savings.discountsFor([...known.keys()]),
    coupons: state.store.savings.couponsFor(customerId, currencies),
    now: state.clock.now(),
  };
}

function refusal(problems: readonly OrderProblem[]): HttpError & { reply: Reply } {
  const first = problems[0]!;
  const body: PaymentRefusal = { error_code: first.code, error_msg: first.message, problems: [...problems] };
  return Object.assign(new HttpError(400, first.code, first.message), { reply: jsonReply(400, body) });
}

async function pay(state: SandboxState, customerId: string, req: IncomingMessage): Promise<Reply> {
  const key = req.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
  if (typeof key !== 'string' || key.trim() === '' || key.length > MAX_KEY_LENGTH) {
    throw badParameter(`the ${IDEMPOTENCY_KEY_HEADER} header is required (1 to ${MAX_KEY_LENGTH} characters)`);
  }
  const request = parseInput(PaymentRequest, await readJsonBody(req));
  const bodyHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const payments = state.store.payments;
  const seen = payments.keyState(customerId, key);
  if (seen) {
    if (seen.bodyHash !== bodyHash) throw new HttpError(409, ErrorCode.BadParameter, `${IDEMPOTENCY_KEY_HEADER} ${key} was used for another request`);
    if (seen.state === 'running') throw new HttpError(409, ErrorCode.BadParameter, `a request with ${IDEMPOTENCY_KEY_HEADER} ${key} is still being processed`);
    return { status: seen.status, body: seen.body };
  }
  payments.claimKey(customerId, key, bodyHash);
  try {
    const reply = await state.faults.whilePaying(() => decide(state, customerId, key, request));
    payments.answerKey(customerId, key, reply.status, reply.body);
    return reply;
  } catch (error) {
    payments.releaseKey(customerId, key);
    throw error;
  }
}

/** Judges and, when the request passes, pays, all in one transaction with the key's answer. */
function decide(state: SandboxState, customerId: string, key: string, request: z.output<typeof PaymentRequest>): Reply {
  const choices = request.orders;
  const ctx = context(state, customerId, choices.map((c) => c.order_id));
  const setProblems = orderSetProblems(choices, ctx);
  if (setProblems.length > 0) return refusal(setProblems).reply;
  const quote = priceRequest(choices, ctx);
  const problems = paymentProblems(
    {
      orders: [...ctx.known.values()],
      choices,
      method: request.method,
      contractConfirmed: request.contract_independence_confirmed,
      monthlySettlementEnabled: state.accountSettings(customerId).monthly_settlement_enabled,
    },
    quote.orders,
  );
  if (problems.length > 0) return refusal(problems).reply;
  if (request.expected_payable !== undefined && request.expected_payable !== quote.totals.payable) {
    const body: PaymentRefusal = {
      error_code: ErrorCode.InvalidParameter,
      error_msg: `The payable amount is now ${quote.totals.payable}, not ${request.expected_payable}: confirm the new amount.`,
      problems: [],
      quote: { orders: quote.orders, totals: quote.totals },
    };
    return jsonReply(PAYABLE_CHANGED_HTTP_STATUS, body);
  }

  return state.store.payments.transaction(() => {
    const now = state.clock.now();
    const orders: PaidOrder[] = quote.orders.map((q) => {
      const order = ctx.known.get(q.order_id)!;
      const members = order.combined_order_id ? (ctx.groups.get(order.combined_order_id) ?? [order]) : [order];
      const { outcome } = outcomeOf(members, now);
      if (outcome !== 'paid') return { order_id: q.order_id, outcome, new_status: order.status, amount_charged: 0, discount: null, coupons: [] };
      return { order_id: q.order_id, outcome, new_status: PAID_STATUS, amount_charged: q.payable, discount: q.discount, coupons: q.coupons };
    });
    const paid = orders.filter((o) => o.outcome === 'paid');
    for (const o of paid) state.store.setStatus(o.order_id, PAID_STATUS, now);
    state.store.savings.consumeCoupons(customerId, paid.flatMap((o) => o.coupons.map((c) => ({ ...c, order_id: o.order_id }))));
    const payment: Payment = {
      payment_id: `PAY${isoUtc(now).slice(0, 10).replaceAll('-', '')}${randomBytes(6).toString('hex').toUpperCase()}`,
      status: paid.length === orders.length ? 'completed' : paid.length > 0 ? 'partially_completed' : 'failed',
      method: request.method,
      currency: quote.totals.currency,
      amount_charged: paid.reduce((sum, o) => sum + o.amount_charged, 0),
      savings: paid.reduce((sum, o) => sum + (ctx.known.get(o.order_id)!.official_amount - o.amount_charged), 0),
      created_at: isoUtc(now),
      ...(request.method === 'monthly_settlement' ? { bill: monthlyBillFor(now) } : {}),
      orders,
    };
    state.store.payments.recordPayment(customerId, payment, key);
    return jsonReply(200, payment);
  });
}

function history(state: SandboxState, customerId: string, url: URL): Reply {
  const cursor = url.searchParams.get('cursor');
  const before = cursor === null || cursor === '' ? Number.MAX_SAFE_INTEGER : Number(cursor);
  if (!Number.isSafeInteger(before) || before < 0) throw badParameter('malformed cursor');
  const rows = state.store.payments.history(customerId, before, HISTORY_PAGE_SIZE + 1);
  const page = rows.slice(0, HISTORY_PAGE_SIZE);
  const hasMore = rows.length > HISTORY_PAGE_SIZE;
  const body: PaymentHistoryPage = {
    payments: page.map((r) => JSON.parse(r.body) as Payment),
    next_cursor: hasMore ? String(page.at(-1)!.seq) : null,
    has_more: hasMore,
  };
  return jsonReply(200, body);
}

/** Status 6 → 4; a combined purchase is cancelled whole. */
function cancel(state: SandboxState, customerId: string, orderId: string): Reply {
  const ctx = context(state, customerId, [orderId]);
  const order = ctx.known.get(orderId);
  if (!order) throw new HttpError(404, ErrorCode.OrderNotFound, 'order does not exist');
  const members = order.combined_order_id ? (ctx.groups.get(order.combined_order_id) ?? [order]) : [order];
  const unpayable = members.find((m) => m.status !== OrderStatus.PendingPayment);
  if (unpayable) {
    throw new HttpError(409, ErrorCode.OrderStatusChanged, `order ${unpayable.order_id} is not pending payment (status ${unpayable.status}); nothing was cancelled`);
  }
  const now = state.clock.now();
  const cancelled = state.store.payments.transaction(() => members.map((m) => parsedOrder(state.store.setStatus(m.order_id, OrderStatus.Cancelled, now)!.json)));
  return jsonReply(200, { orders: cancelled });
}

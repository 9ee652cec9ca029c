/**
 * Paying (/v1/payments, /v1/bills/current, cancelling an order) and the control API's view of it
 * (/sandbox/charges, /sandbox/accounts/{key}). A payment request is judged whole first and refused
 * with every broken rule; one that passes pays each combined purchase that is still payable and
 * reports the others with the reason. The Idempotency-Key makes sending it again safe.
 */
import { createHash } from 'node:crypto';
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
  type PaymentStatus,
  type QuotedOrder,
  type CardPaymentSettings,
} from '../shared/billing-api/payment-schemas';
import type { CardOnFile, CardProcessor } from './card-processor';
import { ErrorCode, type Order } from '../shared/billing-api/schemas';
import { monthlyBillFor } from '../shared/billing/monthly-bill';
import { OrderStatus } from '../shared/domain/orders';
import { isoUtc } from './clock';
import { HttpError, badParameter, jsonReply, parseInput, readJsonBody, type Reply } from './http';
import { PAID_STATUS, cardNotAccepted, orderSetProblems, outcomeOf, paymentProblems, priceRequest, type RequestContext } from './payment-judge';
import type { Route } from './router';
import type { Authenticate } from './routes-billing';
import type { SandboxState } from './state';

const MAX_KEY_LENGTH = 255;
const HISTORY_PAGE_SIZE = 50;
const AccountSettingsRequest = z.strictObject({ monthly_settlement_enabled: z.boolean().optional(), postpaid: z.boolean().optional() });

/** An order's current JSON, parsed; the store keeps exactly what the API sends. */
const parsedOrder = (json: string) => JSON.parse(json) as Order;

export function paymentRoutes(state: SandboxState, authenticate: Authenticate, cards: CardProcessor): Route[] {
  const confirming = new Set<string>();
  return [
    {
      method: 'POST',
      path: /^\/v1\/payments$/,
      handle: async ({ req }) => pay(state, cards, authenticate(req).customer_id, req),
    },
    {
      method: 'POST',
      path: /^\/v1\/payments\/(?<paymentId>[^/]+)\/confirm$/,
      handle: async ({ req, params }) => {
        const customerId = authenticate(req).customer_id;
        const paymentId = params.paymentId ?? '';
        if (confirming.has(paymentId)) throw new HttpError(409, ErrorCode.BadParameter, `payment ${paymentId} is being confirmed already`);
        confirming.add(paymentId);
        try {
          return await confirmCard(state, cards, customerId, paymentId);
        } finally {
          confirming.delete(paymentId);
        }
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/card-payments$/,
      handle: ({ req }) => {
        authenticate(req);
        const settings: CardPaymentSettings = { processor: 'stripe', publishable_key: cards.publishableKey };
        return jsonReply(200, settings);
      },
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

async function pay(state: SandboxState, cards: CardProcessor, customerId: string, req: IncomingMessage): Promise<Reply> {
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
    return { status: seen.status, body: currentBody(state, customerId, seen.body) };
  }
  payments.claimKey(customerId, key, bodyHash);
  try {
    const reply = await state.faults.whilePaying(() => decide(state, cards, customerId, key, request));
    payments.answerKey(customerId, key, reply.status, reply.body);
    return reply;
  } catch (error) {
    payments.releaseKey(customerId, key);
    throw error;
  }
}

/** A card payment's answer replayed for its key: the payment as it is now, confirmed or not. */
function currentBody(state: SandboxState, customerId: string, answered: string): string {
  const payment = JSON.parse(answered) as Partial<Payment>;
  if (payment.status !== 'requires_action' || payment.payment_id === undefined) return answered;
  return state.store.payments.payment(customerId, payment.payment_id) ?? answered;
}

/** The same key always names the same payment, so the processor's hold for it is made once. */
function paymentIdFor(customerId: string, key: string, now: number): string {
  const digest = createHash('sha256').update(`${customerId}\n${key}`).digest('hex').slice(0, 12).toUpperCase();
  return `PAY${isoUtc(now).slice(0, 10).replaceAll('-', '')}${digest}`;
}

/**
 * Judges and, when the request passes, pays, all in one transaction with the key's answer. A card
 * payment is judged on the card the processor describes, then authorized (held) for what is
 * payable now: its orders are paid at its confirmation.
 */
async function decide(state: SandboxState, cards: CardProcessor, customerId: string, key: string, request: z.output<typeof PaymentRequest>): Promise<Reply> {
  const choices = request.orders;
  const ctx = context(state, customerId, choices.map((c) => c.order_id));
  const setProblems = orderSetProblems(choices, ctx);
  if (setProblems.length > 0) return refusal(setProblems).reply;
  const quote = priceRequest(choices, ctx);
  const card = request.method === 'card' && request.payment_method_id !== undefined ? await cards.card(request.payment_method_id) : undefined;
  const problems = paymentProblems(
    {
      orders: [...ctx.known.values()],
      choices,
      method: request.method,
      contractConfirmed: request.contract_independence_confirmed,
      monthlySettlementEnabled: state.accountSettings(customerId).monthly_settlement_enabled,
      card,
      paymentMethodId: request.payment_method_id,
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

  const judgedAt = state.clock.now();
  const orders = outcomesNow(ctx, quote.orders, judgedAt);
  const holdAmount = orders.reduce((sum, o) => sum + o.amount_charged, 0);
  if (request.method === 'card' && card && holdAmount > 0) {
    return authorizeCard(state, cards, customerId, key, { orders, currency: quote.totals.currency, card, paymentMethodId: request.payment_method_id!, at: judgedAt });
  }

  return state.store.payments.transaction(() => {
    const now = state.clock.now();
    const paid = markPaid(state, customerId, orders, now);
    const payment: Payment = {
      payment_id: paymentIdFor(customerId, key, now),
      status: paymentStatus(paid.length, orders.length),
      method: request.method,
      currency: quote.totals.currency,
      amount_charged: paid.reduce((sum, o) => sum + o.amount_charged, 0),
      savings: savingsOf(ctx, paid),
      created_at: isoUtc(now),
      ...(request.method === 'monthly_settlement' ? { bill: monthlyBillFor(now) } : {}),
      orders,
    };
    state.store.payments.recordPayment(customerId, payment, key);
    return jsonReply(200, payment);
  });
}

/** Each order as it would be paid now: paid (for its quoted amount), or skipped with its group and why. */
function outcomesNow(ctx: RequestContext, quoted: readonly QuotedOrder[], now: number): PaidOrder[] {
  return quoted.map((q) => {
    const order = ctx.known.get(q.order_id)!;
    const { outcome } = outcomeOf(membersOf(ctx, order), now);
    if (outcome !== 'paid') return { order_id: q.order_id, outcome, new_status: order.status, amount_charged: 0, discount: null, coupons: [] };
    return { order_id: q.order_id, outcome, new_status: PAID_STATUS, amount_charged: q.payable, discount: q.discount, coupons: q.coupons };
  });
}

const membersOf = (ctx: RequestContext, order: Order): readonly Order[] => (order.combined_order_id ? (ctx.groups.get(order.combined_order_id) ?? [order]) : [order]);
const paymentStatus = (paid: number, all: number): PaymentStatus => (paid === all ? 'completed' : paid > 0 ? 'partially_completed' : 'failed');
const savingsOf = (ctx: RequestContext, paid: readonly PaidOrder[]) => paid.reduce((sum, o) => sum + (ctx.known.get(o.order_id)!.official_amount - o.amount_charged), 0);

/** The paid orders' new status and their coupons used up; answers them. */
function markPaid(state: SandboxState, customerId: string, orders: readonly PaidOrder[], now: number): PaidOrder[] {
  const paid = orders.filter((o) => o.outcome === 'paid');
  for (const o of paid) state.store.setStatus(o.order_id, PAID_STATUS, now);
  state.store.savings.consumeCoupons(customerId, paid.flatMap((o) => o.coupons.map((c) => ({ ...c, order_id: o.order_id }))));
  return paid;
}

interface CardHoldRequest {
  readonly orders: readonly PaidOrder[];
  readonly currency: string;
  readonly card: CardOnFile;
  readonly paymentMethodId: string;
  readonly at: number;
}

/** Holds what is payable now on the card; the app authorizes it with the client secret, then confirms. */
async function authorizeCard(state: SandboxState, cards: CardProcessor, customerId: string, key: string, hold: CardHoldRequest): Promise<Reply> {
  const paymentId = paymentIdFor(customerId, key, hold.at);
  const amount = hold.orders.reduce((sum, o) => sum + o.amount_charged, 0);
  const { intentId, clientSecret } = await cards.authorize({ amount, currency: hold.currency, paymentMethodId: hold.paymentMethodId, paymentId });
  const payment: Payment = {
    payment_id: paymentId,
    status: 'requires_action',
    method: 'card',
    currency: hold.currency,
    amount_charged: 0,
    savings: 0,
    created_at: isoUtc(hold.at),
    orders: hold.orders.map((o) => (o.outcome === 'paid' ? { ...o, outcome: 'awaiting_card', new_status: undefined, amount_charged: 0 } : o)),
    card: { brand: hold.card.brand, funding: hold.card.funding, last4: hold.card.last4, amount_authorized: amount, amount_released: 0 },
    client_secret: clientSecret,
    publishable_key: cards.publishableKey,
  };
  const payableByOrder = Object.fromEntries(hold.orders.filter((o) => o.outcome === 'paid').map((o) => [o.order_id, o.amount_charged]));
  state.store.payments.transaction(() => state.store.payments.recordCardAuthorization(customerId, payment, key, { intentId, payableByOrder }));
  return jsonReply(200, payment);
}

/**
 * `POST /v1/payments/{id}/confirm`: settles a card payment. Authorized: the orders are judged once
 * more and only what is still payable is captured, the rest of the hold released. Never
 * authorized (declined, failed authentication, abandoned): whatever was asked for is let go and
 * the payment fails. A payment settled already answers as it is: confirming is safe to repeat.
 */
async function confirmCard(state: SandboxState, cards: CardProcessor, customerId: string, paymentId: string): Promise<Reply> {
  const body = state.store.payments.payment(customerId, paymentId);
  if (body === undefined) throw new HttpError(404, ErrorCode.BadParameter, 'payment does not exist');
  const payment = JSON.parse(body) as Payment;
  const authorization = state.store.payments.cardAuthorization(customerId, paymentId);
  if (payment.status !== 'requires_action' || !authorization || !payment.card) return { status: 200, body };
  const { intentId, idempotencyKey, payableByOrder } = authorization;
  const hold = await cards.state(intentId);
  const now = state.clock.now();
  const notPaid = (failure: { code: string; message: string }): Payment => ({
    ...withoutClientKeys(payment),
    status: 'failed',
    orders: payment.orders.map((o) => (o.outcome === 'awaiting_card' ? { ...o, outcome: 'card_not_authorized', discount: null, coupons: [] } : o)),
    card: { ...payment.card!, amount_released: hold.kind === 'held' ? hold.amount : 0 },
    failure,
  });
  if (hold.kind === 'not_authorized' || hold.kind === 'released') {
    await cards.release(intentId).catch(() => undefined);
    const failed = notPaid(hold.kind === 'released' ? { code: 'released', message: 'The card payment was cancelled.' } : { code: hold.code, message: hold.message });
    state.store.payments.transaction(() => state.store.payments.completeCardPayment(customerId, failed, idempotencyKey, isoUtc(now)));
    return jsonReply(200, failed);
  }
  const refused = cardNotAccepted(hold.card);
  if (hold.kind === 'held' && refused) {
    // The card was changed after the service judged it (in the card form, on the same authorization).
    await cards.release(intentId);
    const failed = notPaid({ code: refused.code, message: refused.message });
    state.store.payments.transaction(() => state.store.payments.completeCardPayment(customerId, failed, idempotencyKey, isoUtc(now)));
    return jsonReply(200, failed);
  }

  const ctx = context(state, customerId, payment.orders.map((o) => o.order_id));
  const orders: PaidOrder[] = payment.orders.map((o) => {
    if (o.outcome !== 'awaiting_card') return o;
    const order = ctx.known.get(o.order_id);
    const { outcome } = order ? outcomeOf(membersOf(ctx, order), now) : { outcome: 'skipped_status_changed' as const };
    if (outcome !== 'paid') return { ...o, outcome, new_status: order?.status, amount_charged: 0, discount: null, coupons: [] };
    return { ...o, outcome, new_status: PAID_STATUS, amount_charged: payableByOrder[o.order_id] ?? 0 };
  });
  const toCapture = orders.reduce((sum, o) => sum + (o.outcome === 'paid' ? o.amount_charged : 0), 0);
  let captured: number;
  if (hold.kind === 'captured') captured = hold.amount;
  else if (toCapture > 0) captured = await cards.capture(intentId, toCapture);
  else {
    await cards.release(intentId);
    captured = 0;
  }
  const authorized = payment.card.amount_authorized;
  const settled: Payment = {
    ...withoutClientKeys(payment),
    status: paymentStatus(orders.filter((o) => o.outcome === 'paid').length, orders.length),
    amount_charged: captured,
    orders,
    card: { ...payment.card, brand: hold.card.brand, funding: hold.card.funding, last4: hold.card.last4, amount_released: authorized - captured },
  };
  state.store.payments.transaction(() => {
    const paid = markPaid(state, customerId, orders, now);
    state.store.payments.completeCardPayment(customerId, { ...settled, savings: savingsOf(ctx, paid) }, idempotencyKey, isoUtc(now));
  });
  return jsonReply(200, JSON.parse(state.store.payments.payment(customerId, paymentId)!) as Payment);
}

/** What only the card form needs: gone once the payment is settled. */
function withoutClientKeys(payment: Payment): Payment {
  const { client_secret: _secret, publishable_key: _key, ...rest } = payment;
  return rest;
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

/**
 * How the sandbox judges a payment request, as docs/domain.md ("What is refused") says the billing
 * service does: first the request as sent (refused whole, with every broken rule per order), then,
 * for a request that passes, each combined purchase's state now (paid, or skipped with the reason).
 */
import type { Coupon, OrderOutcome, OrderProblem, PaymentMethod, QuotedOrder, QuoteTotals } from '../shared/billing-api/payment-schemas';
import type { Order } from '../shared/billing-api/schemas';
import { ErrorCode } from '../shared/billing-api/schemas';
import { quoteOrders, type Choice, type PricedOrder } from '../shared/billing/savings';
import { MAX_ORDERS_PER_PAYMENT, OrderStatus, type OrderStatusCode } from '../shared/domain/orders';
import type { Discount } from '../shared/billing-api/payment-schemas';
import { cardBrandName, cardRefusal } from '../shared/billing/card-acceptance';
import type { CardOnFile } from './card-processor';

export interface JudgedRequest {
  readonly orders: readonly Order[];
  readonly choices: readonly Choice[];
  readonly method: PaymentMethod;
  readonly contractConfirmed: readonly string[];
  readonly monthlySettlementEnabled: boolean;
  /** With method card: the card behind payment_method_id as the processor knows it (null: no such card). */
  readonly card?: CardOnFile | null;
  readonly paymentMethodId?: string | undefined;
}

export interface RequestContext {
  /** Every order the request names, by id, as the service has it (another account's is absent). */
  readonly known: ReadonlyMap<string, Order>;
  /** Every order of each combined purchase named, by combined order id. */
  readonly groups: ReadonlyMap<string, readonly Order[]>;
  readonly discounts: ReadonlyMap<string, readonly Discount[]>;
  readonly coupons: readonly Coupon[];
  readonly now: number;
}

export const pricedOrder = (order: Order, discounts: readonly Discount[]): PricedOrder => ({
  order_id: order.order_id,
  official_amount: order.official_amount,
  currency: order.currency,
  service_type_code: order.service_type_code,
  order_type: order.order_type,
  discounts,
});

/**
 * The rules about the orders themselves that no status change can excuse: they exist, at most 30,
 * one currency, whole combined purchases. Null when the request's orders can be priced.
 */
export function orderSetProblems(choices: readonly Choice[], ctx: RequestContext): OrderProblem[] {
  const problems: OrderProblem[] = [];
  const ids = choices.map((c) => c.order_id);
  if (ids.length === 0) problems.push({ order_id: null, code: ErrorCode.BadParameter, message: 'The request names no order.' });
  if (ids.length > MAX_ORDERS_PER_PAYMENT) {
    problems.push({ order_id: null, code: ErrorCode.BadParameter, message: `A payment holds at most ${MAX_ORDERS_PER_PAYMENT} orders; this one has ${ids.length}.` });
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push({ order_id: id, code: ErrorCode.BadParameter, message: `Order ${id} is named twice.` });
    seen.add(id);
    if (!ctx.known.has(id)) problems.push({ order_id: id, code: ErrorCode.OrderNotFound, message: `Order ${id} does not exist.` });
  }
  const currencies = new Set([...seen].flatMap((id) => ctx.known.get(id)?.currency ?? []));
  if (currencies.size > 1) problems.push({ order_id: null, code: ErrorCode.BadParameter, message: `A payment is in one currency; this one mixes ${[...currencies].sort().join(' and ')}.` });
  for (const id of seen) {
    const combined = ctx.known.get(id)?.combined_order_id;
    if (!combined) continue;
    const left = (ctx.groups.get(combined) ?? []).filter((member) => !seen.has(member.order_id)).map((m) => m.order_id);
    if (left.length > 0) {
      problems.push({ order_id: id, code: ErrorCode.CombinedPurchaseTogether, message: `Order ${id} belongs to combined purchase ${combined}; pay it with ${left.join(', ')}.` });
    }
  }
  return problems;
}

/** Prices the orders (all known, one currency) with the discount and coupon rules. */
export function priceRequest(choices: readonly Choice[], ctx: RequestContext): { orders: QuotedOrder[]; totals: QuoteTotals } {
  const priced = choices.map((c) => pricedOrder(ctx.known.get(c.order_id)!, ctx.discounts.get(c.order_id) ?? []));
  return quoteOrders(priced, choices, ctx.coupons, ctx.now);
}

/** Every rule the request breaks, per order; empty when it may be carried out. */
export function paymentProblems(request: JudgedRequest, quoted: readonly QuotedOrder[]): OrderProblem[] {
  const problems: OrderProblem[] = quoted.flatMap((q) => q.problems.map((p) => ({ order_id: q.order_id, ...p })));
  for (const order of request.orders) {
    if (order.contract_overlap && !request.contractConfirmed.includes(order.order_id)) {
      problems.push({
        order_id: order.order_id,
        code: ErrorCode.OperationNotAllowed,
        message: `Order ${order.order_id} overlaps a standard sales contract: its independence from the contract must be confirmed.`,
      });
    }
  }
  if (request.method === 'monthly_settlement' && !request.monthlySettlementEnabled) {
    problems.push({ order_id: null, code: ErrorCode.InsufficientBalance, message: 'Monthly settlement is not available on this account: apply for post payment to use it.' });
  }
  problems.push(...cardProblems(request));
  return problems;
}

function cardProblems(request: JudgedRequest): OrderProblem[] {
  if (request.method !== 'card') {
    return request.paymentMethodId === undefined ? [] : [{ order_id: null, code: ErrorCode.BadParameter, message: 'payment_method_id is only for paying by card.' }];
  }
  if (request.paymentMethodId === undefined) return [{ order_id: null, code: ErrorCode.BadParameter, message: 'Paying by card needs payment_method_id: the card form\'s PaymentMethod.' }];
  if (!request.card) return [{ order_id: null, code: ErrorCode.BadParameter, message: `The card processor knows no payment method ${request.paymentMethodId}.` }];
  const refused = cardNotAccepted(request.card);
  return refused ? [refused] : [];
}

/** Why a card is not taken (CBC.99005010), or null: judged when it is named, and again when its hold is confirmed. */
export function cardNotAccepted(card: CardOnFile): OrderProblem | null {
  const refused = cardRefusal(card);
  if (!refused) return null;
  const brand = cardBrandName(card.brand);
  const message =
    refused.reason === 'brand'
      ? `Only Visa and Mastercard credit cards are accepted; this is ${withArticle(brand)} card.`
      : `Only Visa and Mastercard credit cards are accepted; this ${brand} card is ${withArticle(card.funding)} card.`;
  return { order_id: null, code: ErrorCode.CardNotAccepted, message };
}

/** "an American Express", "an unknown", "a UnionPay": by the sound, which the first letters tell for these words. */
const withArticle = (word: string): string => `${/^(?:[aeio]|un(?!i))/i.test(word) ? 'an' : 'a'} ${word}`;

/** What happens to one order now, judged with its whole combined purchase. */
export function outcomeOf(members: readonly Order[], now: number): { outcome: OrderOutcome; changed: Order | null } {
  const pending = members.find((m) => m.status === OrderStatus.PendingApproval);
  if (pending) return { outcome: 'blocked_pending_approval', changed: pending };
  const gone = members.find((m) => m.status !== OrderStatus.PendingPayment);
  if (gone) return { outcome: 'skipped_status_changed', changed: gone };
  const expired = members.find((m) => Date.parse(m.expire_time) <= now);
  if (expired) return { outcome: 'expired', changed: expired };
  return { outcome: 'paid', changed: null };
}

export const PAID_STATUS: OrderStatusCode = OrderStatus.Completed;

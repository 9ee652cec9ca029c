/**
 * The savings arithmetic and the rules for discounts and coupons (docs/domain.md, "Savings:
 * discounts and coupons", "The arithmetic", "Refusals"). One implementation for the app's preview,
 * the sandbox's quote and payment endpoints and the tests, so that they reach the same figures.
 * Money is integer minor units and rates integer basis points: no floating point touches an amount.
 */
import { CouponKind, DiscountKind, type Coupon, type Discount, type DiscountKindCode, type Problem, type QuotedOrder, type QuoteTotals } from '../billing-api/payment-schemas';
import { ErrorCode } from '../billing-api/schemas';
import type { OrderTypeCode } from '../domain/orders';

/** What the rules read of an order (API field names). */
export interface PricedOrder {
  readonly order_id: string;
  readonly official_amount: number;
  readonly currency: string;
  readonly service_type_code: string;
  readonly order_type: OrderTypeCode;
  readonly discounts: readonly Discount[];
}

/** One order of a quote with the clerk's choices; no discount_id means none, except that a 609 always applies. */
export interface Choice {
  readonly order_id: string;
  readonly discount_id?: string;
  readonly coupon_ids: readonly string[];
}

/** At most this many coupons on one order. */
export const MAX_COUPONS_PER_ORDER = 3;

/** docs/domain.md names CBC.0101 but ErrorCode has no name for it yet; the same goes for the quote's own codes. */
const NOT_APPLICABLE = ErrorCode.InvalidParameter;

const BP_SCALE = 10_000;
/** Above this, amount × bp + 5000 could pass 2^53 and lose exactness as a double. */
const EXACT_PRODUCT_LIMIT = Math.floor((Number.MAX_SAFE_INTEGER - BP_SCALE / 2) / BP_SCALE);

/** round(amount × bp / 10000), half up, in integers; BigInt only where a double could no longer hold the product exactly. */
export function roundedShare(amount: number, bp: number): number {
  if (Math.abs(amount) <= EXACT_PRODUCT_LIMIT) return Math.floor((amount * bp + BP_SCALE / 2) / BP_SCALE);
  const n = BigInt(amount) * BigInt(bp) + BigInt(BP_SCALE / 2);
  const q = n / BigInt(BP_SCALE);
  // BigInt division truncates toward zero; half up needs the floor.
  return Number(n < 0n && q * BigInt(BP_SCALE) !== n ? q - 1n : q);
}

/** The amount after a discount (or none): a rate keeps its share, a reduction never goes below 0. */
export function discountedAmount(official: number, discount: Discount | null): number {
  if (discount === null) return official;
  if (discount.pay_rate_bp !== undefined) return roundedShare(official, discount.pay_rate_bp);
  return Math.max(0, official - (discount.reduction ?? 0));
}

/** The order's price-adjustment discount (609), which is always applied and can't be swapped. */
export function mandatoryDiscount(order: PricedOrder): Discount | null {
  return order.discounts.find((d) => d.kind === DiscountKind.PriceAdjustment) ?? null;
}

/** The choice an order starts with: its 609, else its preselected discount, else none; no coupons. */
export function defaultChoice(order: PricedOrder): Choice {
  const discount = mandatoryDiscount(order) ?? order.discounts.find((d) => d.preselected) ?? null;
  return discount === null ? { order_id: order.order_id, coupon_ids: [] } : { order_id: order.order_id, discount_id: discount.discount_id, coupon_ids: [] };
}

const KIND_RANK: Readonly<Record<Coupon['kind'], number>> = {
  [CouponKind.DiscountCoupon]: 0,
  [CouponKind.CashCoupon]: 1,
  [CouponKind.FlexiPurchase]: 2,
  [CouponKind.StoredValueCard]: 3,
};

/** The order coupons are applied in: 300, 301, 302, 303, and within a kind by coupon_id in code-unit order (not locale order). */
export function byApplicationOrder(a: Coupon, b: Coupon): number {
  const rank = KIND_RANK[a.kind] - KIND_RANK[b.kind];
  if (rank !== 0) return rank;
  return a.coupon_id < b.coupon_id ? -1 : a.coupon_id > b.coupon_id ? 1 : 0;
}

/**
 * The most a coupon may take of an order on its own: its balance, its cap (a share of the
 * discounted amount) and, for a discount coupon, the part its own rate takes off. Not yet bounded by
 * what is left.
 */
export function couponLimit(discounted: number, coupon: Coupon): number {
  let limit = coupon.balance;
  if (coupon.max_deduction_bp !== undefined) limit = Math.min(limit, roundedShare(discounted, coupon.max_deduction_bp));
  if (coupon.kind === CouponKind.DiscountCoupon && coupon.pay_rate_bp !== undefined) {
    limit = Math.min(limit, discounted - roundedShare(discounted, coupon.pay_rate_bp));
  }
  return Math.max(0, limit);
}

/** What each coupon takes, in application order (`coupons` must already be in it): min(limit, left), 0 once nothing is left. */
export function couponTakes(discounted: number, coupons: readonly Coupon[]): number[] {
  let left = Math.max(0, discounted);
  return coupons.map((coupon) => {
    const take = Math.min(couponLimit(discounted, coupon), left);
    left -= take;
    return take;
  });
}

export type CouponBlockReason =
  | 'expired'
  | 'not_yet_valid'
  | 'no_balance'
  | 'currency'
  | 'service_type'
  | 'order_type'
  | 'min_spend'
  | 'not_combinable'
  | 'locked'
  | 'used_by_other_order';

export interface CouponBlocker {
  readonly code: string;
  readonly reason: CouponBlockReason;
  readonly message: string;
}

/**
 * Every reason this coupon can't be used on this order with this discount kind (null kind = no
 * discount), in the order docs/domain.md lists them; empty when it can. `discounted` is the amount
 * after the chosen discount (min spend is judged against it), `now` the billing service's clock in
 * epoch ms, `usedByOrderId` the other order of the same payment that already uses the coupon.
 */
export function couponBlockers(
  order: PricedOrder,
  discounted: number,
  discountKind: DiscountKindCode | null,
  coupon: Coupon,
  now: number,
  usedByOrderId?: string,
): CouponBlocker[] {
  const id = coupon.coupon_id;
  const found: CouponBlocker[] = [];
  const block = (code: string, reason: CouponBlockReason, message: string) => found.push({ code, reason, message });
  if (now >= Date.parse(coupon.valid_until)) block(NOT_APPLICABLE, 'expired', `Coupon ${id} expired at ${coupon.valid_until}.`);
  if (now < Date.parse(coupon.valid_from)) block(NOT_APPLICABLE, 'not_yet_valid', `Coupon ${id} is valid only from ${coupon.valid_from}.`);
  if (coupon.balance <= 0) block(ErrorCode.CouponLocked, 'no_balance', `Coupon ${id} has no balance left.`);
  if (coupon.currency !== order.currency) block(NOT_APPLICABLE, 'currency', `Coupon ${id} is in ${coupon.currency}, order ${order.order_id} in ${order.currency}.`);
  if (coupon.service_types.length > 0 && !coupon.service_types.includes(order.service_type_code)) {
    block(NOT_APPLICABLE, 'service_type', `Coupon ${id} does not cover service type ${order.service_type_code}.`);
  }
  if (coupon.order_types.length > 0 && !coupon.order_types.includes(order.order_type)) {
    block(NOT_APPLICABLE, 'order_type', `Coupon ${id} does not cover order type ${order.order_type}.`);
  }
  if (discounted < coupon.min_spend) block(NOT_APPLICABLE, 'min_spend', `Coupon ${id} needs a minimum spend of ${coupon.min_spend}; order ${order.order_id} comes to ${discounted}.`);
  if (discountKind !== null && !coupon.combinable_with_discount_kinds.includes(discountKind)) {
    block(ErrorCode.CouponDiscountConflict, 'not_combinable', `Coupon ${id} can't be combined with a discount of kind ${discountKind}.`);
  }
  if (coupon.locked_by_order_id !== null && coupon.locked_by_order_id !== order.order_id) {
    block(ErrorCode.CouponLocked, 'locked', `Coupon ${id} is locked by order ${coupon.locked_by_order_id}.`);
  }
  if (usedByOrderId !== undefined && usedByOrderId !== order.order_id) {
    block(ErrorCode.CouponLocked, 'used_by_other_order', `Coupon ${id} is already used by order ${usedByOrderId} in this payment.`);
  }
  return found;
}

/** Why this coupon can't be used on this order with this discount kind (null kind = no discount), or null: the first of couponBlockers. */
export function couponBlocker(
  order: PricedOrder,
  discounted: number,
  discountKind: DiscountKindCode | null,
  coupon: Coupon,
  now: number,
  usedByOrderId?: string,
): CouponBlocker | null {
  return couponBlockers(order, discounted, discountKind, coupon, now, usedByOrderId)[0] ?? null;
}

/**
 * The discount a choice uses and what is wrong with it: a discount that isn't the order's, or a
 * 609 swapped for another, is refused (CBC.99003108) and the order is priced as without the
 * choice: with its 609 if it has one, else with no discount.
 */
function chosenDiscount(order: PricedOrder, discountId: string | undefined): { discount: Discount | null; problems: Problem[] } {
  const mandatory = mandatoryDiscount(order);
  if (discountId === undefined) return { discount: mandatory, problems: [] };
  const named = order.discounts.find((d) => d.discount_id === discountId);
  if (named === undefined) {
    return { discount: mandatory, problems: [{ code: ErrorCode.DiscountNotApplicable, message: `Discount ${discountId} is not one of order ${order.order_id}'s.` }] };
  }
  if (mandatory !== null && named !== mandatory) {
    const message = `Order ${order.order_id} has the price adjustment ${mandatory.discount_id}, which can't be swapped for ${discountId}.`;
    return { discount: mandatory, problems: [{ code: ErrorCode.DiscountNotApplicable, message }] };
  }
  return { discount: named, problems: [] };
}

/** The per-order limits on the coupons named together: 3 at most, one cash coupon, no cash coupon beside a discount coupon. */
function combinationProblems(orderId: string, coupons: readonly Coupon[]): Problem[] {
  const problems: Problem[] = [];
  if (coupons.length > MAX_COUPONS_PER_ORDER) {
    problems.push({ code: NOT_APPLICABLE, message: `Order ${orderId} has ${coupons.length} coupons; at most ${MAX_COUPONS_PER_ORDER} are allowed.` });
  }
  const cash = coupons.filter((c) => c.kind === CouponKind.CashCoupon).length;
  if (cash > 1) problems.push({ code: ErrorCode.CashWithDiscountCoupon, message: `Order ${orderId} has ${cash} cash coupons; at most one is allowed.` });
  if (cash > 0 && coupons.some((c) => c.kind === CouponKind.DiscountCoupon)) {
    problems.push({ code: ErrorCode.CashWithDiscountCoupon, message: `Order ${orderId} combines a cash coupon with a discount coupon.` });
  }
  return problems;
}

/**
 * One quote: per order the official amount, the discount, the coupons with what each takes, what
 * is payable and every broken discount or coupon rule; and the totals. Coupons that break a rule of
 * their own take nothing and are left out of the order's coupons; the per-order limits are judged
 * on every coupon named. A coupon named by several orders belongs to the first (in `choices`
 * order); a coupon id no coupon has is refused as not applicable (CBC.0101).
 * Only discount and coupon rules are judged: the caller checks the orders themselves (count,
 * currencies, groups, statuses). Throws when a choice names an order not given, or the same order
 * twice, or when the chosen orders are in more than one currency.
 */
export function quoteOrders(
  orders: ReadonlyMap<string, PricedOrder> | readonly PricedOrder[],
  choices: readonly Choice[],
  coupons: readonly Coupon[],
  now: number,
): { orders: QuotedOrder[]; totals: QuoteTotals } {
  const byId: ReadonlyMap<string, PricedOrder> = Array.isArray(orders) ? new Map(orders.map((o) => [o.order_id, o])) : (orders as ReadonlyMap<string, PricedOrder>);
  const couponById = new Map(coupons.map((c) => [c.coupon_id, c]));
  const usedBy = new Map<string, string>();
  const quoted: QuotedOrder[] = [];
  const totals = { official: 0, discounts: 0, coupons: 0, payable: 0 };
  let currency: string | undefined;
  for (const choice of choices) {
    const order = byId.get(choice.order_id);
    if (order === undefined) throw new RangeError(`quoteOrders: no order ${choice.order_id} was given`);
    if (quoted.some((q) => q.order_id === order.order_id)) throw new RangeError(`quoteOrders: order ${order.order_id} is chosen twice`);
    currency ??= order.currency;
    if (order.currency !== currency) throw new RangeError(`quoteOrders: orders in ${currency} and ${order.currency}`);

    const { discount, problems } = chosenDiscount(order, choice.discount_id);
    const discounted = discountedAmount(order.official_amount, discount);
    const named: Coupon[] = [];
    const usable: Coupon[] = [];
    for (const couponId of choice.coupon_ids) {
      const coupon = couponById.get(couponId);
      if (coupon === undefined) {
        problems.push({ code: NOT_APPLICABLE, message: `There is no coupon ${couponId}.` });
        continue;
      }
      if (named.includes(coupon)) {
        problems.push({ code: ErrorCode.CouponLocked, message: `Coupon ${couponId} is named twice on order ${order.order_id}.` });
        continue;
      }
      named.push(coupon);
      const blockers = couponBlockers(order, discounted, discount?.kind ?? null, coupon, now, usedBy.get(couponId));
      problems.push(...blockers.map(({ code, message }) => ({ code, message })));
      if (blockers.length === 0) usable.push(coupon);
      if (!usedBy.has(couponId)) usedBy.set(couponId, order.order_id);
    }
    problems.push(...combinationProblems(order.order_id, named));

    usable.sort(byApplicationOrder);
    const takes = couponTakes(discounted, usable);
    const couponTotal = takes.reduce((sum, take) => sum + take, 0);
    const payable = discounted - couponTotal;
    quoted.push({
      order_id: order.order_id,
      official: order.official_amount,
      discount: discount === null ? null : { discount_id: discount.discount_id, amount: order.official_amount - discounted },
      coupons: usable.map((c, i) => ({ coupon_id: c.coupon_id, amount: takes[i]! })),
      payable,
      problems,
    });
    totals.official += order.official_amount;
    totals.discounts += order.official_amount - discounted;
    totals.coupons += couponTotal;
    totals.payable += payable;
  }
  currency ??= byId.values().next().value?.currency;
  if (currency === undefined) throw new RangeError('quoteOrders: no orders, so no currency for the totals');
  return { orders: quoted, totals: { ...totals, currency } };
}

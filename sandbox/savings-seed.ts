/**
 * The seed's discounts and coupons (docs/domain.md, "Savings: discounts and coupons"). Each account
 * draws them from a PRNG stream of its own, apart from its orders' stream, so the orders are the
 * same whatever is drawn here. About half the orders get discounts; the first ones of each account
 * get a fixed plan so that every kind, rate and reduction shows up even in a small data set. Each
 * account's coupons cover every coupon kind and every rule a coupon can break.
 */
import type { LineItem, Order } from '../shared/billing-api/schemas';
import { CouponKind, DiscountKind, type Coupon, type CouponKindCode, type Discount, type DiscountKindCode } from '../shared/billing-api/payment-schemas';
import { OrderStatus, OrderType, type OrderTypeCode } from '../shared/domain/orders';
import { toDecimalString } from '../shared/money';
import { discountedAmount } from '../shared/billing/savings';
import { SERVICE_TYPES, type DemoAccountProfile } from './catalog';
import { isoUtc } from './clock';
import { createPrng, type Prng } from './prng';

export interface SeededCoupons {
  readonly customer_id: string;
  readonly coupons: readonly Coupon[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DISCOUNTED_SHARE = 0.5;
/** Of the orders with discounts, the share that carries a price adjustment (609). */
const PRICE_ADJUSTMENT_SHARE = 0.2;
const RATE_SHARE = 0.7;
/** Rates in basis points; the odd ones make the half-up rounding show. */
const PAY_RATES_BP = [9500, 9000, 8800, 8500, 8000, 7500, 9250, 8333, 9650, 8750] as const;
const ALL_DISCOUNT_KINDS: readonly DiscountKindCode[] = [DiscountKind.Promotional, DiscountKind.Commercial, DiscountKind.PartnerGranted, DiscountKind.PriceAdjustment];
const EXCLUSIVE_KINDS: readonly DiscountKindCode[] = [DiscountKind.Promotional, DiscountKind.Commercial, DiscountKind.PartnerGranted];

interface PlannedDiscount {
  readonly kind: DiscountKindCode;
  readonly rate: boolean;
}

/**
 * The discounts of the account's first orders with any, the preselected one first: every kind as a
 * rate and as a reduction, a 609 beside a discount it overrides, and alternatives to choose from.
 */
const COVERAGE_PLANS: readonly (readonly PlannedDiscount[])[] = [
  [{ kind: 609, rate: true }],
  [{ kind: 2, rate: true }, { kind: 0, rate: false }],
  [{ kind: 3, rate: false }],
  [{ kind: 0, rate: true }, { kind: 2, rate: true }, { kind: 3, rate: true }],
  [{ kind: 609, rate: false }, { kind: 2, rate: true }],
  [{ kind: 2, rate: false }],
  [{ kind: 0, rate: false }, { kind: 3, rate: true }],
  [{ kind: 3, rate: true }, { kind: 0, rate: true }],
];
/** In the coverage prefix every other order gets discounts, so orders without stay among them. */
const COVERAGE_ORDERS = COVERAGE_PLANS.length * 2;

const DISCOUNT_LABELS: Readonly<Record<DiscountKindCode, string>> = {
  [DiscountKind.Promotional]: 'Promotional discount',
  [DiscountKind.Commercial]: 'Commercial discount (enterprise agreement)',
  [DiscountKind.PartnerGranted]: 'Partner-granted discount',
  [DiscountKind.PriceAdjustment]: 'Price adjustment',
};

/** The seed's per-account stream for savings, beside the orders' `Math.imul(seed, 0x9e3779b1) ^ (index + 1)`. */
function savingsPrng(seed: number, accountIndex: number): Prng {
  return createPrng(Math.imul(seed, 0x85ebca6b) ^ (accountIndex + 1));
}

/**
 * One account's discounts and coupons. The order generator asks for each order's discounts as it
 * builds the order (`discountsFor`), hands the finished order back (`observe`, which keeps the
 * orders a coupon can be locked by), and asks for the coupons once the account's orders are done.
 */
export class AccountSavingsSeed {
  private readonly prng: Prng;
  private orderIndex = 0;
  private plansUsed = 0;
  /** Discounts drawn for orders not yet handed out (a combined purchase is built before it is yielded). */
  private readonly pending = new Map<string, Discount[]>();
  /** Per currency: a payable order outside any combined purchase, to lock a coupon to. */
  private readonly lockTargets = new Map<string, string>();

  constructor(
    seed: number,
    accountIndex: number,
    private readonly profile: DemoAccountProfile,
    private readonly nowMs: number,
  ) {
    this.prng = savingsPrng(seed, accountIndex);
  }

  /** The discounts of the next order (often none); the first is the preselected one. */
  discountsFor(orderId: string, official: number, currency: string): Discount[] {
    const index = this.orderIndex++;
    const p = this.prng;
    let plan: readonly PlannedDiscount[] | undefined;
    if (index < COVERAGE_ORDERS) {
      if (index % 2 === 0) plan = COVERAGE_PLANS[this.plansUsed++];
    } else if (p.chance(DISCOUNTED_SHARE)) {
      plan = this.randomPlan();
    }
    const discounts = plan === undefined ? [] : plan.map((planned, i) => this.discount(orderId, i, planned, official, currency));
    this.pending.set(orderId, discounts);
    return discounts;
  }

  /** The discounts drawn for this order by discountsFor, handed out once. */
  takeDiscounts(orderId: string): Discount[] {
    const discounts = this.pending.get(orderId) ?? [];
    this.pending.delete(orderId);
    return discounts;
  }

  /** Sees each finished order of the account, in order. */
  observe(order: Order): void {
    if (order.status !== OrderStatus.PendingPayment || order.combined_order_id !== null) return;
    if (Date.parse(order.expire_time) <= this.nowMs || this.lockTargets.has(order.currency)) return;
    this.lockTargets.set(order.currency, order.order_id);
  }

  /** The account's coupons, once its orders have all been observed. */
  coupons(): Coupon[] {
    return new CouponPlanner(this.prng, this.profile, this.nowMs, this.lockTargets).all();
  }

  private randomPlan(): PlannedDiscount[] {
    const p = this.prng;
    const rate = () => p.chance(RATE_SHARE);
    if (p.chance(PRICE_ADJUSTMENT_SHARE)) {
      const adjustment: PlannedDiscount = { kind: DiscountKind.PriceAdjustment, rate: rate() };
      // Sometimes the order also lists the discount it was placed with, which the 609 overrides.
      return p.chance(0.3) ? [adjustment, { kind: p.pick(EXCLUSIVE_KINDS), rate: rate() }] : [adjustment];
    }
    const kinds = [...EXCLUSIVE_KINDS];
    const count = p.int(1, kinds.length);
    return Array.from({ length: count }, () => ({ kind: kinds.splice(p.int(0, kinds.length - 1), 1)[0] as DiscountKindCode, rate: rate() }));
  }

  private discount(orderId: string, position: number, planned: PlannedDiscount, official: number, currency: string): Discount {
    const p = this.prng;
    const mandatory = planned.kind === DiscountKind.PriceAdjustment;
    const base = {
      discount_id: `${orderId}-D${position + 1}`,
      kind: planned.kind,
      mandatory,
      preselected: position === 0,
    };
    if (planned.rate) {
      const pay_rate_bp = p.pick(PAY_RATES_BP);
      const off = (10_000 - pay_rate_bp) / 100;
      return { ...base, pay_rate_bp, description: `${DISCOUNT_LABELS[planned.kind]}: ${off}% off the list price` };
    }
    // A reduction of 5-25 % of the list price in whole major units, at least one, below the price.
    const unit = 100;
    const reduction = Math.min(Math.max(unit, Math.round((official * p.int(5, 25)) / 100 / unit) * unit), Math.max(0, official - 1));
    return { ...base, reduction, description: `${DISCOUNT_LABELS[planned.kind]}: ${currency} ${toDecimalString({ amountMinor: reduction, currency })} off` };
  }
}

/** An order's amounts under its preselected discount: the order's `amount_after_discount` and each cloud line item's share of it. */
export function priceAfterDiscount(lineItems: readonly LineItem[], discounts: readonly Discount[]): { lineItems: LineItem[]; official: number; afterDiscount: number } {
  const cloud = lineItems.filter((item) => item.provider.kind === 'cloud');
  const official = cloud.reduce((sum, item) => sum + item.official_amount, 0);
  const afterDiscount = discountedAmount(official, discounts.find((d) => d.preselected) ?? null);
  const shares = splitProportionally(
    cloud.map((item) => item.official_amount),
    afterDiscount,
  );
  let next = 0;
  const priced = lineItems.map((item) =>
    item.provider.kind === 'cloud' ? { ...item, amount_after_discount: shares[next++] as number } : { ...item, amount_after_discount: item.official_amount },
  );
  return { lineItems: priced, official, afterDiscount };
}

/**
 * Splits `total` (at most the sum of `weights`) over the weights: each share is its floored
 * proportion, and the units left over go one each to the first shares still below their weight, so
 * the shares sum to `total` and none passes its weight.
 */
export function splitProportionally(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => Number((BigInt(w) * BigInt(total)) / BigInt(sum)));
  let left = total - shares.reduce((s, x) => s + x, 0);
  for (let i = 0; left > 0; i = (i + 1) % shares.length) {
    if ((shares[i] as number) < (weights[i] as number)) {
      shares[i] = (shares[i] as number) + 1;
      left -= 1;
    }
  }
  return shares;
}

type CouponRule =
  | 'plain'
  | 'expired'
  | 'not_yet_valid'
  | 'min_spend'
  | 'service_types'
  | 'order_types'
  | 'not_combinable'
  | 'max_deduction'
  | 'small_balance'
  | 'large_balance'
  | 'locked'
  | 'used_up';

/** In the account's own currency every kind meets every rule but the last two; these meet those. */
const MAIN_RULES: readonly CouponRule[] = [
  'plain',
  'expired',
  'not_yet_valid',
  'min_spend',
  'service_types',
  'order_types',
  'not_combinable',
  'max_deduction',
  'small_balance',
  'large_balance',
];
const EXTRA_MAIN: readonly [CouponKindCode, CouponRule][] = [
  [CouponKind.CashCoupon, 'locked'],
  [CouponKind.FlexiPurchase, 'locked'],
  [CouponKind.StoredValueCard, 'used_up'],
  [CouponKind.CashCoupon, 'used_up'],
  [CouponKind.CashCoupon, 'plain'],
  [CouponKind.DiscountCoupon, 'plain'],
];
/** In the other currency: every kind usable, and a few rules. */
const OTHER_CURRENCY: readonly [CouponKindCode, CouponRule][] = [
  [CouponKind.DiscountCoupon, 'plain'],
  [CouponKind.CashCoupon, 'plain'],
  [CouponKind.FlexiPurchase, 'plain'],
  [CouponKind.StoredValueCard, 'plain'],
  [CouponKind.CashCoupon, 'expired'],
  [CouponKind.FlexiPurchase, 'min_spend'],
  [CouponKind.StoredValueCard, 'max_deduction'],
  [CouponKind.CashCoupon, 'locked'],
];
const KINDS: readonly CouponKindCode[] = [CouponKind.DiscountCoupon, CouponKind.CashCoupon, CouponKind.FlexiPurchase, CouponKind.StoredValueCard];
const KIND_NAMES: Readonly<Record<CouponKindCode, string>> = {
  [CouponKind.DiscountCoupon]: 'Discount coupon',
  [CouponKind.CashCoupon]: 'Cash coupon',
  [CouponKind.FlexiPurchase]: 'Flexi-purchase coupon',
  [CouponKind.StoredValueCard]: 'Stored-value card',
};
/**
 * The combinable lists of the coupons that refuse some discount kinds, one per coupon kind in KINDS
 * order: none (no discount only), all but the price adjustment, and two that combine with 609 and
 * so list it.
 */
const PARTLY_COMBINABLE: readonly (readonly DiscountKindCode[])[] = [[], [0, 2, 3], [2, 609], [0, 3, 609]];
const ACCOUNT_LETTERS: Readonly<Record<string, string>> = { postpaid: 'P', prepaid: 'R', large: 'L' };

class CouponPlanner {
  private seq = 0;

  constructor(
    private readonly prng: Prng,
    private readonly profile: DemoAccountProfile,
    private readonly nowMs: number,
    private readonly lockTargets: ReadonlyMap<string, string>,
  ) {}

  all(): Coupon[] {
    const main = this.profile.currency;
    const plans: [CouponKindCode, CouponRule, string][] = [];
    for (const rule of MAIN_RULES) for (const kind of KINDS) plans.push([kind, rule, main]);
    for (const [kind, rule] of EXTRA_MAIN) plans.push([kind, rule, main]);
    if (this.profile.otherCurrencyShare > 0) {
      const other = main === 'USD' ? 'CNY' : 'USD';
      for (const [kind, rule] of OTHER_CURRENCY) plans.push([kind, rule, other]);
    }
    return plans.map(([kind, rule, currency]) => this.coupon(kind, rule, currency));
  }

  private coupon(kind: CouponKindCode, rule: CouponRule, currency: string): Coupon {
    const p = this.prng;
    const scale = currency === 'CNY' ? 7 : 1;
    const seq = ++this.seq;
    const coupon_id = `CP${kind}${ACCOUNT_LETTERS[this.profile.key] ?? 'X'}${String(seq).padStart(4, '0')}`;

    let face = p.pick([2_000, 5_000, 10_000, 20_000, 50_000]) * scale;
    if (rule === 'small_balance') face = p.int(1, 9) * 100 * scale;
    if (rule === 'large_balance') face = p.pick([1_000_000, 2_500_000, 5_000_000]) * scale;
    // Cash coupons and cards are often partly used already.
    const partlyUsed = (kind === CouponKind.CashCoupon || kind === CouponKind.StoredValueCard) && rule !== 'large_balance' && p.chance(0.4);
    const balance = rule === 'used_up' ? 0 : partlyUsed ? Math.max(1, Math.round((face * p.int(20, 90)) / 100)) : face;

    let validFrom = this.nowMs - p.int(1, 60) * DAY_MS;
    let validUntil = this.nowMs + p.int(20, 120) * DAY_MS;
    if (rule === 'expired') {
      validUntil = this.nowMs - p.int(1, 10) * DAY_MS;
      validFrom = validUntil - 90 * DAY_MS;
    } else if (rule === 'not_yet_valid') {
      validFrom = this.nowMs + p.int(2, 10) * DAY_MS;
      validUntil = validFrom + 60 * DAY_MS;
    }

    const service_types = rule === 'service_types' ? this.serviceTypes() : [];
    const order_types: OrderTypeCode[] = rule === 'order_types' ? [...p.pick<readonly OrderTypeCode[]>([[OrderType.NewPurchase], [OrderType.Renewal], [OrderType.NewPurchase, OrderType.Renewal]])] : [];
    const combinable = rule === 'not_combinable' ? [...(PARTLY_COMBINABLE[KINDS.indexOf(kind)] ?? [])] : [...ALL_DISCOUNT_KINDS];
    // Half the minimum spends (kinds 301, 303) are within reach of most orders, half (300, 302) of only the large ones.
    const min_spend = rule === 'min_spend' ? (KINDS.indexOf(kind) % 2 === 1 ? p.pick([1_000, 5_000]) : p.pick([200_000, 500_000])) * scale : 0;
    const max_deduction_bp = rule === 'max_deduction' ? p.pick([1000, 2000, 3000, 5000]) : undefined;
    const pay_rate_bp = kind === CouponKind.DiscountCoupon ? p.pick([9500, 9000, 8800, 8500]) : undefined;
    const locked_by_order_id = rule === 'locked' ? (this.lockTargets.get(currency) ?? null) : null;

    return {
      coupon_id,
      kind,
      name: this.name(kind, currency, face, rule, pay_rate_bp),
      currency,
      face_value: face,
      balance,
      valid_from: isoUtc(validFrom),
      valid_until: isoUtc(validUntil),
      min_spend,
      service_types,
      order_types,
      combinable_with_discount_kinds: combinable,
      ...(max_deduction_bp === undefined ? {} : { max_deduction_bp }),
      ...(pay_rate_bp === undefined ? {} : { pay_rate_bp }),
      locked_by_order_id,
    };
  }

  private serviceTypes(): string[] {
    const first = this.prng.pick(SERVICE_TYPES).code;
    const second = this.prng.pick(SERVICE_TYPES).code;
    return first === second ? [first] : [first, second];
  }

  private name(kind: CouponKindCode, currency: string, face: number, rule: CouponRule, payRateBp: number | undefined): string {
    const amount = `${currency} ${toDecimalString({ amountMinor: face, currency })}`;
    const what = kind === CouponKind.DiscountCoupon ? `${KIND_NAMES[kind]} ${(10_000 - (payRateBp ?? 10_000)) / 100}% off, up to ${amount}` : `${KIND_NAMES[kind]} ${amount}`;
    const notes: Partial<Record<CouponRule, string>> = {
      min_spend: 'minimum spend',
      service_types: 'selected services',
      order_types: 'selected order types',
      max_deduction: 'capped share',
      large_balance: 'annual budget',
    };
    const note = notes[rule];
    return note === undefined ? what : `${what} (${note})`;
  }
}

/**
 * The paying half of the billing API contract: discounts, coupons, quotes, payments, the monthly
 * bill. Written once like schemas.ts: the client validates what it receives, the sandbox what it
 * receives, and docs/openapi.json is generated from here. Field names follow docs/domain.md.
 */
import { z } from 'zod';
import { MAX_ORDERS_PER_PAYMENT, ORDER_STATUS_CODES, ORDER_TYPE_CODES } from '../domain/orders';
import { CurrencyCode, MinorUnits, UtcTimestamp } from './schemas';

const OrderId = z.string().min(1).max(64);
/** A rate as an integer number of basis points: 8500 is 85 %. */
export const BasisPoints = z.int().min(0).max(10_000);

export const DISCOUNT_KINDS = [0, 2, 3, 609] as const;
export const DiscountKind = { Promotional: 0, Commercial: 2, PartnerGranted: 3, PriceAdjustment: 609 } as const;
export type DiscountKindCode = (typeof DISCOUNT_KINDS)[number];

export const Discount = z
  .object({
    discount_id: z.string().min(1).max(64),
    kind: z.literal(DISCOUNT_KINDS),
    /** The share of the amount that is paid; exactly one of this and `reduction` is given. */
    pay_rate_bp: BasisPoints.optional(),
    /** A fixed amount off, in minor units. */
    reduction: MinorUnits.min(0).optional(),
    mandatory: z.boolean(),
    preselected: z.boolean(),
    description: z.string(),
  })
  .refine((d) => (d.pay_rate_bp === undefined) !== (d.reduction === undefined), 'a discount has either pay_rate_bp or reduction')
  .meta({ id: 'Discount' });
export type Discount = z.infer<typeof Discount>;
export const DiscountList = z.object({ discounts: z.array(Discount) }).meta({ id: 'DiscountList' });

export const COUPON_KINDS = [300, 301, 302, 303] as const;
export const CouponKind = { DiscountCoupon: 300, CashCoupon: 301, FlexiPurchase: 302, StoredValueCard: 303 } as const;
export type CouponKindCode = (typeof COUPON_KINDS)[number];

export const Coupon = z
  .object({
    coupon_id: z.string().min(1).max(64),
    kind: z.literal(COUPON_KINDS),
    name: z.string(),
    currency: CurrencyCode,
    face_value: MinorUnits.min(0),
    balance: MinorUnits.min(0),
    valid_from: UtcTimestamp,
    valid_until: UtcTimestamp,
    min_spend: MinorUnits.min(0),
    /** Service type codes it applies to; empty: any. */
    service_types: z.array(z.string().min(1)),
    /** Order type codes it applies to; empty: any. */
    order_types: z.array(z.literal(ORDER_TYPE_CODES)),
    /** The discount kinds it may be combined with (no discount always combines). */
    combinable_with_discount_kinds: z.array(z.literal(DISCOUNT_KINDS)),
    /** The most of the discounted amount it may pay, as a rate. */
    max_deduction_bp: BasisPoints.optional(),
    /** A discount coupon's own rate: the share that is still paid. */
    pay_rate_bp: BasisPoints.optional(),
    locked_by_order_id: OrderId.nullable(),
  })
  .meta({ id: 'Coupon' });
export type Coupon = z.infer<typeof Coupon>;
export const CouponList = z.object({ coupons: z.array(Coupon) }).meta({ id: 'CouponList' });
/** `GET /v1/coupons?order_ids=…` takes up to this many order ids. */
export const MAX_COUPON_QUERY_ORDERS = 500;

export const PAYMENT_METHODS = ['monthly_settlement', 'card'] as const;
export const PaymentMethod = z.enum(PAYMENT_METHODS);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

/** One order of a quote or a payment with the clerk's choices; no discount_id means none (a 609 always applies). */
export const OrderChoice = z.strictObject({
  order_id: OrderId,
  discount_id: z.string().min(1).max(64).optional(),
  coupon_ids: z.array(z.string().min(1).max(64)).max(10).default([]),
});
export type OrderChoice = z.input<typeof OrderChoice>;

export const QuoteRequest = z
  .strictObject({
    orders: z.array(OrderChoice).max(100),
    method: PaymentMethod,
    best_savings: z.boolean().optional(),
  })
  .meta({ id: 'QuoteRequest' });
export type QuoteRequest = z.input<typeof QuoteRequest>;

export const Problem = z.object({ code: z.string().min(1), message: z.string() });
export type Problem = z.infer<typeof Problem>;
/** A broken rule of one order, or of the request as a whole (`order_id` null: too many orders, the method, …). */
export const OrderProblem = Problem.extend({ order_id: OrderId.nullable() });
export type OrderProblem = z.infer<typeof OrderProblem>;

export const AppliedDiscount = z.object({ discount_id: z.string().min(1), amount: MinorUnits.min(0) });
export const AppliedCoupon = z.object({ coupon_id: z.string().min(1), amount: MinorUnits.min(0) });
export type AppliedCoupon = z.infer<typeof AppliedCoupon>;

export const QuotedOrder = z.object({
  order_id: OrderId,
  official: MinorUnits,
  discount: AppliedDiscount.nullable(),
  coupons: z.array(AppliedCoupon),
  payable: MinorUnits,
  problems: z.array(Problem),
});
export type QuotedOrder = z.infer<typeof QuotedOrder>;

export const QuoteTotals = z.object({
  official: MinorUnits,
  discounts: MinorUnits,
  coupons: MinorUnits,
  payable: MinorUnits,
  currency: CurrencyCode,
});
export type QuoteTotals = z.infer<typeof QuoteTotals>;

export const Quote = z
  .object({
    orders: z.array(QuotedOrder),
    totals: QuoteTotals,
    /** With best_savings: false when the search ran out of time and this is the best it found. */
    optimal: z.boolean().optional(),
  })
  .meta({ id: 'Quote' });
export type Quote = z.infer<typeof Quote>;

export const PaymentRequest = z
  .strictObject({
    orders: z.array(OrderChoice).max(100),
    method: PaymentMethod,
    /** The contract-overlap orders whose independence from the contract the clerk confirmed. */
    contract_independence_confirmed: z.array(OrderId).max(100).default([]),
    /** The total the clerk confirmed; when the service's differs, nothing is charged. */
    expected_payable: MinorUnits.min(0).optional(),
    /** With method card: the card, as a Stripe PaymentMethod made by the card form (never the card's number). */
    payment_method_id: z.string().min(1).max(255).optional(),
  })
  .meta({ id: 'PaymentRequest' });
export type PaymentRequest = z.input<typeof PaymentRequest>;

/**
 * `awaiting_card`: a card payment's order, to be paid when the authorized card payment is confirmed;
 * `card_not_authorized`: not paid because the card payment was never authorized (declined,
 * authentication failed, abandoned), the hold, if any, released.
 */
export const ORDER_OUTCOMES = ['paid', 'skipped_status_changed', 'blocked_pending_approval', 'expired', 'awaiting_card', 'card_not_authorized'] as const;
export type OrderOutcome = (typeof ORDER_OUTCOMES)[number];
/** `requires_action`: a card payment waiting for the card to be authorized, then for `POST /v1/payments/{id}/confirm`. */
export const PAYMENT_STATUSES = ['completed', 'partially_completed', 'failed', 'requires_action'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const PaidOrder = z.object({
  order_id: OrderId,
  outcome: z.enum(ORDER_OUTCOMES),
  new_status: z.literal(ORDER_STATUS_CODES).optional(),
  amount_charged: MinorUnits.min(0),
  discount: AppliedDiscount.nullable(),
  coupons: z.array(AppliedCoupon),
});
export type PaidOrder = z.infer<typeof PaidOrder>;

/** Which monthly bill a settled amount joins: generated on the 3rd of the following month (UTC). */
export const BillRef = z.object({ period: z.string().regex(/^\d{4}-\d{2}$/), generated_on: z.iso.date() });
export type BillRef = z.infer<typeof BillRef>;

export const CardPaymentDetails = z
  .object({
    brand: z.string().min(1).max(32),
    funding: z.string().min(1).max(32),
    last4: z.string().regex(/^\d{4}$/),
    /** What the card was authorized for; captured is amount_charged, the rest released. */
    amount_authorized: MinorUnits.min(0),
    amount_released: MinorUnits.min(0),
  })
  .meta({ id: 'CardPaymentDetails' });
export type CardPaymentDetails = z.infer<typeof CardPaymentDetails>;

export const Payment = z
  .object({
    payment_id: z.string().min(1).max(64),
    status: z.enum(PAYMENT_STATUSES),
    method: PaymentMethod,
    currency: CurrencyCode,
    amount_charged: MinorUnits.min(0),
    savings: MinorUnits.min(0),
    created_at: UtcTimestamp,
    bill: BillRef.optional(),
    orders: z.array(PaidOrder).max(MAX_ORDERS_PER_PAYMENT * 4),
    /** A card payment: the card as the processor describes it, and what was held and let go. */
    card: CardPaymentDetails.optional(),
    /** Why a card payment failed (declined, not authenticated, a card not accepted): the processor's or the service's words. */
    failure: Problem.optional(),
    /** With status requires_action: what the card form needs to authorize the amount (the app keeps neither). */
    client_secret: z.string().min(1).optional(),
    publishable_key: z.string().min(1).optional(),
  })
  .meta({ id: 'Payment' });
export type Payment = z.infer<typeof Payment>;

export const PaymentHistoryPage = z
  .object({ payments: z.array(Payment), next_cursor: z.string().nullable(), has_more: z.boolean() })
  .meta({ id: 'PaymentHistoryPage' });
export type PaymentHistoryPage = z.infer<typeof PaymentHistoryPage>;

export const CurrentBill = z
  .object({
    period: z.string().regex(/^\d{4}-\d{2}$/),
    generated_on: z.iso.date(),
    charged_on: z.iso.date(),
    amounts: z.array(z.object({ currency: CurrencyCode, amount: MinorUnits.min(0) })),
  })
  .meta({ id: 'CurrentBill' });
export type CurrentBill = z.infer<typeof CurrentBill>;

/** A refused payment (HTTP 400): every broken rule per order; `error_code` is the first problem's. */
export const PaymentRefusal = z
  .object({
    error_code: z.string().min(1),
    error_msg: z.string(),
    problems: z.array(OrderProblem),
    /** With expected_payable (HTTP 412): the service's quote, which differs from what was confirmed. */
    quote: Quote.optional(),
  })
  .meta({ id: 'PaymentRefusal' });
export type PaymentRefusal = z.infer<typeof PaymentRefusal>;

/** `GET /v1/card-payments`: how the app's card form reaches the payment processor (404: cards not taken). */
export const CardPaymentSettings = z
  .object({ processor: z.literal('stripe'), publishable_key: z.string().min(1) })
  .meta({ id: 'CardPaymentSettings' });
export type CardPaymentSettings = z.infer<typeof CardPaymentSettings>;

/** The HTTP status of a payment refused because its total is no longer the one the clerk confirmed. */
export const PAYABLE_CHANGED_HTTP_STATUS = 412;
/** The header that makes a payment request safe to send again: scoped to the account. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/**
 * What the renderer receives over IPC about paying. Times are epoch milliseconds (UTC); amounts are
 * minor units. Discounts and coupons travel in the billing contract's own shape: they are what the
 * shared savings rules (shared/billing/savings.ts) read, in the page as in the sandbox.
 */
import type { Coupon, Discount, OrderOutcome, PaymentMethod, PaymentStatus } from '../billing-api/payment-schemas';
import type { OrderStatusCode } from '../domain/orders';
import type { OrderDetail } from './types';

export interface CheckoutOrder {
  readonly order: OrderDetail;
  /** The order's discounts; a mandatory one (609) is always applied. */
  readonly discounts: readonly Discount[];
}

export interface CheckoutView {
  /** Fresh from the billing service, with every member of their combined purchases. */
  readonly orders: readonly CheckoutOrder[];
  /** Every coupon of the account that could matter to these orders, usable or not. */
  readonly coupons: readonly Coupon[];
  /** The billing service's clock when the checkout opened: coupon validity and deadlines are judged on it. */
  readonly serverNow: number;
  readonly monthlySettlement: { readonly available: boolean; readonly postpaid: boolean };
  /** The bill a monthly settlement joins today. */
  readonly bill: { readonly period: string; readonly generatedOn: string };
  /** Why paying is disabled (the ledger can't be used), or null. */
  readonly payingDisabled: string | null;
  /** Paying online: where the card form's script comes from and its key, or why it is not offered. */
  readonly card: CardCheckout;
}

export type CardCheckout =
  | {
      readonly available: true;
      readonly publishableKey: string;
      /** The Stripe.js to load first (demo mode: the sandbox's); null: Stripe's own, from js.stripe.com. */
      readonly scriptUrl: string | null;
    }
  | { readonly available: false; readonly reason: string };

export interface QuotedOrderView {
  readonly orderId: string;
  readonly official: number;
  readonly discount: { readonly discountId: string; readonly amount: number } | null;
  readonly coupons: readonly { readonly couponId: string; readonly amount: number }[];
  readonly payable: number;
  readonly problems: readonly { readonly code: string; readonly message: string }[];
}

export interface QuoteView {
  readonly orders: readonly QuotedOrderView[];
  readonly totals: { readonly official: number; readonly discounts: number; readonly coupons: number; readonly payable: number; readonly currency: string };
  /** With Best savings: false when the search ran out of time and this is the best it found. */
  readonly optimal: boolean | null;
}

export interface PaymentOrderView {
  readonly orderId: string;
  /** Null while the outcome is not known yet (the payment is being reconciled). */
  readonly outcome: OrderOutcome | null;
  readonly newStatus: OrderStatusCode | null;
  readonly amountCharged: number;
  readonly discount: { readonly discountId: string; readonly amount: number } | null;
  readonly coupons: readonly { readonly couponId: string; readonly amount: number }[];
}

/**
 * One payment as the ledger holds it. `state`: `done` (the service answered, the cache shows it),
 * `pending` (sent, no answer yet: Settle asks again with the same key until it has one),
 * `refused` (nothing charged).
 */
export interface PaymentView {
  readonly key: string;
  readonly createdAt: number;
  readonly osUser: string;
  readonly accountId: string;
  readonly method: PaymentMethod;
  readonly currency: string;
  readonly state: 'done' | 'pending' | 'refused';
  readonly status: PaymentStatus | null;
  readonly paymentId: string | null;
  readonly amountCharged: number | null;
  readonly savings: number | null;
  /** What the clerk confirmed. */
  readonly quotedPayable: number;
  readonly bill: { readonly period: string; readonly generatedOn: string } | null;
  readonly orders: readonly PaymentOrderView[];
  readonly refusal: PaymentRefusalView | null;
  readonly lastError: string | null;
  /** A card payment: the card and what was held and let go. */
  readonly card: { readonly brand: string; readonly last4: string; readonly amountAuthorized: number; readonly amountReleased: number } | null;
  /** Why a card payment failed (declined, not authenticated, a card not accepted). */
  readonly failure: { readonly code: string; readonly message: string } | null;
}

/**
 * payOrders' answer. A card payment comes back pending with what the card form needs to authorize
 * the amount: kept in memory, never in the ledger or a log.
 */
export interface PayOrdersView extends PaymentView {
  readonly cardAuthorization: { readonly clientSecret: string; readonly publishableKey: string } | null;
}

export interface PaymentRefusalView {
  readonly code: string;
  readonly message: string;
  readonly problems: readonly { readonly orderId: string | null; readonly code: string; readonly message: string }[];
}

export interface CancelResult {
  /** The orders cancelled: the one asked for and the rest of its combined purchase. */
  readonly cancelled: readonly string[];
}

/** A receipt saved as PDF where the clerk chose, or not saved (the save dialog was cancelled). */
export type ReceiptPdfResult = { readonly kind: 'saved'; readonly path: string } | { readonly kind: 'cancelled' };

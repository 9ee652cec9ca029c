import type { CardPaymentSettings, Coupon, Discount, Payment, PaymentRequest, Quote, QuoteRequest } from '../../shared/billing-api/payment-schemas';
import type { Order } from '../../shared/billing-api/schemas';
import type { BillingClient, PaymentAnswer } from '../billing/billing-client';

/**
 * How the app pays, whatever the billing backend: the checkout and the payment service speak only
 * this. The billing API here takes a whole payment in one request; a backend that pays one order
 * per call (Huawei Cloud BSS's PayOrders) implements `pay` by paying the orders in turn under keys
 * derived from the one given, and answering their outcomes together.
 */
export interface PaymentGateway {
  discounts(orderId: string): Promise<Discount[]>;
  coupons(orderIds: readonly string[]): Promise<Coupon[]>;
  quote(request: QuoteRequest): Promise<Quote>;
  /** Sent once; sending again is safe only with the same key and request. Throws when the outcome is unknown. */
  pay(request: PaymentRequest, idempotencyKey: string): Promise<PaymentAnswer>;
  /** Cancels a pending-payment order with the rest of its combined purchase; answers the orders cancelled. */
  cancel(orderId: string): Promise<Order[]>;
  /** How the card form reaches the processor; null when the backend takes no cards. */
  cardSettings(): Promise<CardPaymentSettings | null>;
  /** Settles a card payment after its authorization ended: captures what is still payable, releases the rest. Safe to repeat. */
  confirmCard(paymentId: string): Promise<Payment>;
}

/** The billing API of docs/openapi.json: one request per payment. */
export class BillingApiGateway implements PaymentGateway {
  constructor(private readonly client: BillingClient) {}

  discounts(orderId: string): Promise<Discount[]> {
    return this.client.getDiscounts(orderId);
  }

  coupons(orderIds: readonly string[]): Promise<Coupon[]> {
    return this.client.getCoupons(orderIds);
  }

  quote(request: QuoteRequest): Promise<Quote> {
    return this.client.quote(request);
  }

  pay(request: PaymentRequest, idempotencyKey: string): Promise<PaymentAnswer> {
    return this.client.pay(request, idempotencyKey);
  }

  cancel(orderId: string): Promise<Order[]> {
    return this.client.cancelOrder(orderId);
  }

  cardSettings(): Promise<CardPaymentSettings | null> {
    return this.client.getCardPaymentSettings();
  }

  confirmCard(paymentId: string): Promise<Payment> {
    return this.client.confirmCardPayment(paymentId);
  }
}

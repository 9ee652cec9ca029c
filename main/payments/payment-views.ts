/** The ledger's and the billing API's payment records in the shape the page is sent. */
import type { Quote } from '../../shared/billing-api/payment-schemas';
import type { PaymentView, QuoteView } from '../../shared/ipc/payment-types';
import type { LedgerPayment } from '../ledger/payment-records';

export function quoteView(quote: Quote): QuoteView {
  return {
    orders: quote.orders.map((q) => ({
      orderId: q.order_id,
      official: q.official,
      discount: q.discount && { discountId: q.discount.discount_id, amount: q.discount.amount },
      coupons: q.coupons.map((c) => ({ couponId: c.coupon_id, amount: c.amount })),
      payable: q.payable,
      problems: q.problems,
    })),
    totals: quote.totals,
    optimal: quote.optimal ?? null,
  };
}

export function paymentView(p: LedgerPayment): PaymentView {
  const answer = p.answer;
  const orders = answer
    ? answer.orders.map((o) => ({
        orderId: o.order_id,
        outcome: o.outcome,
        newStatus: o.new_status ?? null,
        amountCharged: o.amount_charged,
        discount: o.discount && { discountId: o.discount.discount_id, amount: o.discount.amount },
        coupons: o.coupons.map((c) => ({ couponId: c.coupon_id, amount: c.amount })),
      }))
    : p.orderIds.map((orderId) => ({ orderId, outcome: null, newStatus: null, amountCharged: 0, discount: null, coupons: [] }));
  return {
    key: p.idempotencyKey,
    createdAt: p.createdAt,
    osUser: p.osUser,
    accountId: p.accountId,
    method: p.method,
    currency: p.currency,
    state: p.step === 'refused' ? 'refused' : (p.step === 'answered' || p.step === 'applied') && p.status !== 'requires_action' ? 'done' : 'pending',
    status: p.status,
    paymentId: p.paymentId,
    amountCharged: p.amountCharged,
    savings: p.savings,
    quotedPayable: p.quotedPayable,
    bill: answer?.bill ? { period: answer.bill.period, generatedOn: answer.bill.generated_on } : null,
    orders,
    refusal: p.refusal && {
      code: p.refusal.code,
      message: p.refusal.message,
      problems: p.refusal.problems,
    },
    lastError: p.lastError,
    card: answer?.card
      ? { brand: answer.card.brand, last4: answer.card.last4, amountAuthorized: answer.card.amount_authorized, amountReleased: answer.card.amount_released }
      : null,
    failure: answer?.failure ?? null,
  };
}

/** The payments domain of the IPC contract: the checkout, quotes, paying, the Payments page, cancelling. */
import { z } from 'zod';
import { PAYMENT_METHODS } from '../billing-api/payment-schemas';
import { MAX_ORDERS_PER_PAYMENT } from '../domain/orders';
import type { PaymentChannel } from './channels';
import { channel, type Channel } from './channel';
import type { CancelResult, CheckoutView, PayOrdersView, PaymentView, QuoteView, ReceiptPdfResult } from './payment-types';
import type { ExportResult } from './types';

const OrderId = z.string().min(1).max(64);
const SavingsId = z.string().min(1).max(64);
const Epoch = z.number().int().min(0).max(8.64e15);

/** One order of a payment with the clerk's choices: a discount (none if omitted; a 609 always applies) and up to 3 coupons. */
export const OrderChoiceInput = z
  .object({ orderId: OrderId, discountId: SavingsId.optional(), couponIds: z.array(SavingsId).max(3).default([]) })
  .strict();

const Choices = z.array(OrderChoiceInput).min(1).max(MAX_ORDERS_PER_PAYMENT);
const Method = z.enum(PAYMENT_METHODS);

export const OpenCheckoutInput = z.object({ orderIds: z.array(OrderId).min(1).max(MAX_ORDERS_PER_PAYMENT) }).strict();
export const QuotePaymentInput = z.object({ orders: Choices, method: Method, bestSavings: z.boolean().optional() }).strict();
export const PayOrdersInput = z
  .object({
    orders: Choices,
    method: Method,
    /** Contract-overlap orders whose independence from the contract the clerk confirmed, one by one. */
    contractConfirmed: z.array(OrderId).max(MAX_ORDERS_PER_PAYMENT).default([]),
    /** The total the clerk confirmed: the service charges nothing if its own differs. */
    expectedPayable: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** Each order's update time as the clerk saw it: a newer one at the service stops the payment. */
    seen: z.array(z.object({ orderId: OrderId, updateTime: Epoch }).strict()).max(MAX_ORDERS_PER_PAYMENT),
    /** With method card: the PaymentMethod the card form made (an id, never card data). */
    paymentMethodId: z
      .string()
      .regex(/^pm_[A-Za-z0-9_]{1,250}$/)
      .optional(),
  })
  .strict()
  .refine((input) => (input.method === 'card') === (input.paymentMethodId !== undefined), { message: 'paymentMethodId goes with method card, and only with it', path: ['paymentMethodId'] });
/** A card payment whose authorization ended (authorized, declined, abandoned): settled at the service. */
export const FinishCardPaymentInput = z.object({ key: z.string().uuid() }).strict();
export const ListPaymentsInput = z.object({ from: Epoch.default(0), to: Epoch.default(8.64e15) }).strict();
export const GetPaymentInput = z.object({ key: z.string().uuid() }).strict();
export const CancelOrderInput = z.object({ orderId: OrderId }).strict();
/** The payments of the Payments page's range (epoch ms, `to` exclusive), as listPayments reads them. */
export const ExportPaymentsInput = z.object({ from: Epoch.optional(), to: Epoch.optional() }).strict();
/** One payment's receipt, as the page shows it for print: saved as a PDF in Electron. */
export const SaveReceiptPdfInput = z.object({ key: z.string().uuid() }).strict();

export const paymentsContract = {
  /** The orders fresh from the service with their discounts and the account's coupons. */
  openCheckout: channel<CheckoutView>()(OpenCheckoutInput),
  quotePayment: channel<QuoteView>()(QuotePaymentInput),
  /** A card payment answers with what its card form needs to authorize it; then finishCardPayment. */
  payOrders: channel<PayOrdersView>()(PayOrdersInput),
  finishCardPayment: channel<PaymentView>()(FinishCardPaymentInput),
  listPayments: channel<readonly PaymentView[]>()(ListPaymentsInput),
  getPayment: channel<PaymentView | null>()(GetPaymentInput),
  cancelOrder: channel<CancelResult>()(CancelOrderInput),
  /** The Payments page's payments to CSV: Electron asks where to save, the web face answers a download. */
  exportPaymentsCsv: channel<ExportResult>()(ExportPaymentsInput),
  /** The receipt on screen printed to PDF (Electron only: the web face uses the browser's print dialog). */
  saveReceiptPdf: channel<ReceiptPdfResult>()(SaveReceiptPdfInput),
} satisfies Record<PaymentChannel, Channel<z.ZodType, unknown>>;

/**
 * The paying targets of `npm run bench`, against the sandbox process on loopback with the app's own
 * code: a quote of 30 orders, opening the checkout for 30 orders, and a combined payment of 30
 * orders from Pay to the answer the results view shows (the IPC call the Pay button makes; the
 * results view then only renders it). Each payment uses 30 orders of its own.
 */
import type { BillingClient } from '../main/billing/billing-client';
import type { Cache } from '../main/cache/cache';
import type { IpcResult } from '../shared/ipc/contract';
import type { CheckoutView, PaymentView, QuoteView } from '../shared/ipc/payment-types';
import { OrderStatus } from '../shared/domain/orders';

export interface PaymentBenchResult {
  readonly quoteP50Ms: number;
  readonly quoteP95Ms: number;
  readonly openCheckoutP50Ms: number;
  readonly openCheckoutP95Ms: number;
  readonly paymentMs: readonly number[];
}

type Call = (channel: string, input: unknown) => Promise<IpcResult<unknown>>;

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
};

async function value<T>(result: Promise<IpcResult<unknown>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

export async function benchPayments({ client, cache, call, now }: { client: BillingClient; cache: Cache; call: Call; now: number }): Promise<PaymentBenchResult> {
  // Single orders of one currency payable for a while, without a contract to confirm: 30 per payment.
  const rows = [0, 500, 1000, 1500].flatMap((offset) => cache.orders.list({ filter: { statuses: [OrderStatus.PendingPayment] }, sort: { by: 'expire_time', dir: 'desc' }, offset, limit: 500 }, now).rows);
  const single = rows.filter((o) => o.combinedOrderId === null && !o.contractOverlap);
  const currency = single.filter((o) => o.currency === single[0]!.currency).length * 2 >= single.length ? single[0]!.currency : single.find((o) => o.currency !== single[0]!.currency)!.currency;
  const usable = single.filter((o) => o.currency === currency);
  const batches = Array.from({ length: Math.floor(usable.length / 30) }, (_, i) => usable.slice(i * 30, i * 30 + 30));
  if (batches.length < 6) throw new Error(`only ${batches.length} batches of 30 payable orders`);
  const choices = (batch: typeof usable) => batch.map((o) => ({ order_id: o.orderId, coupon_ids: [] }));

  const quoteMs: number[] = [];
  for (let i = 0; i < 60; i++) {
    const started = performance.now();
    await client.quote({ orders: choices(batches[i % batches.length]!), method: 'monthly_settlement' });
    quoteMs.push(performance.now() - started);
  }

  const openMs: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    await value<CheckoutView>(call('openCheckout', { orderIds: batches[i % batches.length]!.map((o) => o.orderId) }));
    openMs.push(performance.now() - started);
  }

  const paymentMs: number[] = [];
  for (const batch of batches.slice(0, 5)) {
    const view = await value<CheckoutView>(call('openCheckout', { orderIds: batch.map((o) => o.orderId) }));
    const orders = view.orders.map(({ order }) => ({ orderId: order.orderId, couponIds: [] }));
    const quote = await value<QuoteView>(call('quotePayment', { orders, method: 'monthly_settlement' }));
    const started = performance.now();
    const payment = await value<PaymentView>(
      call('payOrders', { orders, method: 'monthly_settlement', contractConfirmed: [], expectedPayable: quote.totals.payable, seen: view.orders.map(({ order }) => ({ orderId: order.orderId, updateTime: order.updateTime })) }),
    );
    paymentMs.push(Math.round(performance.now() - started));
    if (payment.status !== 'completed') throw new Error(`a bench payment ended ${payment.status ?? payment.state}: ${JSON.stringify(payment.refusal)}`);
  }
  return {
    quoteP50Ms: percentile(quoteMs, 50),
    quoteP95Ms: percentile(quoteMs, 95),
    openCheckoutP50Ms: percentile(openMs, 50),
    openCheckoutP95Ms: percentile(openMs, 95),
    paymentMs,
  };
}

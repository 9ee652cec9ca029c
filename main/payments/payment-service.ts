import { randomUUID } from 'node:crypto';
import type { PaymentRequest } from '../../shared/billing-api/payment-schemas';
import { checkoutOrders } from '../../shared/billing/checkout-orders';
import { monthlyBillFor } from '../../shared/billing/monthly-bill';
import type { ChannelParsedInput } from '../../shared/ipc/contract';
import type { CancelResult, CardCheckout, CheckoutView, PayOrdersView, PaymentView, QuoteView } from '../../shared/ipc/payment-types';
import { OrderStatus } from '../../shared/domain/orders';
import { BillingApiError } from '../billing/billing-api-error';
import type { Cache } from '../cache/cache';
import { IpcRefusal } from '../ipc/ipc-refusal';
import type { Ledger } from '../ledger/ledger';
import type { Logger } from '../logger';
import type { EventHub } from '../sync/event-hub';
import type { SyncEngine } from '../sync/sync-engine';
import { crashAfterSend, crashPoint } from './crash-points';
import type { PaymentGateway } from './payment-gateway';
import { paymentView, quoteView } from './payment-views';

export interface PaymentServiceOptions {
  /** Null when the ledger can't be used: paying is then refused with `payingDisabled`. */
  readonly ledger: Ledger | null;
  readonly payingDisabled: string | null;
  readonly gateway: PaymentGateway;
  readonly sync: Pick<SyncEngine, 'refreshOrders' | 'state'>;
  readonly cache: Cache;
  readonly events: EventHub;
  readonly log: Logger;
  /** Who pays, as the ledger and the Payments page name them. */
  readonly osUser: string;
  /** The Stripe.js the card form loads first (demo mode: the sandbox's); null: Stripe's own. */
  readonly stripeScriptUrl: string | null;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Attempts at sending one payment in a row before it is left to the next reconciliation. */
export const SEND_ATTEMPTS = 3;
const RESEND_DELAY_MS = 400;
/**
 * How long a card payment is left to the clerk's card form (typing another card after a decline,
 * a 3-D Secure challenge) before a reconciliation settles it as abandoned; a restart settles it at once.
 */
export const CARD_AUTHORIZATION_WINDOW_MS = 15 * 60_000;

type PayInput = ChannelParsedInput<'payOrders'>;

/**
 * Pays through the gateway so that no payment is made twice or silently lost: a ledger row with
 * its idempotency key is written before the request leaves, and moved on after each step; a
 * payment whose answer never came is sent again with the same key (the service then answers what
 * it did, or does it once) — right away a few times, and on start and when the connection returns.
 */
export class PaymentService {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Keys being sent or applied right now: a reconciliation never races a payment in progress. */
  private readonly busy = new Set<string>();
  /**
   * Card payments whose card form is open in this run, with what it needs to authorize them and
   * since when. Memory only: the client secret never reaches the ledger or a log.
   */
  private readonly authorizing = new Map<string, { readonly clientSecret: string; readonly publishableKey: string; readonly since: number }>();

  constructor(private readonly options: PaymentServiceOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** A payment is under way: being sent, unanswered or unapplied in the ledger, or its card step open. */
  hasOpenPayment(): boolean {
    return this.busy.size > 0 || this.authorizing.size > 0 || (this.options.ledger?.payments.unfinished().length ?? 0) > 0;
  }

  /** The orders with their whole combined purchases, fresh from the service, with what may be saved on them. */
  async checkout(orderIds: readonly string[]): Promise<CheckoutView> {
    const { cache, gateway } = this.options;
    const grouped = checkoutOrders(cache.orders, orderIds, this.serverNow()).orders.map((o) => o.orderId);
    const ids = grouped.length > 0 ? grouped : [...orderIds];
    await this.reachService(() => this.options.sync.refreshOrders(ids));
    const orders = ids.flatMap((id) => cache.orders.get(id) ?? []);
    const [discounts, coupons] = await this.reachService(() =>
      Promise.all([Promise.all(orders.map((o) => gateway.discounts(o.orderId))), orders.length > 0 ? gateway.coupons(orders.map((o) => o.orderId)) : Promise.resolve([])]),
    );
    const account = cache.syncState.account();
    const serverNow = this.serverNow();
    const bill = monthlyBillFor(serverNow);
    return {
      orders: orders.map((order, i) => ({ order, discounts: discounts[i] ?? [] })),
      coupons,
      serverNow,
      monthlySettlement: { available: account?.monthlySettlementEnabled ?? false, postpaid: account?.postpaid ?? false },
      bill: { period: bill.period, generatedOn: bill.generated_on },
      payingDisabled: this.options.payingDisabled,
      card: await this.cardCheckout(),
    };
  }

  private async cardCheckout(): Promise<CardCheckout> {
    let settings;
    try {
      settings = await this.options.gateway.cardSettings();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { available: false, reason: `The billing service could not say how to pay by card (${reason}).` };
    }
    if (!settings) return { available: false, reason: 'This billing service does not take card payments.' };
    // Stripe.js refuses live keys on a page that is not https, and both faces serve the page from
    // elsewhere (app://, http://127.0.0.1): say so here rather than let the card form fail.
    if (settings.publishable_key.startsWith('pk_live_')) {
      return { available: false, reason: 'Live card payments need the card step on an https page, which this build does not serve yet: pay by monthly settlement, or see the README ("Paying by card in production").' };
    }
    return { available: true, publishableKey: settings.publishable_key, scriptUrl: this.options.stripeScriptUrl };
  }

  async quote(input: ChannelParsedInput<'quotePayment'>): Promise<QuoteView> {
    const quote = await this.reachService(() =>
      this.options.gateway.quote({
        orders: input.orders.map(toChoice),
        method: input.method,
        ...(input.bestSavings ? { best_savings: true } : {}),
      }),
    );
    return quoteView(quote);
  }

  /**
   * Refreshes the orders first. One still payable that changed since the clerk saw it (its amount,
   * say) stops the payment: nothing is sent and the clerk is asked to look again. One no longer
   * payable (paid or cancelled elsewhere, back to approval) is sent as it was chosen: the service
   * skips it, with its group, and reports why, while the others are paid. Then the ledger row,
   * then the request.
   */
  async pay(input: PayInput): Promise<PayOrdersView> {
    const ledger = this.ledgerOrRefuse();
    const account = this.options.cache.syncState.account();
    if (!account) throw new IpcRefusal('unavailable', 'Settle has not reached the billing service yet: nothing was paid.');

    const orderIds = input.orders.map((o) => o.orderId);
    const { orders, missingIds } = await this.reachService(() => this.options.sync.refreshOrders(orderIds));
    const seen = new Map(input.seen.map((s) => [s.orderId, s.updateTime]));
    const changed = [
      ...missingIds,
      ...orders.filter((o) => o.status === OrderStatus.PendingPayment && Date.parse(o.update_time) !== seen.get(o.order_id)).map((o) => o.order_id),
    ];
    if (changed.length > 0) {
      throw new IpcRefusal('orders_changed', `${changed.length} of the orders changed at the billing service since you looked: check them and confirm again.`, { changedOrderIds: changed });
    }

    const request: PaymentRequest = {
      orders: input.orders.map(toChoice),
      method: input.method,
      contract_independence_confirmed: [...input.contractConfirmed],
      expected_payable: input.expectedPayable,
      ...(input.paymentMethodId === undefined ? {} : { payment_method_id: input.paymentMethodId }),
    };
    const key = randomUUID();
    const at = this.now();
    ledger.payments.prepare(
      {
        idempotencyKey: key,
        accountId: account.customerId,
        osUser: this.options.osUser,
        method: input.method,
        currency: orders[0]?.currency ?? account.currency,
        orderIds,
        request,
        quotedPayable: input.expectedPayable,
        quotedSavings: orders.reduce((sum, o) => sum + o.official_amount, 0) - input.expectedPayable,
      },
      at,
    );
    ledger.audit.append('payment.prepared', { key, orderIds, method: input.method, expectedPayable: input.expectedPayable }, at);
    crashPoint('before-request');
    const view = await this.settle(key, { cardFormOpen: true });
    const authorization = this.authorizing.get(key);
    return { ...view, cardAuthorization: authorization ? { clientSecret: authorization.clientSecret, publishableKey: authorization.publishableKey } : null };
  }

  /**
   * The card form is done with a card payment (authorized, or given up after a decline or a failed
   * challenge): the service captures what is still payable and releases the rest, or lets it go.
   */
  async finishCardPayment(key: string): Promise<PaymentView> {
    const row = this.ledgerOrRefuse().payments.get(key);
    if (!row || row.method !== 'card') throw new IpcRefusal('invalid_input', 'No such card payment.');
    this.authorizing.delete(key);
    return this.settle(key);
  }

  /** Every payment that a crash or a lost connection left without a known outcome, sent again or applied. */
  async reconcile(): Promise<PaymentView[]> {
    const ledger = this.options.ledger;
    if (!ledger) return [];
    const settled: PaymentView[] = [];
    for (const row of ledger.payments.unfinished()) {
      if (this.busy.has(row.idempotencyKey)) continue;
      const form = this.authorizing.get(row.idempotencyKey);
      if (form && this.now() - form.since < CARD_AUTHORIZATION_WINDOW_MS) continue;
      this.authorizing.delete(row.idempotencyKey);
      this.options.log.info('payment: reconciling an unfinished payment', { key: row.idempotencyKey, step: row.step });
      settled.push(await this.settle(row.idempotencyKey));
    }
    return settled;
  }

  /** Cancels the order with its whole combined purchase at the service, and drops them from the cache. */
  async cancel(orderId: string): Promise<CancelResult> {
    const { cache, gateway, sync, ledger, log } = this.options;
    const group = checkoutOrders(cache.orders, [orderId], this.serverNow()).orders.map((o) => o.orderId);
    let cancelled: string[];
    try {
      cancelled = (await gateway.cancel(orderId)).map((o) => o.order_id);
    } catch (error) {
      if (error instanceof BillingApiError && error.kind === 'rejected') {
        await sync.refreshOrders(group.length > 0 ? group : [orderId]).catch(() => undefined);
        throw new IpcRefusal('refused', `The order could not be cancelled: ${error.message}`, { bssCode: error.details.errorCode });
      }
      if (error instanceof BillingApiError) throw new IpcRefusal('unavailable', `The billing service could not be asked (${error.message}): nothing was cancelled.`);
      throw error;
    }
    ledger?.audit.append('order.cancelled', { orderId, cancelled });
    log.info('orders cancelled', { orderId, cancelled });
    await sync.refreshOrders(cancelled).catch(() => undefined);
    return { cancelled };
  }

  list(from: number, to: number): PaymentView[] {
    return (this.options.ledger?.payments.list(from, to, 10_000) ?? []).map(paymentView);
  }

  get(key: string): PaymentView | null {
    const row = this.options.ledger?.payments.get(key);
    return row ? paymentView(row) : null;
  }

  /**
   * Moves a payment on as far as it can go: sent (again, with its key) until answered, a card
   * payment settled once its card form is done with it, then applied to the cache.
   */
  private async settle(key: string, { cardFormOpen = false } = {}): Promise<PaymentView> {
    const ledger = this.ledgerOrRefuse();
    this.busy.add(key);
    try {
      const row = ledger.payments.get(key);
      if (!row) throw new Error(`no ledger row for payment ${key}`);
      if (row.step === 'prepared' || row.step === 'sent') await this.send(key, row.request, cardFormOpen);
      const answered = ledger.payments.get(key);
      if (answered?.step === 'answered' && answered.status === 'requires_action' && !this.authorizing.has(key)) await this.confirmCard(key, answered.paymentId!);
      const now = ledger.payments.get(key);
      if (now?.step === 'answered' && now.status !== 'requires_action') await this.apply(key);
      return paymentView(ledger.payments.get(key)!);
    } finally {
      this.busy.delete(key);
      this.options.events.emit({ type: 'payments-changed', key });
    }
  }

  private async send(key: string, request: PaymentRequest, cardFormOpen: boolean): Promise<void> {
    const { payments, audit } = this.ledgerOrRefuse();
    for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
      payments.markSent(key, this.now());
      try {
        const sending = this.options.gateway.pay(request, key);
        await crashAfterSend();
        const answer = await sending;
        crashPoint('after-response');
        if (answer.kind === 'refused') {
          const { refusal } = answer;
          payments.recordRefusal(key, { code: refusal.error_code, message: refusal.error_msg, problems: refusal.problems.map((p) => ({ orderId: p.order_id, code: p.code, message: p.message })) }, this.now());
          audit.append('payment.refused', { key, code: refusal.error_code, problems: refusal.problems.length });
          return;
        }
        const { payment } = answer;
        payments.recordAnswer(key, payment, this.now());
        audit.append('payment.answered', { key, paymentId: payment.payment_id, status: payment.status, amountCharged: payment.amount_charged });
        if (cardFormOpen && payment.status === 'requires_action' && payment.client_secret && payment.publishable_key) {
          this.authorizing.set(key, { clientSecret: payment.client_secret, publishableKey: payment.publishable_key, since: this.now() });
        }
        crashPoint('before-cache-update');
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        payments.recordError(key, reason, this.now());
        this.options.log.warn('payment: no answer; it will be sent again with the same key', { key, attempt, reason });
        if (attempt < SEND_ATTEMPTS) await this.sleep(RESEND_DELAY_MS * attempt);
      }
    }
  }

  /** A card payment's settlement at the service, which replaces its authorization's answer in the ledger. */
  private async confirmCard(key: string, paymentId: string): Promise<void> {
    const { payments, audit } = this.ledgerOrRefuse();
    crashPoint('before-card-confirmation');
    try {
      const payment = await this.options.gateway.confirmCard(paymentId);
      crashPoint('after-card-confirmation');
      payments.recordAnswer(key, payment, this.now());
      audit.append('payment.card_settled', { key, paymentId, status: payment.status, amountCharged: payment.amount_charged, amountReleased: payment.card?.amount_released ?? 0 });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      payments.recordError(key, reason, this.now());
      this.options.log.warn('payment: the card payment could not be settled yet; it will be asked again', { key, reason });
    }
  }

  /** The outcome into the cache: paid orders leave the list, skipped ones show their new status. */
  private async apply(key: string): Promise<void> {
    const { payments } = this.ledgerOrRefuse();
    const row = payments.get(key)!;
    try {
      await this.options.sync.refreshOrders(row.orderIds);
      payments.markApplied(key, this.now());
    } catch (error) {
      // The answer is in the ledger; the next reconciliation or sync brings the cache up to date.
      this.options.log.warn('payment: answered, but the orders could not be refreshed yet', { key, reason: error instanceof Error ? error.message : String(error) });
    }
  }

  private ledgerOrRefuse(): Ledger {
    const { ledger, payingDisabled } = this.options;
    if (!ledger) throw new IpcRefusal('paying_disabled', payingDisabled ?? 'The payment ledger is not available: paying is disabled.');
    return ledger;
  }

  private serverNow(): number {
    return this.now() + this.options.sync.state().serverClockOffsetMs;
  }

  /** A call to the service whose failure the clerk is told about as such (nothing was paid). */
  private async reachService<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof BillingApiError) throw new IpcRefusal('unavailable', `The billing service could not be asked (${error.message}): nothing was paid.`);
      throw error;
    }
  }
}

function toChoice(o: { orderId: string; discountId?: string | undefined; couponIds: readonly string[] }) {
  return { order_id: o.orderId, ...(o.discountId === undefined ? {} : { discount_id: o.discountId }), coupon_ids: [...o.couponIds] };
}

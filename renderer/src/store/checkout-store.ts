import { create } from 'zustand';
import type { PaymentMethod } from '../../../shared/billing-api/payment-schemas';
import { bestSavings } from '../../../shared/billing/best-savings';
import { CARD_NOT_ACCEPTED_CODE, cardRefusal, type CardRefusal } from '../../../shared/billing/card-acceptance';
import { defaultChoice, quoteOrders, type Choice, type PricedOrder } from '../../../shared/billing/savings';
import type { CheckoutOrder, CheckoutView, PaymentView, QuoteView } from '../../../shared/ipc/payment-types';
import { BridgeError, call } from '../bridge';
import { errorMessage } from '../errors';

/** The clerk's choice for one order: a discount (null: none) and the coupons, in the order picked. */
export interface OrderPicks {
  readonly discountId: string | null;
  readonly couponIds: readonly string[];
}

/** `card`: the card step is shown (Go to Online Payment); `authorizing`: PAY NOW is at work. */
export type CheckoutStatus = 'loading' | 'ready' | 'paying' | 'card' | 'authorizing' | 'done' | 'failed';

/** What the card step's form does: Stripe's, in the page's CardPaymentStep. */
export interface CardForm {
  createPaymentMethod(): Promise<{ readonly ok: true; readonly id: string; readonly brand: string; readonly funding: string } | { readonly ok: false; readonly message: string }>;
  authorize(clientSecret: string, paymentMethodId: string): Promise<{ readonly ok: true } | { readonly ok: false; readonly message: string }>;
}

/** Why the card step stopped: the form's check, the card refused (by the app or the service), a decline. */
export type CardProblem =
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'not_accepted'; readonly refusal: CardRefusal }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'declined'; readonly message: string };

interface CheckoutState {
  readonly status: CheckoutStatus | null;
  readonly view: CheckoutView | null;
  readonly picks: Readonly<Record<string, OrderPicks>>;
  readonly method: PaymentMethod;
  readonly confirmed: readonly string[];
  /** The service's quote of `quotedFor`; paying waits for the one of the current picks. */
  readonly serviceQuote: QuoteView | null;
  readonly quotedFor: string | null;
  /** Orders that changed at the service since the clerk looked: flagged, to confirm again. */
  readonly changed: readonly string[];
  /** What Best savings chose last: its saving over the clerk's own picks, and whether it is proven best. */
  readonly best: { readonly saved: number; readonly optimal: boolean } | null;
  readonly result: PaymentView | null;
  readonly error: string | null;
  /** The card payment the service holds while its card is authorized: one per checkout, whatever cards are tried. */
  readonly cardPayment: { readonly key: string; readonly clientSecret: string } | null;
  readonly cardProblem: CardProblem | null;
  open(orderIds: readonly string[]): Promise<void>;
  setDiscount(orderId: string, discountId: string | null): void;
  toggleCoupon(orderId: string, couponId: string): void;
  setMethod(method: PaymentMethod): void;
  toggleConfirmed(orderId: string): void;
  applyBestSavings(): void;
  pay(): Promise<void>;
  goToCard(): void;
  leaveCard(): void;
  payByCard(form: CardForm): Promise<void>;
  paymentChanged(key: string): Promise<void>;
  close(): void;
}

/** An order as the savings rules read it. */
export const pricedOrder = ({ order, discounts }: CheckoutOrder): PricedOrder => ({
  order_id: order.orderId,
  official_amount: order.officialAmount,
  currency: order.currency,
  service_type_code: order.serviceTypeCode,
  order_type: order.orderType,
  discounts,
});

export const choicesOf = (view: CheckoutView, picks: Readonly<Record<string, OrderPicks>>): Choice[] =>
  view.orders.map(({ order }) => {
    const pick = picks[order.orderId];
    return { order_id: order.orderId, ...(pick?.discountId ? { discount_id: pick.discountId } : {}), coupon_ids: pick?.couponIds ?? [] };
  });

const choicesKey = (choices: readonly Choice[], method: PaymentMethod) => JSON.stringify([method, choices]);

/** The preview of the current picks, by the same rules the service charges by. */
export function localQuote(view: CheckoutView, picks: Readonly<Record<string, OrderPicks>>) {
  return quoteOrders(view.orders.map(pricedOrder), choicesOf(view, picks), view.coupons, view.serverNow);
}

function defaultPicks(view: CheckoutView): Record<string, OrderPicks> {
  return Object.fromEntries(
    view.orders.map((o) => {
      const choice = defaultChoice(pricedOrder(o));
      return [o.order.orderId, { discountId: choice.discount_id ?? null, couponIds: [...choice.coupon_ids] }];
    }),
  );
}

const toInput = (c: Choice) => ({ orderId: c.order_id, ...(c.discount_id === undefined ? {} : { discountId: c.discount_id }), couponIds: [...c.coupon_ids] });

const QUOTE_DELAY_MS = 250;
const CLEARED = { serviceQuote: null, quotedFor: null, changed: [], best: null, result: null, error: null, cardPayment: null, cardProblem: null } as const;

export const useCheckoutStore = create<CheckoutState>()((set, get) => {
  let quoteTimer: ReturnType<typeof setTimeout> | null = null;
  /** Asks the service for its figure of the current picks, once the clerk pauses. */
  const requote = (now = false) => {
    if (quoteTimer) clearTimeout(quoteTimer);
    const run = async () => {
      const { view, picks, method } = get();
      if (!view || view.orders.length === 0) return;
      const choices = choicesOf(view, picks);
      const key = choicesKey(choices, method);
      try {
        const quote = await call('quotePayment', { orders: choices.map(toInput), method });
        if (choicesKey(choicesOf(get().view ?? view, get().picks), get().method) === key) set({ serviceQuote: quote, quotedFor: key });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    };
    if (now) void run();
    else quoteTimer = setTimeout(() => void run(), QUOTE_DELAY_MS);
  };

  /** What the clerk confirmed, as payOrders takes it; null before the service has quoted it. */
  const payInput = () => {
    const { view, picks, method, confirmed, serviceQuote } = get();
    if (!view || !serviceQuote) return null;
    return {
      orders: choicesOf(view, picks).map(toInput),
      method,
      contractConfirmed: [...confirmed],
      expectedPayable: serviceQuote.totals.payable,
      seen: view.orders.map(({ order }) => ({ orderId: order.orderId, updateTime: order.updateTime })),
    };
  };

  /** Orders changed at the service (nothing was sent): shown as they are now, flagged, to confirm again. */
  const reloadIfChanged = async (error: unknown): Promise<boolean> => {
    if (!(error instanceof BridgeError) || error.error.code !== 'orders_changed') return false;
    const changed = error.error.details?.changedOrderIds ?? [];
    const view = get().view;
    if (view) await load(view.orders.map((o) => o.order.orderId), changed);
    set({ confirmed: get().confirmed.filter((id) => !changed.includes(id)) });
    return true;
  };

  /** The card form is done: the service captures what is still payable and releases the rest. */
  const finish = async (key: string) => {
    try {
      set({ status: 'done', result: await call('finishCardPayment', { key }), cardPayment: null });
    } catch (error) {
      // The ledger has the payment; Settle settles it when the service answers again.
      set({ status: 'done', result: await call('getPayment', { key }).catch(() => null), cardPayment: null, error: errorMessage(error) });
    }
  };

  const load = async (orderIds: readonly string[], changed: readonly string[] = []) => {
    try {
      const view = await call('openCheckout', { orderIds: [...orderIds] });
      const method: PaymentMethod = 'monthly_settlement';
      set({ status: 'ready', view, picks: defaultPicks(view), method, ...CLEARED, changed });
      requote(true);
    } catch (error) {
      set({ status: 'failed', error: errorMessage(error) });
    }
  };

  return {
    status: null,
    view: null,
    picks: {},
    method: 'monthly_settlement',
    confirmed: [],
    serviceQuote: null,
    quotedFor: null,
    changed: [],
    best: null,
    result: null,
    error: null,
    cardPayment: null,
    cardProblem: null,

    async open(orderIds) {
      set({ status: 'loading', view: null, picks: {}, confirmed: [], ...CLEARED });
      await load(orderIds);
    },

    setDiscount(orderId, discountId) {
      const picks = get().picks;
      set({ picks: { ...picks, [orderId]: { discountId, couponIds: picks[orderId]?.couponIds ?? [] } }, best: null });
      requote();
    },

    toggleCoupon(orderId, couponId) {
      const picks = get().picks;
      const current = picks[orderId] ?? { discountId: null, couponIds: [] };
      const couponIds = current.couponIds.includes(couponId) ? current.couponIds.filter((id) => id !== couponId) : [...current.couponIds, couponId];
      set({ picks: { ...picks, [orderId]: { ...current, couponIds } }, best: null });
      requote();
    },

    setMethod(method) {
      set({ method });
      requote(true);
    },

    toggleConfirmed(orderId) {
      const confirmed = get().confirmed;
      set({ confirmed: confirmed.includes(orderId) ? confirmed.filter((id) => id !== orderId) : [...confirmed, orderId] });
    },

    applyBestSavings() {
      const { view, picks } = get();
      if (!view) return;
      const own = localQuote(view, picks).totals.payable;
      const found = bestSavings(view.orders.map(pricedOrder), view.coupons, view.serverNow);
      const chosen: Record<string, OrderPicks> = Object.fromEntries(found.choices.map((c) => [c.order_id, { discountId: c.discount_id ?? null, couponIds: [...c.coupon_ids] }]));
      const best = localQuote(view, chosen).totals.payable;
      set({ picks: chosen, best: { saved: own - best, optimal: found.optimal } });
      requote(true);
    },

    async pay() {
      const input = payInput();
      if (!input) return;
      set({ status: 'paying', error: null });
      try {
        const result = await call('payOrders', input);
        if (result.state === 'refused') {
          set({ status: 'ready', error: result.refusal?.message ?? null, result: null });
          requote(true);
          return;
        }
        set({ status: 'done', result });
      } catch (error) {
        if (await reloadIfChanged(error)) return;
        set({ status: 'ready', error: errorMessage(error) });
      }
    },

    goToCard() {
      if (get().status === 'ready' && get().method === 'card') set({ status: 'card', cardProblem: null, error: null });
    },

    leaveCard() {
      // Back to the checkout is only before the service holds anything; after, Cancel lets it go.
      if (get().status === 'card' && get().cardPayment === null) set({ status: 'ready', cardProblem: null });
    },

    async payByCard(form) {
      if (get().status !== 'card') return;
      set({ status: 'authorizing', cardProblem: null, error: null });
      const stop = (cardProblem: CardProblem) => set({ status: 'card', cardProblem });
      const method = await form.createPaymentMethod();
      if (!method.ok) return stop({ kind: 'invalid', message: method.message });
      // Checked here first: a card that is not taken never reaches the billing service.
      const refusal = cardRefusal(method);
      if (refusal) return stop({ kind: 'not_accepted', refusal });

      let payment = get().cardPayment;
      if (!payment) {
        const input = payInput();
        if (!input) return;
        let result;
        try {
          result = await call('payOrders', { ...input, paymentMethodId: method.id });
        } catch (error) {
          if (await reloadIfChanged(error)) return;
          return stop({ kind: 'refused', message: errorMessage(error) });
        }
        if (result.state === 'refused') {
          if (result.refusal?.code === CARD_NOT_ACCEPTED_CODE) return stop({ kind: 'refused', message: result.refusal.message });
          set({ status: 'ready', error: result.refusal?.message ?? null });
          requote(true);
          return;
        }
        if (!result.cardAuthorization) return set({ status: 'done', result });
        payment = { key: result.key, clientSecret: result.cardAuthorization.clientSecret };
        set({ cardPayment: payment });
      }
      const authorized = await form.authorize(payment.clientSecret, method.id);
      // Declined or not authenticated: nothing is held, and another card may be tried on the same payment.
      if (!authorized.ok) return stop({ kind: 'declined', message: authorized.message });
      await finish(payment.key);
    },

    async paymentChanged(key) {
      if (get().result?.key !== key) return;
      const result = await call('getPayment', { key }).catch(() => null);
      if (result) set({ result });
    },

    close() {
      if (quoteTimer) clearTimeout(quoteTimer);
      // A card payment given up on (after a decline, say): the service lets its authorization go.
      const abandoned = get().status !== 'done' ? get().cardPayment : null;
      if (abandoned) void call('finishCardPayment', { key: abandoned.key }).catch(() => undefined);
      set({ status: null, view: null, picks: {}, confirmed: [], ...CLEARED });
    },
  };
});

/** Whether the service's quote is the one of what the clerk sees now. */
export const quoteIsCurrent = (s: Pick<CheckoutState, 'view' | 'picks' | 'method' | 'quotedFor'>): boolean =>
  s.view !== null && s.quotedFor === choicesKey(choicesOf(s.view, s.picks), s.method);

import { create } from 'zustand';
import type { PaymentMethod } from '../../../shared/billing-api/payment-schemas';
import { bestSavings } from '../../../shared/billing/best-savings';
import { defaultChoice, quoteOrders, type Choice, type PricedOrder } from '../../../shared/billing/savings';
import type { CheckoutOrder, CheckoutView, PaymentView, QuoteView } from '../../../shared/ipc/payment-types';
import { BridgeError, call } from '../bridge';
import { errorMessage } from '../errors';

/** The clerk's choice for one order: a discount (null: none) and the coupons, in the order picked. */
export interface OrderPicks {
  readonly discountId: string | null;
  readonly couponIds: readonly string[];
}

export type CheckoutStatus = 'loading' | 'ready' | 'paying' | 'done' | 'failed';

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
  open(orderIds: readonly string[]): Promise<void>;
  setDiscount(orderId: string, discountId: string | null): void;
  toggleCoupon(orderId: string, couponId: string): void;
  setMethod(method: PaymentMethod): void;
  toggleConfirmed(orderId: string): void;
  applyBestSavings(): void;
  pay(): Promise<void>;
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

  const load = async (orderIds: readonly string[], changed: readonly string[] = []) => {
    try {
      const view = await call('openCheckout', { orderIds: [...orderIds] });
      const method: PaymentMethod = 'monthly_settlement';
      set({ status: 'ready', view, picks: defaultPicks(view), method, serviceQuote: null, quotedFor: null, changed, best: null, error: null });
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

    async open(orderIds) {
      set({ status: 'loading', view: null, picks: {}, confirmed: [], serviceQuote: null, quotedFor: null, changed: [], best: null, result: null, error: null });
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
      const { view, picks, method, confirmed, serviceQuote } = get();
      if (!view || !serviceQuote) return;
      set({ status: 'paying', error: null });
      try {
        const result = await call('payOrders', {
          orders: choicesOf(view, picks).map(toInput),
          method,
          contractConfirmed: [...confirmed],
          expectedPayable: serviceQuote.totals.payable,
          seen: view.orders.map(({ order }) => ({ orderId: order.orderId, updateTime: order.updateTime })),
        });
        if (result.state === 'refused') {
          set({ status: 'ready', error: result.refusal?.message ?? null, result: null });
          requote(true);
          return;
        }
        set({ status: 'done', result });
      } catch (error) {
        if (error instanceof BridgeError && error.error.code === 'orders_changed') {
          // Nothing was sent: show the orders as they are now, flag what changed, and let the clerk confirm again.
          const changed = error.error.details?.changedOrderIds ?? [];
          await load(view.orders.map((o) => o.order.orderId), changed);
          set({ confirmed: get().confirmed.filter((id) => !changed.includes(id)) });
          return;
        }
        set({ status: 'ready', error: errorMessage(error) });
      }
    },

    async paymentChanged(key) {
      if (get().result?.key !== key) return;
      const result = await call('getPayment', { key }).catch(() => null);
      if (result) set({ result });
    },

    close() {
      if (quoteTimer) clearTimeout(quoteTimer);
      set({ status: null, view: null, picks: {}, confirmed: [], serviceQuote: null, quotedFor: null, changed: [], best: null, result: null, error: null });
    },
  };
});

/** Whether the service's quote is the one of what the clerk sees now. */
export const quoteIsCurrent = (s: Pick<CheckoutState, 'view' | 'picks' | 'method' | 'quotedFor'>): boolean =>
  s.view !== null && s.quotedFor === choicesKey(choicesOf(s.view, s.picks), s.method);

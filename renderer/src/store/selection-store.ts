import { create } from 'zustand';
import { deselectGroup, groupKey, groupOrders, paymentBlocker, selectGroup, type SelectionRefusal } from '../../../shared/billing/selection';
import { MAX_ORDERS_PER_PAYMENT } from '../../../shared/domain/orders';
import type { OrderRow } from '../../../shared/ipc/types';
import { call } from '../bridge';
import { serverNow } from '../server-clock';
import { useOrdersStore } from './orders-store';
import { useUiStore } from './ui-store';

/** Why orders left the selection without the clerk unticking them. */
export type LeaveReason = 'gone' | 'pending_approval' | 'expired' | 'not_payable';

export type SelectionNotice =
  /** `about`: the order the clerk acted on, so a refusal over another member of its group says so. */
  | { readonly kind: 'refusal'; readonly refusal: SelectionRefusal; readonly about: string | null }
  /** Ctrl/Cmd+A, counted in orders: what it selected and why the other payable-looking ones were left out. */
  | {
      readonly kind: 'select_all';
      readonly selected: number;
      /** Payable orders in view that were selected before. */
      readonly alreadySelected: number;
      readonly blocked: number;
      readonly otherCurrency: number;
      readonly overLimit: number;
      readonly wasFull: boolean;
    }
  | { readonly kind: 'left'; readonly orders: readonly { readonly orderId: string; readonly reason: LeaveReason }[] };

interface SelectionState {
  readonly selected: readonly OrderRow[];
  readonly notice: SelectionNotice | null;
  /** Where a Shift range starts: the row last toggled by the clerk. */
  readonly anchor: number | null;
  isSelected(orderId: string): boolean;
  toggle(row: OrderRow, index: number): Promise<void>;
  /** Shift: the range from the anchor (or, without one, from `from`, the row the keyboard left) to `index`. */
  extendTo(index: number, from?: number): Promise<void>;
  /** The payable rows on screen, in view order, whole groups, up to 30 orders. */
  selectAllInView(): Promise<void>;
  /** After a sync: groups with an order paid, cancelled or blocked elsewhere leave, and the clerk is told; the rest are refreshed. */
  revalidate(): Promise<void>;
  /** On the clock's tick: groups with an order past its deadline leave, and the clerk is told. */
  dropExpired(now: number): void;
  /** Every way into the checkout: the orders with their whole groups, judged in main, or the reason they can't be paid. */
  checkout(orderIds: readonly string[], about?: string): Promise<void>;
  /** Orders this app just paid: they leave the selection quietly, and are not told as having left "elsewhere". */
  paidHere(orderIds: readonly string[]): void;
  clear(): void;
}

/** The orders with their whole combined purchases, as cached, and whether they can be paid together. */
const check = (orderIds: readonly string[]) => call('checkOrdersPayable', { orderIds: [...orderIds] });

const leaveReason = (order: OrderRow | undefined, now: number): LeaveReason | null => {
  if (!order) return 'gone';
  const blocker = paymentBlocker(order, now);
  return blocker && blocker.code !== 'limit' && blocker.code !== 'currency' ? blocker.code : null;
};

/** Orders that left are told together: a sync and the clock's tick may each send some away. */
function withLeft(current: SelectionNotice | null, left: readonly { orderId: string; reason: LeaveReason }[]): SelectionNotice {
  const earlier = current?.kind === 'left' ? current.orders.filter((o) => !left.some((l) => l.orderId === o.orderId)) : [];
  return { kind: 'left', orders: [...earlier, ...left] };
}

export const useSelectionStore = create<SelectionState>()((set, get) => {
  /** The selection without the groups that hold an order `reasonOf` gives a reason for; those are told. */
  const withoutUnpayable = (selected: readonly OrderRow[], reasonOf: (o: OrderRow) => LeaveReason | null) => {
    const left: { orderId: string; reason: LeaveReason }[] = [];
    const goneGroups = new Set<string>();
    for (const o of selected) {
      const reason = reasonOf(o);
      if (reason) {
        left.push({ orderId: o.orderId, reason });
        goneGroups.add(groupKey(o));
      }
    }
    return { kept: selected.filter((o) => !goneGroups.has(groupKey(o))), left };
  };

  return {
    selected: [],
    notice: null,
    anchor: null,

    isSelected: (orderId) => get().selected.some((o) => o.orderId === orderId),

    async toggle(row, index) {
      if (get().isSelected(row.orderId)) {
        set({ selected: deselectGroup(get().selected, row), notice: null, anchor: index });
        return;
      }
      const judged = await check([row.orderId]);
      const result = judged.refusal ? { ok: false as const, refusal: judged.refusal } : selectGroup(get().selected, judged.orders, serverNow());
      set(result.ok ? { selected: result.selection, notice: null, anchor: index } : { notice: { kind: 'refusal', refusal: result.refusal, about: row.orderId } });
    },

    async extendTo(index, from) {
      const anchor = get().anchor ?? from ?? index;
      // Window by window, reading again the rows the page has let go of (or never loaded), until the
      // selection is full: Shift+End over 100,000 orders reads only as far as it needs.
      let selection = get().selected;
      let limitReached = false;
      for await (const rows of useOrdersStore.getState().rowsBetween(Math.min(anchor, index), Math.max(anchor, index))) {
        const payable = rows.filter((row) => !paymentBlocker(row, serverNow()));
        if (payable.length === 0) continue;
        for (const group of groupOrders((await check(payable.map((r) => r.orderId))).orders)) {
          const result = selectGroup(selection, group, serverNow());
          if (result.ok) selection = result.selection;
          else if (result.refusal.code === 'limit') limitReached = true;
        }
        if (limitReached) break;
      }
      set({ selected: selection, notice: limitReached ? { kind: 'refusal', refusal: { code: 'limit', max: MAX_ORDERS_PER_PAYMENT }, about: null } : null });
    },

    async selectAllInView() {
      const before = get().selected;
      const { first, last } = useUiStore.getState().viewRange;
      const rows: OrderRow[] = [];
      for await (const chunk of useOrdersStore.getState().rowsBetween(first, last)) rows.push(...chunk);
      const now = serverNow();
      const payable = rows.filter((row) => !paymentBlocker(row, now));
      let selection = before;
      const counts = { blocked: rows.length - payable.length, otherCurrency: 0, overLimit: 0, alreadySelected: payable.filter((r) => get().isSelected(r.orderId)).length };
      if (payable.length > 0) {
        // Members of a group outside the view come along: a combined purchase is selected whole.
        for (const group of groupOrders((await check(payable.map((r) => r.orderId))).orders)) {
          const result = selectGroup(selection, group, now);
          if (result.ok) selection = result.selection;
          else if (result.refusal.code === 'limit') counts.overLimit += group.length;
          else if (result.refusal.code === 'currency') counts.otherCurrency += group.length;
          else counts.blocked += group.length;
        }
      }
      if (get().selected !== before) return;
      set({
        selected: selection,
        notice: { kind: 'select_all', selected: selection.length - before.length, ...counts, wasFull: before.length >= MAX_ORDERS_PER_PAYMENT },
      });
    },

    async revalidate() {
      const asked = get().selected;
      if (asked.length === 0) return;
      const judged = await check(asked.map((o) => o.orderId));
      const fresh = new Map(judged.orders.map((o) => [o.orderId, o]));
      const askedIds = new Set(asked.map((o) => o.orderId));
      const now = serverNow();
      // The selection as it is now: the clerk (or the clock) may have changed it while the answer
      // was on its way. Orders added since weren't asked about and stay as they are.
      const { kept, left } = withoutUnpayable(get().selected, (o) => (askedIds.has(o.orderId) ? leaveReason(fresh.get(o.orderId), now) : null));
      set({ selected: kept.map((o) => fresh.get(o.orderId) ?? o), ...(left.length > 0 ? { notice: withLeft(get().notice, left) } : {}) });
    },

    dropExpired(now) {
      const { kept, left } = withoutUnpayable(get().selected, (o) => (o.expireTime <= now ? 'expired' : null));
      if (left.length > 0) set({ selected: kept, notice: withLeft(get().notice, left) });
    },

    async checkout(orderIds, about) {
      const judged = await check(orderIds);
      if (judged.refusal) {
        set({ notice: { kind: 'refusal', refusal: judged.refusal, about: about ?? null } });
        return;
      }
      useUiStore.getState().openCheckout(judged.orders);
    },

    paidHere(orderIds) {
      const paid = new Set(orderIds);
      const { selected, notice } = get();
      const rest = notice?.kind === 'left' ? notice.orders.filter((o) => !paid.has(o.orderId)) : null;
      set({
        selected: selected.filter((o) => !paid.has(o.orderId)),
        ...(rest === null ? {} : { notice: rest.length > 0 ? { kind: 'left', orders: rest } : null }),
      });
    },

    clear() {
      set({ selected: [], notice: null, anchor: null });
    },
  };
});

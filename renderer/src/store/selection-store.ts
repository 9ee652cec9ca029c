import { create } from 'zustand';
import { deselectGroup, groupKey, paymentBlocker, selectGroup, selectGroups, type SelectionRefusal } from '../../../shared/billing/selection';
import { MAX_ORDERS_PER_PAYMENT } from '../../../shared/domain/orders';
import type { OrderRow } from '../../../shared/ipc/types';
import { call } from '../bridge';
import { serverNow } from '../server-clock';
import { useOrdersStore } from './orders-store';

export type SelectionNotice = { readonly kind: 'refusal'; readonly refusal: SelectionRefusal } | { readonly kind: 'skipped'; readonly selected: number; readonly skipped: number };

interface SelectionState {
  readonly selected: readonly OrderRow[];
  readonly notice: SelectionNotice | null;
  /** Where a Shift range starts: the row last toggled by the clerk. */
  readonly anchor: number | null;
  isSelected(orderId: string): boolean;
  toggle(row: OrderRow, index: number): Promise<void>;
  extendTo(index: number): Promise<void>;
  selectAllInView(): Promise<void>;
  /** After a sync: drops groups whose orders were paid, cancelled or blocked elsewhere; refreshes the rest. */
  revalidate(): Promise<void>;
  clear(): void;
}

/** The whole combined purchase an order belongs to, as cached (the order alone when it has none). */
async function groupOf(row: OrderRow): Promise<OrderRow[]> {
  if (!row.combinedOrderId) return [row];
  const detail = await call('getOrder', { orderId: row.orderId });
  return detail ? [row, ...detail.groupMembers] : [row];
}

/** Groups for the rows, in row order, each once. */
async function groupsOf(rows: readonly OrderRow[]): Promise<OrderRow[][]> {
  const seen = new Set<string>();
  const groups: OrderRow[][] = [];
  for (const row of rows) {
    if (seen.has(groupKey(row))) continue;
    seen.add(groupKey(row));
    groups.push(await groupOf(row));
  }
  return groups;
}

export const useSelectionStore = create<SelectionState>()((set, get) => ({
  selected: [],
  notice: null,
  anchor: null,

  isSelected: (orderId) => get().selected.some((o) => o.orderId === orderId),

  async toggle(row, index) {
    if (get().isSelected(row.orderId)) {
      set({ selected: deselectGroup(get().selected, row), notice: null, anchor: index });
      return;
    }
    const result = selectGroup(get().selected, await groupOf(row), serverNow());
    set(result.ok ? { selected: result.selection, notice: null, anchor: index } : { notice: { kind: 'refusal', refusal: result.refusal } });
  },

  async extendTo(index) {
    const anchor = get().anchor ?? index;
    // Window by window, reading again the rows the page has let go of (or never loaded), until the
    // selection is full: Shift+End over 100,000 orders reads only as far as it needs.
    let result = { selection: get().selected, limitReached: false };
    for await (const rows of useOrdersStore.getState().rowsBetween(Math.min(anchor, index), Math.max(anchor, index))) {
      result = selectGroups(result.selection, await groupsOf(rows.filter((row) => !paymentBlocker(row, serverNow()))), serverNow());
      if (result.limitReached) break;
    }
    set({ selected: result.selection, notice: result.limitReached ? { kind: 'refusal', refusal: { code: 'limit', max: MAX_ORDERS_PER_PAYMENT } } : null });
  },

  async selectAllInView() {
    const { filter, sort } = useOrdersStore.getState();
    // Enough rows to fill 30 orders even when many in view are pending approval or expired.
    const { rows } = await call('listOrders', { filter, sort, offset: 0, limit: 200 });
    const payable = rows.filter((row) => !paymentBlocker(row, serverNow()));
    const before = get().selected.length;
    const result = selectGroups(get().selected, await groupsOf(payable), serverNow());
    set({
      selected: result.selection,
      notice: result.skipped > 0 ? { kind: 'skipped', selected: result.selection.length - before, skipped: result.skipped } : null,
    });
  },

  async revalidate() {
    const before = get().selected;
    if (before.length === 0) return;
    const fresh = await Promise.all(before.map((o) => call('getOrder', { orderId: o.orderId })));
    const now = serverNow();
    const gone = new Set(before.filter((o, i) => { const f = fresh[i]; return !f || paymentBlocker(f, now) !== null; }).map(groupKey));
    const kept = fresh.filter((f): f is NonNullable<typeof f> => f !== null && !gone.has(groupKey(f)));
    // The clerk may have changed the selection while the answers were on their way.
    if (get().selected !== before) return;
    set({ selected: kept.map(({ lineItems: _items, groupMembers: _members, ...row }) => row) });
  },

  clear() {
    set({ selected: [], notice: null, anchor: null });
  },
}));

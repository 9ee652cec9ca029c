/**
 * What a clerk may put into one payment (docs/domain.md): only pending-payment orders
 * before their deadline, whole combined-purchase groups, one currency, at most 30 orders.
 * Pure functions over plain rows, so the renderer enforces the rules as the clerk clicks and the
 * payment code can check them again before anything is charged.
 */
import { MAX_ORDERS_PER_PAYMENT, OrderStatus } from '../domain/orders';

export interface SelectableOrder {
  readonly orderId: string;
  readonly status: number;
  readonly currency: string;
  readonly combinedOrderId: string | null;
  readonly expireTime: number;
  readonly amountAfterDiscount: number;
}

export type SelectionRefusal =
  | { readonly code: 'limit'; readonly max: number }
  | { readonly code: 'pending_approval'; readonly orderId: string }
  | { readonly code: 'expired'; readonly orderId: string }
  | { readonly code: 'not_payable'; readonly orderId: string }
  | { readonly code: 'currency'; readonly selectedCurrency: string };

export type SelectionResult<T extends SelectableOrder> =
  | { readonly ok: true; readonly selection: readonly T[] }
  | { readonly ok: false; readonly refusal: SelectionRefusal };

/** Why this order can't be paid now, or null when it can. `now` is the billing service's clock. */
export function paymentBlocker(order: SelectableOrder, now: number): SelectionRefusal | null {
  if (order.status === OrderStatus.PendingApproval) return { code: 'pending_approval', orderId: order.orderId };
  if (order.status !== OrderStatus.PendingPayment) return { code: 'not_payable', orderId: order.orderId };
  if (order.expireTime <= now) return { code: 'expired', orderId: order.orderId };
  return null;
}

/** The key that binds orders paid together: the combined purchase, or the order alone. */
export const groupKey = (order: SelectableOrder): string => order.combinedOrderId ?? `order:${order.orderId}`;

/**
 * Adds an order together with its whole combined-purchase group (`group` holds every member,
 * the order itself included), or says why it can't.
 */
export function selectGroup<T extends SelectableOrder>(selection: readonly T[], group: readonly T[], now: number): SelectionResult<T> {
  for (const member of group) {
    const blocker = paymentBlocker(member, now);
    if (blocker) return { ok: false, refusal: blocker };
  }
  const chosen = new Set(selection.map((o) => o.orderId));
  const added = group.filter((o) => !chosen.has(o.orderId));
  if (added.length === 0) return { ok: true, selection };
  const currency = selection[0]?.currency;
  if (currency !== undefined && added.some((o) => o.currency !== currency)) return { ok: false, refusal: { code: 'currency', selectedCurrency: currency } };
  if (selection.length + added.length > MAX_ORDERS_PER_PAYMENT) return { ok: false, refusal: { code: 'limit', max: MAX_ORDERS_PER_PAYMENT } };
  return { ok: true, selection: [...selection, ...added] };
}

/** Removes the order's whole group: a combined purchase is never half-selected. */
export function deselectGroup<T extends SelectableOrder>(selection: readonly T[], order: SelectableOrder): readonly T[] {
  const key = groupKey(order);
  return selection.filter((o) => groupKey(o) !== key);
}

/**
 * Selects as many of the candidate groups as the rules allow, in order (Ctrl+A over the rows in
 * view): blocked groups, other currencies and groups past the limit are skipped and counted.
 */
export function selectGroups<T extends SelectableOrder>(selection: readonly T[], groups: readonly (readonly T[])[], now: number): { selection: readonly T[]; skipped: number; limitReached: boolean } {
  let current = selection;
  let skipped = 0;
  let limitReached = false;
  for (const group of groups) {
    const result = selectGroup(current, group, now);
    if (result.ok) current = result.selection;
    else {
      skipped += 1;
      if (result.refusal.code === 'limit') limitReached = true;
    }
  }
  return { selection: current, skipped, limitReached };
}

/**
 * Whether these groups can go into one payment together, judged as a whole: every member payable,
 * one currency, at most 30 orders. The one check every way into the checkout goes through.
 */
export function payableTogether<T extends SelectableOrder>(groups: readonly (readonly T[])[], now: number): SelectionResult<T> {
  let selection: readonly T[] = [];
  for (const group of groups) {
    const result = selectGroup(selection, group, now);
    if (!result.ok) return result;
    selection = result.selection;
  }
  return { ok: true, selection };
}

/** The orders split into their combined-purchase groups, in the order each group first appears. */
export function groupOrders<T extends SelectableOrder>(orders: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const order of orders) {
    const key = groupKey(order);
    const group = groups.get(key);
    if (group) group.push(order);
    else groups.set(key, [order]);
  }
  return [...groups.values()];
}

/** The selection's total in integer minor units; the selection holds one currency by construction. */
export function selectionTotal(selection: readonly SelectableOrder[]): { amountMinor: number; currency: string } | null {
  const first = selection[0];
  if (!first) return null;
  return { amountMinor: selection.reduce((sum, o) => sum + o.amountAfterDiscount, 0), currency: first.currency };
}

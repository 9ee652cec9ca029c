import { groupOrders, payableTogether } from './selection';
import type { CheckoutCheck, OrderRow } from '../ipc/types';

/** What the check reads: the cached orders asked for, with every member of their combined purchases. */
export interface CachedGroups {
  withGroups(orderIds: readonly string[]): OrderRow[];
}

/**
 * The orders a clerk asked to pay, resolved into whole combined purchases from the cache and
 * judged by the selection rules in one place, whichever way the clerk came (a row's Pay, Combine
 * Payments, the keyboard). `now` is the billing service's clock.
 */
export function checkoutOrders(cache: CachedGroups, orderIds: readonly string[], now: number): CheckoutCheck {
  const cached = cache.withGroups(orderIds);
  const found = new Set(cached.map((o) => o.orderId));
  const missing = orderIds.filter((id) => !found.has(id));
  // Groups in the order the clerk asked for them; members of a group by order number.
  const position = new Map(orderIds.map((id, i) => [id, i]));
  const first = (group: readonly OrderRow[]) => Math.min(...group.map((o) => position.get(o.orderId) ?? Infinity));
  const groups = groupOrders([...cached].sort((a, b) => a.orderId.localeCompare(b.orderId))).sort((a, b) => first(a) - first(b));
  const orders = groups.flat();
  if (missing.length > 0) return { orders, missing, refusal: { code: 'not_payable', orderId: missing[0]! } };
  const judged = payableTogether(groups, now);
  return { orders, missing, refusal: judged.ok ? null : judged.refusal };
}

import type { OrdersPage } from '../../shared/billing-api/schemas';
import type { BillingClient } from '../billing/billing-client';
import { toCachedOrder, type CachedOrder } from '../cache/order-records';
import { validateOrderRecords, type RejectedRecord } from './validate-orders';

/** A page of order changes, validated and in the cache's shape, ready to be written. */
export interface PreparedPage {
  /** The cursor this page was asked for with: to ask for the same page again. */
  readonly requestedWith: string | null;
  readonly orders: CachedOrder[];
  readonly rejected: RejectedRecord[];
  readonly nextCursor: string;
  readonly hasMore: boolean;
  /** Epoch ms. */
  readonly serverTime: number;
  /** On the first page of a full sync, when the service tells: the unpaid orders the sync is to deliver. */
  readonly totalCount?: number;
}

export function preparePage(page: OrdersPage, requestedWith: string | null): PreparedPage {
  const { valid, rejected } = validateOrderRecords(page.orders);
  return {
    requestedWith,
    ...(page.total_count === undefined ? {} : { totalCount: page.total_count }),
    orders: valid.map(toCachedOrder),
    rejected,
    nextCursor: page.next_cursor,
    hasMore: page.has_more,
    serverTime: Date.parse(page.server_time),
  };
}

/**
 * The pages of changes from `cursor` on. Each page is asked for as soon as the one before it
 * arrives, so the service prepares it while this one is validated and written.
 */
export async function* orderPages(client: BillingClient, cursor: string | null, limit: number): AsyncGenerator<PreparedPage, void, undefined> {
  let requestedWith = cursor;
  let pending = client.listOrders(cursor, limit);
  for (;;) {
    const page = await pending;
    const thisPageCursor = requestedWith;
    if (page.has_more) {
      requestedWith = page.next_cursor;
      pending = client.listOrders(page.next_cursor, limit);
      // Abandoned with the generator if the consumer stops early: its failure is no one's to report.
      pending.catch(() => undefined);
      // axios sends a request from a promise chain, after the current task: without this turn of
      // the event loop, the page would be prepared before the next one was even asked for.
      await new Promise((resolve) => setImmediate(resolve));
    }
    yield preparePage(page, thisPageCursor);
    if (!page.has_more) return;
  }
}

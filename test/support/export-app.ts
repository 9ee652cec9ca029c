/**
 * The export as the app runs it, minus the face: a cache file holding the orders, the IPC handler
 * table and dispatch on it, and a sync engine built but never started.
 */
import { paymentServiceFor } from './payments';
import { BillingClient } from '../../main/billing/billing-client';
import { Cache } from '../../main/cache/cache';
import { dispatch } from '../../main/ipc/dispatch';
import { createHandlers, type SaveFile } from '../../main/ipc/handlers';
import { createMemoryLogger } from '../../main/logger';
import { EventHub } from '../../main/sync/event-hub';
import { SyncEngine } from '../../main/sync/sync-engine';
import type { Order } from '../../shared/billing-api/schemas';
import { ordersCsv } from '../../shared/export/orders-csv';
import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import { BASE_TIME, cached, randomOrders } from './orders';
import { orderFeedFor } from './workers';

/**
 * Thousands of orders, some with names a CSV must quote or a JSON string escape, in Chinese, and
 * with characters outside the BMP, so that the chunks' seams would show.
 */
export function ordersToExport(count: number): Order[] {
  const names = ['弹性云服务器 "ECS", 按需', 'Object Storage\r\nArchive', '=HYPERLINK("x")', 'Backup 🗄️ vault', 'Tab\tand \\ backslash'];
  return randomOrders(count, 11).map((order, i) => (i % 7 === 0 ? { ...order, service_type_name: names[(i / 7) % names.length]! } : order));
}

export interface ExportAppOptions {
  readonly saveFile?: SaveFile;
  /** Where the sync engine syncs from, when a test runs it; nowhere by default. */
  readonly billingApi?: { readonly baseUrl: string; readonly token: string };
}

export async function exportApp(cachePath: string, orders: readonly Order[], { saveFile, billingApi }: ExportAppOptions = {}) {
  const log = createMemoryLogger();
  const cache = Cache.open(cachePath, log);
  cache.applySyncPage({ orders: cached([...orders]), nextCursor: 'c', serverTime: BASE_TIME, generation: cache.syncState.beginFullSync(), completesFullSync: true });
  const endpoint = billingApi ?? { baseUrl: 'http://127.0.0.1:9', token: 't' };
  const feed = await orderFeedFor(endpoint, log);
  const client = new BillingClient({ ...endpoint, log });
  const sync = new SyncEngine({ client, feed, cache, events: new EventHub(), log, intervalMs: 3_600_000 });
  const payments = paymentServiceFor({ client, sync, cache, events: new EventHub(), log });
  const info = { version: '0', demoMode: true, billingApiOrigin: 'http://127.0.0.1:9', cacheNotice: null, ledgerProblem: null };
  const handlers = createHandlers({ info, cache, sync, payments, saveFile, onPageShown: () => undefined, now: () => BASE_TIME });
  return {
    cache,
    sync,
    handlers,
    core: { dispatch: (channel: string, input: unknown) => dispatch(handlers, log, channel, input), onEvent: () => () => undefined },
    /** What the export wrote before it was streamed: the whole file built as one string. */
    wholeStringExport(filter: OrdersFilter, sort: OrdersSort) {
      const rows = [...cache.orders.iterate(filter, sort)];
      return { text: ordersCsv(rows), rows: rows.length };
    },
    async close() {
      await sync.stop();
      await feed.close();
      cache.close();
    },
  };
}

import type { AppChannel, IpcChannel, OrderChannel, PaymentChannel } from '../../shared/ipc/channels';
import type { ChannelOutput, ChannelParsedInput } from '../../shared/ipc/contract';
import { exportFileName } from '../../shared/export/orders-csv';
import type { AppInfo, ExportResult } from '../../shared/ipc/types';
import type { Cache } from '../cache/cache';
import { checkoutOrders } from '../../shared/billing/checkout-orders';
import type { SyncEngine } from '../sync/sync-engine';
import type { PaymentService } from '../payments/payment-service';
import { OrdersCsvExport } from './orders-csv-export';

/**
 * An export the face itself delivers as it is produced: the web face streams it into the page's
 * answer, as the contract's `download` result (see main/web/download-answer.ts).
 */
export class CsvDownload {
  constructor(
    readonly fileName: string,
    readonly csv: OrdersCsvExport,
  ) {}
}

type HandlerOutput<K extends IpcChannel> = K extends 'exportOrdersCsv' ? Exclude<ExportResult, { kind: 'download' }> | CsvDownload : ChannelOutput<K>;

/** One function per contract channel; inputs arrive already validated by `dispatch`. */
export type IpcHandlers = {
  readonly [K in IpcChannel]: (input: ChannelParsedInput<K>) => HandlerOutput<K> | Promise<HandlerOutput<K>>;
};

/**
 * Asks the user where to save, then writes the CSV there chunk by chunk as it comes; resolves to
 * the path once the file is complete, or null when cancelled.
 */
export type SaveFile = (suggestedName: string, csv: AsyncIterable<string>) => Promise<string | null>;

export interface HandlerDeps {
  readonly info: AppInfo;
  readonly cache: Cache;
  readonly sync: SyncEngine;
  readonly payments: PaymentService;
  /** Present in Electron; without it an export is a CsvDownload for the web face to stream. */
  readonly saveFile?: SaveFile;
  /** The page has painted its first rows: what the app put off for them may start. */
  readonly onPageShown: () => void;
  /** This machine's clock; the service's is this plus the sync's measured offset. */
  readonly now?: () => number;
}

/** The app domain's handlers: what the app runs on, the account, the sync. */
function appHandlers({ info, cache, sync, onPageShown }: HandlerDeps): Pick<IpcHandlers, AppChannel> {
  return {
    getAppInfo: () => info,
    getAccount: () => cache.syncState.account(),
    getSyncState: () => sync.state(),
    syncNow: () => sync.syncNow(),
    pageShown: () => {
      onPageShown();
      return null;
    },
  };
}

/** The orders domain's handlers: the cached orders as the page shows them, the checkout's check, the export. */
function orderHandlers({ cache, sync, saveFile, now = Date.now }: HandlerDeps): Pick<IpcHandlers, OrderChannel> {
  // Deadlines are the billing service's: "expired" is judged on its clock, not this machine's.
  const serverNow = () => now() + cache.syncState.get().serverClockOffsetMs;
  return {
    listOrders: (input) => cache.orders.list(input, input.filter.showExpired ? undefined : serverNow()),
    countOrderFacets: ({ filter }) => cache.orders.facets(filter, { now: serverNow(), hideExpired: !filter.showExpired }),
    getOrder: ({ orderId }) => cache.orders.get(orderId),
    checkOrdersPayable: ({ orderIds }) => checkoutOrders(cache.orders, orderIds, serverNow()),
    async exportOrdersCsv(input) {
      const csv = new OrdersCsvExport(cache, sync, input, input.scope === 'filter' && !input.filter.showExpired ? serverNow() : undefined);
      const fileName = exportFileName(new Date());
      if (!saveFile) return new CsvDownload(fileName, csv);
      const path = await saveFile(fileName, csv.chunks());
      return path ? { kind: 'saved', path, rows: csv.rows } : { kind: 'cancelled' };
    },
  };
}

/** The payments domain's handlers: the checkout, quotes, paying, the Payments page, cancelling. */
function paymentHandlers({ payments }: HandlerDeps): Pick<IpcHandlers, PaymentChannel> {
  return {
    openCheckout: ({ orderIds }) => payments.checkout(orderIds),
    quotePayment: (input) => payments.quote(input),
    payOrders: (input) => payments.pay(input),
    listPayments: ({ from, to }) => payments.list(from, to),
    getPayment: ({ key }) => payments.get(key),
    cancelOrder: ({ orderId }) => payments.cancel(orderId),
  };
}

/** The one handler table of the contract: each domain's map, combined. */
export function createHandlers(deps: HandlerDeps): IpcHandlers {
  return { ...appHandlers(deps), ...orderHandlers(deps), ...paymentHandlers(deps) };
}

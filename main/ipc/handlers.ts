import type { AppChannel, IpcChannel, OrderChannel, PaymentChannel } from '../../shared/ipc/channels';
import type { ChannelOutput, ChannelParsedInput } from '../../shared/ipc/contract';
import { exportFileName } from '../../shared/export/orders-csv';
import { paymentsCsv, paymentsCsvRows, paymentsExportFileName } from '../../shared/export/payments-csv';
import type { AppInfo, ExportResult } from '../../shared/ipc/types';
import type { Cache } from '../cache/cache';
import { checkoutOrders } from '../../shared/billing/checkout-orders';
import type { SyncEngine } from '../sync/sync-engine';
import type { PaymentService } from '../payments/payment-service';
import { IpcRefusal } from './ipc-refusal';
import { OrdersCsvExport } from './orders-csv-export';

/** A CSV produced chunk by chunk; `rows` is its count once the chunks have ended. */
export interface CsvSource {
  chunks(): AsyncIterable<string>;
  readonly rows: number;
}

/**
 * An export the face itself delivers as it is produced: the web face streams it into the page's
 * answer, as the contract's `download` result (see main/web/download-answer.ts).
 */
export class CsvDownload {
  constructor(
    readonly fileName: string,
    readonly csv: CsvSource,
  ) {}
}

type HandlerOutput<K extends IpcChannel> = K extends 'exportOrdersCsv' | 'exportPaymentsCsv' ? Exclude<ExportResult, { kind: 'download' }> | CsvDownload : ChannelOutput<K>;

/** One function per contract channel; inputs arrive already validated by `dispatch`. */
export type IpcHandlers = {
  readonly [K in IpcChannel]: (input: ChannelParsedInput<K>) => HandlerOutput<K> | Promise<HandlerOutput<K>>;
};

/**
 * Asks the user where to save, then writes the CSV there chunk by chunk as it comes; resolves to
 * the path once the file is complete, or null when cancelled.
 */
export type SaveFile = (suggestedName: string, csv: AsyncIterable<string>) => Promise<string | null>;

/**
 * Prints the page as it is now (the receipt the page shows for print) to a PDF and asks the user
 * where to save it; the path, or null when cancelled. Electron only (main/electron/receipt-pdf.ts).
 */
export type SaveReceiptPdf = (suggestedName: string) => Promise<string | null>;

export interface HandlerDeps {
  readonly info: AppInfo;
  readonly cache: Cache;
  readonly sync: SyncEngine;
  readonly payments: PaymentService;
  /** Present in Electron; without it an export is a CsvDownload for the web face to stream. */
  readonly saveFile?: SaveFile;
  /** Present in Electron; the web face's page prints the receipt through the browser's own dialog. */
  readonly saveReceiptPdf?: SaveReceiptPdf;
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
function paymentHandlers({ payments, saveFile, saveReceiptPdf }: HandlerDeps): Pick<IpcHandlers, PaymentChannel> {
  return {
    openCheckout: ({ orderIds }) => payments.checkout(orderIds),
    quotePayment: (input) => payments.quote(input),
    payOrders: (input) => payments.pay(input),
    finishCardPayment: ({ key }) => payments.finishCardPayment(key),
    listPayments: ({ from, to }) => payments.list(from, to),
    getPayment: ({ key }) => payments.get(key),
    cancelOrder: ({ orderId }) => payments.cancel(orderId),
    async exportPaymentsCsv({ from, to }) {
      // The ledger is local and a few hundred payments are one chunk: read once, written at once.
      const list = payments.list(from ?? 0, to ?? 8.64e15);
      const csv: CsvSource = { rows: paymentsCsvRows(list), chunks: async function* () { yield paymentsCsv(list); } };
      const fileName = paymentsExportFileName(new Date());
      if (!saveFile) return new CsvDownload(fileName, csv);
      const path = await saveFile(fileName, csv.chunks());
      return path ? { kind: 'saved', path, rows: csv.rows } : { kind: 'cancelled' };
    },
    async saveReceiptPdf({ key }) {
      if (!saveReceiptPdf) throw new IpcRefusal('unavailable', 'Saving a receipt as PDF is done through the browser’s print dialog here.');
      const payment = payments.get(key);
      if (!payment) throw new IpcRefusal('not_found', 'No such payment in the ledger.');
      const path = await saveReceiptPdf(receiptFileName(payment.paymentId ?? payment.key));
      return path ? { kind: 'saved', path } : { kind: 'cancelled' };
    },
  };
}

/** A file name from the payment's id: only the characters a file name may safely hold on every OS. */
export const receiptFileName = (id: string): string => `receipt-${id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}.pdf`;

/** The one handler table of the contract: each domain's map, combined. */
/** The core's channels: the settings domain is the host's (main/app/settle-host.ts), which outlives a core. */
export type CoreChannel = AppChannel | OrderChannel | PaymentChannel;

export function createHandlers(deps: HandlerDeps): Pick<IpcHandlers, CoreChannel> {
  return { ...appHandlers(deps), ...orderHandlers(deps), ...paymentHandlers(deps) };
}

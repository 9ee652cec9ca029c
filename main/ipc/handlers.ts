import type { IpcChannel } from '../../shared/ipc/channels';
import type { ChannelOutput, ChannelParsedInput } from '../../shared/ipc/contract';
import { exportFileName, ordersCsv } from '../../shared/export/orders-csv';
import type { AppInfo, ExportResult } from '../../shared/ipc/types';
import type { Cache } from '../cache/cache';
import type { SyncEngine } from '../sync/sync-engine';

/** One function per contract channel; inputs arrive already validated by `dispatch`. */
export type IpcHandlers = {
  readonly [K in IpcChannel]: (input: ChannelParsedInput<K>) => ChannelOutput<K> | Promise<ChannelOutput<K>>;
};

/** Asks the user where to save and writes the file; resolves to the path, or null when cancelled. */
export type SaveFile = (suggestedName: string, content: string) => Promise<string | null>;

export interface HandlerDeps {
  readonly info: AppInfo;
  readonly cache: Cache;
  readonly sync: SyncEngine;
  /** Present in Electron; the web face downloads the content in the page instead. */
  readonly saveFile?: SaveFile;
  /** The page has painted its first rows: what the app put off for them may start. */
  readonly onPageShown: () => void;
}

export function createHandlers({ info, cache, sync, saveFile, onPageShown }: HandlerDeps): IpcHandlers {
  return {
    getAppInfo: () => info,
    getAccount: () => cache.syncState.account(),
    listOrders: (input) => cache.orders.list(input),
    countOrderFacets: ({ filter }) => cache.orders.facets(filter),
    getOrder: ({ orderId }) => cache.orders.get(orderId),
    getSyncState: () => sync.state(),
    syncNow: () => sync.syncNow(),
    pageShown: () => {
      onPageShown();
      return null;
    },
    async exportOrdersCsv(input): Promise<ExportResult> {
      const orders = input.scope === 'selection' ? cache.orders.byIds(input.orderIds) : [...cache.orders.iterate(input.filter, input.sort)];
      const content = ordersCsv(orders);
      const fileName = exportFileName(new Date());
      if (!saveFile) return { kind: 'download', fileName, content, rows: orders.length };
      const path = await saveFile(fileName, content);
      return path ? { kind: 'saved', path, rows: orders.length } : { kind: 'cancelled' };
    },
  };
}

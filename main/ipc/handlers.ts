import type { IpcChannel } from '../../shared/ipc/channels';
import type { ChannelOutput, ChannelParsedInput } from '../../shared/ipc/contract';
import type { AppInfo } from '../../shared/ipc/types';
import type { Cache } from '../cache/cache';
import type { SyncEngine } from '../sync/sync-engine';

/** One function per contract channel; inputs arrive already validated by `dispatch`. */
export type IpcHandlers = {
  readonly [K in IpcChannel]: (input: ChannelParsedInput<K>) => ChannelOutput<K> | Promise<ChannelOutput<K>>;
};

export interface HandlerDeps {
  readonly info: AppInfo;
  readonly cache: Cache;
  readonly sync: SyncEngine;
}

export function createHandlers({ info, cache, sync }: HandlerDeps): IpcHandlers {
  return {
    getAppInfo: () => info,
    getAccount: () => cache.syncState.account(),
    listOrders: (input) => cache.orders.list(input),
    countOrderFacets: ({ filter }) => cache.orders.facets(filter),
    getOrder: ({ orderId }) => cache.orders.get(orderId),
    getSyncState: () => sync.state(),
    syncNow: () => sync.syncNow(),
  };
}

import type { IpcChannel } from './channels';
import type { ChannelInput, ChannelOutput, IpcResult } from './contract';
import type { AppEvent } from './types';

/**
 * What the preload exposes as `window.settle` and what the web face emulates over HTTP: one narrow
 * function per contract channel, plus a subscription to push events. No generic invoke.
 */
export type SettleBridgeApi = {
  readonly [K in IpcChannel]: (input?: ChannelInput<K>) => Promise<IpcResult<ChannelOutput<K>>>;
} & {
  onEvent(listener: (event: AppEvent) => void): () => void;
};

/**
 * The renderer's only door to the outside. In Electron the preload has put `window.settle` there;
 * in a browser (start:web, e2e) the same API is spoken over loopback HTTP.
 */
import type { IpcChannel } from '../../shared/ipc/channels';
import type { SettleBridgeApi } from '../../shared/ipc/bridge-api';
import type { ChannelInput, ChannelOutput, IpcError } from '../../shared/ipc/contract';
import type { AppEvent } from '../../shared/ipc/types';
import { createHttpBridge } from './http-bridge';

declare global {
  interface Window {
    readonly settle?: SettleBridgeApi;
  }
}

export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  constructor(readonly error: IpcError) {
    super(error.message);
  }
}

const api: SettleBridgeApi = window.settle ?? createHttpBridge();
/** In Electron a receipt is saved as PDF by the app (saveReceiptPdf); a browser has its own print dialog for that. */
export const savesPdfItself = window.settle !== undefined;
const unauthorisedListeners = new Set<() => void>();

/** Called once the app refuses this page: nothing the page asks will work, so it says how to open it instead. */
export function onUnauthorised(listener: () => void): void {
  unauthorisedListeners.add(listener);
}

/** Calls a channel and returns its value, or throws a BridgeError carrying the typed error. */
export async function call<K extends IpcChannel>(channel: K, ...input: undefined extends ChannelInput<K> ? [ChannelInput<K>?] : [ChannelInput<K>]): Promise<ChannelOutput<K>> {
  const fn = api[channel] as (input?: ChannelInput<K>) => ReturnType<SettleBridgeApi[K]>;
  const result = await fn(input[0]);
  if (!result.ok && result.error.code === 'unauthorised') for (const listener of unauthorisedListeners) listener();
  if (!result.ok) throw new BridgeError(result.error);
  return result.value as ChannelOutput<K>;
}

export function onAppEvent(listener: (event: AppEvent) => void): () => void {
  return api.onEvent(listener);
}

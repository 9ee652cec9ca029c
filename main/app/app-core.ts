import type { IpcChannel } from '../../shared/ipc/channels';
import type { IpcResult } from '../../shared/ipc/contract';
import type { AppEvent, AppInfo } from '../../shared/ipc/types';

/**
 * Everything the app is, minus the face that shows it: the Electron shell and the loopback web
 * server both wrap one AppCore.
 */
export interface AppCore {
  readonly info: AppInfo;
  /** The folder of this billing service's cache and ledger. */
  readonly dataFolder: string;
  /** A payment is under way (sent, unanswered, or its card step open): nothing may restart the app now. */
  paymentOpen(): boolean;
  /** For diagnostics: the files' sizes and the cached orders. */
  sizes(): { readonly cacheBytes: number; readonly ledgerBytes: number; readonly orders: number };
  lastSyncAt(): number | null;
  /** Validates the input, runs the channel's handler and returns a typed result; never throws. */
  dispatch(channel: IpcChannel | string, input: unknown): Promise<IpcResult<unknown>>;
  /** Subscribes to push events (sync state, orders changed, order approved); returns the unsubscribe. */
  onEvent(listener: (event: AppEvent) => void): () => void;
  close(): Promise<void>;
}

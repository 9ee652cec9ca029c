/**
 * Connects the AppCore to Electron IPC: one `ipcMain.handle` per contract channel, each checking
 * that the message comes from the app's own page, and push events sent to the main window.
 * Type-only electron imports: main.ts passes the real ipcMain; tests pass a fake.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { IPC_CHANNELS, IPC_EVENT_CHANNEL, ipcChannelName } from '../../shared/ipc/channels';
import type { AppEvent } from '../../shared/ipc/types';
import type { AppCore } from '../app/app-core';
import type { Logger } from '../logger';
import { type AppOrigins, isTrustedIpcSender } from './navigation-policy';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export interface IpcBridgeOptions {
  readonly core: Pick<AppCore, 'dispatch'>;
  readonly origins: AppOrigins;
  readonly logger: Logger;
  /** The main window's webContents, when it exists: only it may call. */
  readonly mainContents: () => WebContents | null;
}

/** Thrown (and so rejected in the caller) for a sender that is not our page; our page never sees it. */
export class UntrustedSenderError extends Error {
  constructor() {
    super('IPC sender is not the Settle window');
    this.name = 'UntrustedSenderError';
  }
}

export function isTrustedSenderEvent(event: SenderEvent, options: Pick<IpcBridgeOptions, 'origins' | 'mainContents'>): boolean {
  const main = options.mainContents();
  if (!main || event.sender !== main) return false;
  // senderFrame is null once the frame navigated away or was destroyed: refuse.
  return isTrustedIpcSender(event.senderFrame?.url, options.origins);
}

/** Registers every channel; returns the function that removes them again. */
export function registerIpcHandlers(ipcMain: IpcMainLike, options: IpcBridgeOptions): () => void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), (event, input: unknown) => {
      if (!isTrustedSenderEvent(event, options)) {
        options.logger.warn('refused IPC from an untrusted sender', { channel });
        throw new UntrustedSenderError();
      }
      return options.core.dispatch(channel, input);
    });
  }
  return () => {
    for (const channel of IPC_CHANNELS) ipcMain.removeHandler(ipcChannelName(channel));
  };
}

/** Pushes the core's events to the main window while it exists; returns the unsubscribe. */
export function forwardEvents(
  core: Pick<AppCore, 'onEvent'>,
  mainContents: () => WebContents | null,
  also?: (event: AppEvent) => void,
): () => void {
  return core.onEvent((event) => {
    const contents = mainContents();
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, event);
    also?.(event);
  });
}

import { IPC_CHANNELS, type IpcChannel } from '../../shared/ipc/channels';
import type { SettleBridgeApi } from '../../shared/ipc/bridge-api';
import type { IpcResult } from '../../shared/ipc/contract';
import type { AppEvent, SyncState } from '../../shared/ipc/types';

const TOKEN_KEY = 'settle.webToken';

/**
 * The launch token arrives once in the address bar; it is moved to session storage and taken out of
 * the URL so it doesn't linger in history or get copied along with a link.
 */
function takeLaunchToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The web face's counterpart of the preload: the same functions, over loopback HTTP. */
export function createHttpBridge(): SettleBridgeApi {
  const token = takeLaunchToken();
  const call = async (channel: IpcChannel, input: unknown): Promise<IpcResult<unknown>> => {
    try {
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ input }),
      });
      if (response.status === 401 || response.status === 403) {
        return { ok: false, error: { code: 'unauthorised', message: 'This page is not authorised: open the address that `npm run start:web` printed.' } };
      }
      return (await response.json()) as IpcResult<unknown>;
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'Settle is not running: start it again with `npm run start:web`.' } };
    }
  };
  const channels = Object.fromEntries(IPC_CHANNELS.map((channel) => [channel, (input?: unknown) => call(channel, input)]));
  return {
    ...(channels as Omit<SettleBridgeApi, 'onEvent'>),
    onEvent(listener: (event: AppEvent) => void) {
      // Without the token the stream would only be refused, again and again.
      if (!token) return () => undefined;
      const source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onmessage = (message: MessageEvent<string>) => listener(JSON.parse(message.data) as AppEvent);
      // Events sent before the stream is open, or while it reconnects, never reach this page: a
      // sync that ended then would leave it showing orders from before. So each time the stream
      // opens, the page hears the sync state as it is and reads the orders again.
      source.onopen = () => {
        void call('getSyncState', undefined).then((result) => {
          if (result.ok) listener({ type: 'sync-state', state: result.value as SyncState });
          listener({ type: 'orders-changed', upserted: 0, removed: 0 });
        });
      };
      return () => source.close();
    },
  };
}

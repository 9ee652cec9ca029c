import { create } from 'zustand';
import type { AccountView, AppInfo, SyncState } from '../../../shared/ipc/types';
import { BridgeError, call } from '../bridge';
import { errorMessage } from '../errors';
import { i18next } from '../i18n';
import { newerSyncState } from './newer-sync-state';

export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly tone: 'info' | 'success' | 'error';
}

interface AppState {
  readonly info: AppInfo | null;
  readonly account: AccountView | null;
  readonly sync: SyncState | null;
  readonly toasts: readonly Toast[];
  /** The app's core could not start (no token for the service, a service that can't be used): Settings can put it right. */
  readonly coreProblem: string | null;
  /** The app refused this page (opened without its token): only how to open it is shown. */
  readonly lockedOut: boolean;
  lockOut(): void;
  /** Reads the app's state once; its changes arrive as events (see app-events.ts). */
  start(): void;
  /** A sync state arrived, as a reply or an event: the newer one is shown. */
  syncStateArrived(state: SyncState): void;
  refresh(): Promise<void>;
  toast(text: string, tone?: Toast['tone']): void;
  dismissToast(id: number): void;
}

const TOAST_MS = 8_000;
let nextToastId = 1;

export const useAppStore = create<AppState>()((set, get) => ({
  info: null,
  account: null,
  sync: null,
  toasts: [],
  coreProblem: null,
  lockedOut: false,
  lockOut: () => set({ lockedOut: true, toasts: [] }),

  start() {
    void (async () => {
      try {
        const [info, account, sync] = await Promise.all([call('getAppInfo'), call('getAccount'), call('getSyncState')]);
        set({ info, account, sync: shownSync(sync) });
      } catch (error) {
        if (error instanceof BridgeError && error.error.code === 'unavailable') set({ coreProblem: error.message });
        else if (!get().lockedOut) get().toast(i18next.t('errors.generic', { message: errorMessage(error) }), 'error');
      }
    })();
  },

  syncStateArrived(state) {
    set({ sync: shownSync(state) });
    if (state.phase !== 'syncing') void call('getAccount').then((account) => set({ account }), () => undefined);
  },

  async refresh() {
    try {
      set({ sync: shownSync(await call('syncNow')) });
    } catch (error) {
      get().toast(i18next.t('errors.generic', { message: errorMessage(error) }), 'error');
    }
  },

  toast(text, tone = 'info') {
    const id = nextToastId++;
    set({ toasts: [...get().toasts, { id, text, tone }] });
    setTimeout(() => get().dismissToast(id), TOAST_MS);
  },

  dismissToast(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

/** A reply and an event can cross: the sync state shown is the newer of the two. */
function shownSync(arrived: SyncState): SyncState {
  return newerSyncState(useAppStore.getState().sync, arrived);
}

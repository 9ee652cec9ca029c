import { create } from 'zustand';
import type { AccountView, AppInfo, SyncState } from '../../../shared/ipc/types';
import { call, onAppEvent } from '../bridge';
import { errorMessage } from '../errors';
import { i18next } from '../i18n';
import { newerSyncState } from './newer-sync-state';
import { useOrdersStore } from './orders-store';
import { useSelectionStore } from './selection-store';

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
  /** Listens to the app's events for the page's lifetime and reads the app's state. */
  start(): void;
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

  start() {
    onAppEvent((event) => {
      if (event.type === 'sync-state') {
        set({ sync: shownSync(event.state) });
        if (event.state.phase !== 'syncing') void call('getAccount').then((account) => set({ account }), () => undefined);
      } else if (event.type === 'orders-changed') {
        void useOrdersStore.getState().reload();
        void useSelectionStore.getState().revalidate();
      } else {
        get().toast(i18next.t('pending.approvedToast', { id: event.orderId }), 'success');
      }
    });
    void (async () => {
      try {
        const [info, account, sync] = await Promise.all([call('getAppInfo'), call('getAccount'), call('getSyncState')]);
        set({ info, account, sync: shownSync(sync) });
      } catch (error) {
        get().toast(i18next.t('errors.generic', { message: errorMessage(error) }), 'error');
      }
    })();
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

import { create } from 'zustand';
import type { AccountView, AppInfo, OrderListPage, SyncState } from '../../shared/ipc/types';
import { BridgeError, call, onAppEvent } from './bridge';

/** Rows the first plain table shows; the Unpaid Orders page replaces this with a virtual window. */
const FIRST_PAGE_SIZE = 200;

interface AppState {
  readonly info: AppInfo | null;
  readonly account: AccountView | null;
  readonly sync: SyncState | null;
  readonly orders: OrderListPage | null;
  readonly error: string | null;
  start(): () => void;
  refresh(): Promise<void>;
  loadOrders(): Promise<void>;
}

const message = (error: unknown) => (error instanceof BridgeError || error instanceof Error ? error.message : String(error));

export const useAppStore = create<AppState>()((set, get) => ({
  info: null,
  account: null,
  sync: null,
  orders: null,
  error: null,

  start() {
    const unsubscribe = onAppEvent((event) => {
      if (event.type === 'sync-state') {
        set({ sync: event.state });
        if (event.state.phase === 'idle') void call('getAccount').then((account) => set({ account }));
      }
      if (event.type === 'orders-changed') void get().loadOrders();
    });
    void (async () => {
      try {
        const [info, account, sync] = await Promise.all([call('getAppInfo'), call('getAccount'), call('getSyncState')]);
        set({ info, account, sync });
        await get().loadOrders();
      } catch (error) {
        set({ error: message(error) });
      }
    })();
    return unsubscribe;
  },

  async refresh() {
    try {
      set({ sync: await call('syncNow') });
      await get().loadOrders();
    } catch (error) {
      set({ error: message(error) });
    }
  },

  async loadOrders() {
    try {
      set({ orders: await call('listOrders', { offset: 0, limit: FIRST_PAGE_SIZE }), error: null });
    } catch (error) {
      set({ error: message(error) });
    }
  },
}));

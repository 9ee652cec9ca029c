import { create } from 'zustand';
import type { OrdersFilter, OrdersSort } from '../../../shared/ipc/contract';
import type { OrderFacets, OrderRow } from '../../../shared/ipc/types';
import { call } from '../bridge';
import { errorMessage } from '../errors';

/** Rows fetched per request: a few screens, so scrolling rarely waits and no request is large. */
export const WINDOW_ROWS = 100;

export const DEFAULT_SORT: OrdersSort = { by: 'expire_time', dir: 'asc' };

interface OrdersState {
  readonly filter: OrdersFilter;
  readonly sort: OrdersSort;
  /** Rows matching the filter; null until the first answer. */
  readonly total: number | null;
  readonly facets: OrderFacets | null;
  /** Windows of rows by window number; the renderer never holds more than it has scrolled past. */
  readonly windows: ReadonlyMap<number, readonly OrderRow[]>;
  readonly error: string | null;
  setFilter(patch: Partial<OrdersFilter>): void;
  clearFilters(): void;
  setSort(sort: OrdersSort): void;
  /** Drops every loaded window and asks again (filters changed, or the cache did). */
  reload(): void;
  /** Makes sure the rows from `first` to `last` are loaded or on their way. */
  ensureRows(first: number, last: number): void;
  rowAt(index: number): OrderRow | undefined;
}

/**
 * Each query carries a generation: answers to an older query (the clerk typed on) are dropped, so
 * the table never shows rows of a filter it no longer has.
 */
let generation = 0;
const inFlight = new Set<string>();

export const useOrdersStore = create<OrdersState>()((set, get) => {
  /** `fresh`: the first window of a new query, which replaces everything loaded for the old one. */
  const loadWindow = async (window: number, gen: number, fresh = false) => {
    const key = `${gen}:${window}`;
    if (inFlight.has(key)) return;
    inFlight.add(key);
    try {
      const { filter, sort } = get();
      const page = await call('listOrders', { filter, sort, offset: window * WINDOW_ROWS, limit: WINDOW_ROWS });
      if (gen !== generation) return;
      const windows = new Map(fresh ? [] : get().windows);
      windows.set(window, page.rows);
      set({ windows, total: page.total, error: null });
    } catch (error) {
      if (gen === generation) set({ error: errorMessage(error) });
    } finally {
      inFlight.delete(key);
    }
  };

  const loadFacets = async (gen: number) => {
    try {
      const facets = await call('countOrderFacets', { filter: get().filter });
      if (gen === generation) set({ facets });
    } catch (error) {
      if (gen === generation) set({ error: errorMessage(error) });
    }
  };

  return {
    filter: {},
    sort: DEFAULT_SORT,
    total: null,
    facets: null,
    windows: new Map(),
    error: null,

    setFilter(patch) {
      set({ filter: withoutEmpty({ ...get().filter, ...patch }) });
      get().reload();
    },
    clearFilters() {
      set({ filter: {} });
      get().reload();
    },
    setSort(sort) {
      set({ sort });
      get().reload();
    },
    reload() {
      generation += 1;
      const gen = generation;
      // The old rows stay until the new first window lands: no flash of an empty table.
      void loadWindow(0, gen, true);
      void loadFacets(gen);
    },
    ensureRows(first, last) {
      for (let w = Math.floor(first / WINDOW_ROWS); w <= Math.floor(last / WINDOW_ROWS); w++) {
        if (!get().windows.has(w)) void loadWindow(w, generation);
      }
    },
    rowAt(index) {
      return get().windows.get(Math.floor(index / WINDOW_ROWS))?.[index % WINDOW_ROWS];
    },
  };
});

function withoutEmpty(filter: OrdersFilter): OrdersFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as OrdersFilter;
}

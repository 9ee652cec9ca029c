import { create } from 'zustand';
import type { OrdersFilter, OrdersSort } from '../../../shared/ipc/contract';
import type { OrderFacets, OrderRow } from '../../../shared/ipc/types';
import { call } from '../bridge';
import { afterPaint } from '../after-paint';
import { errorMessage } from '../errors';
import { useUiStore } from './ui-store';

/** Rows fetched per request: a few screens, so scrolling rarely waits and no request is large. */
export const WINDOW_ROWS = 100;

/**
 * Rows beyond those rendered that are fetched ahead, either way: a fast scroll then finds its rows
 * already here instead of showing placeholders that all turn into rows in one long task when
 * their window lands.
 */
export const AHEAD_ROWS = WINDOW_ROWS;

/**
 * Rows kept either side of those on screen: a scroll back finds them here, and a scroll through
 * 100,000 orders doesn't leave the page holding all of them (and collecting them as garbage).
 */
export const KEPT_ROWS = 10 * WINDOW_ROWS;

export const DEFAULT_SORT: OrdersSort = { by: 'expire_time', dir: 'asc' };

interface OrdersState {
  readonly filter: OrdersFilter;
  readonly sort: OrdersSort;
  /** Rows matching the filter; null until the first answer. */
  readonly total: number | null;
  readonly facets: OrderFacets | null;
  /** Windows of rows by window number: those on screen, a window ahead, and up to KEPT_ROWS either side. */
  readonly windows: ReadonlyMap<number, readonly OrderRow[]>;
  readonly error: string | null;
  setFilter(patch: Partial<OrdersFilter>): void;
  clearFilters(): void;
  setSort(sort: OrdersSort): void;
  /** Drops every loaded window and asks again (filters changed, or the cache did); settles when the first window has been answered. */
  reload(): Promise<void>;
  /**
   * Makes sure the rows from `first` to `last` are loaded or on their way, and those AHEAD_ROWS
   * either side; the rows at `keep` (the active row, a selection's anchor) stay loaded wherever they are.
   */
  ensureRows(first: number, last: number, keep?: readonly number[]): void;
  rowAt(index: number): OrderRow | undefined;
  /** The rows from `first` to `last`, a window at a time, read from the cache where they aren't loaded. */
  rowsBetween(first: number, last: number): AsyncGenerator<readonly OrderRow[]>;
}

/**
 * Each query carries a generation: answers to an older query (the clerk typed on) are dropped, so
 * the table never shows rows of a filter it no longer has.
 */
let generation = 0;
const inFlight = new Set<string>();
/** The windows on screen, and those the grid asked to keep, as last given to ensureRows. */
let inView = { from: 0, to: 0 };
let pinned = new Set<number>();
const KEPT_WINDOWS = KEPT_ROWS / WINDOW_ROWS;
const keeps = (w: number) => pinned.has(w) || (w >= inView.from - KEPT_WINDOWS && w <= inView.to + KEPT_WINDOWS);
/** The first window of the newest query; an older query's settles with it. */
let newestReload: Promise<void> = Promise.resolve();

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
      for (const w of windows.keys()) if (w !== window && !keeps(w)) windows.delete(w);
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
      void get().reload().then(followActiveOrder);
    },
    clearFilters() {
      set({ filter: {} });
      void get().reload().then(followActiveOrder);
    },
    setSort(sort) {
      set({ sort });
      void get().reload().then(followActiveOrder);
    },
    reload() {
      generation += 1;
      const gen = generation;
      // A new query is shown from its first rows, until the grid says where it is.
      inView = { from: 0, to: 0 };
      // The old rows stay until the new first window lands: no flash of an empty table.
      // The facet counts are asked for once those rows are painted: the cache answers one query at
      // a time on the same two or so cores, and the rows are what the clerk is waiting for.
      newestReload = loadWindow(0, gen, true).then(() => {
        if (gen !== generation) return newestReload;
        afterPaint(() => gen === generation && void loadFacets(gen));
      });
      return newestReload;
    },
    ensureRows(first, last, keep = []) {
      const { windows, total } = get();
      const gen = generation;
      // The rows on screen now; those ahead (and behind, for a scroll back up) once this frame is painted.
      const from = Math.floor(first / WINDOW_ROWS);
      const to = Math.floor(last / WINDOW_ROWS);
      inView = { from, to };
      pinned = new Set(keep.map((index) => Math.floor(index / WINDOW_ROWS)));
      for (let w = from; w <= to; w++) if (!windows.has(w)) void loadWindow(w, gen);
      const lastRow = Math.max(0, (total ?? 0) - 1);
      const ahead: number[] = [];
      for (let w = to + 1; w <= Math.floor(Math.min(lastRow, last + AHEAD_ROWS) / WINDOW_ROWS); w++) ahead.push(w);
      for (let w = from - 1; w >= Math.floor(Math.max(0, first - AHEAD_ROWS) / WINDOW_ROWS); w--) ahead.push(w);
      const missing = ahead.filter((w) => !windows.has(w) && !inFlight.has(`${gen}:${w}`));
      if (missing.length === 0) return;
      afterPaint(() => {
        if (gen !== generation) return;
        for (const w of missing) if (!get().windows.has(w)) void loadWindow(w, gen);
      });
    },
    rowAt(index) {
      return get().windows.get(Math.floor(index / WINDOW_ROWS))?.[index % WINDOW_ROWS];
    },
    async *rowsBetween(first, last) {
      const { filter, sort } = get();
      for (let w = Math.floor(first / WINDOW_ROWS); w <= Math.floor(last / WINDOW_ROWS); w++) {
        const rows = get().windows.get(w) ?? (await call('listOrders', { filter, sort, offset: w * WINDOW_ROWS, limit: WINDOW_ROWS })).rows;
        yield rows.slice(Math.max(0, first - w * WINDOW_ROWS), last - w * WINDOW_ROWS + 1);
      }
    },
  };
});

/**
 * After a new query, the keyboard's row is the same order if it is among the first rows, else the
 * top: never the old index, which would land on an unrelated order.
 */
function followActiveOrder(): void {
  const ui = useUiStore.getState();
  const first = useOrdersStore.getState().windows.get(0) ?? [];
  const at = ui.activeOrderId === null ? -1 : first.findIndex((row) => row.orderId === ui.activeOrderId);
  // Back at the top, no order is the clerk's choice: the next query doesn't carry this one along.
  if (at >= 0) ui.setActive(at, ui.activeOrderId);
  else ui.setActive(0, null);
}

function withoutEmpty(filter: OrdersFilter): OrdersFilter {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = value;
  }
  return out as OrdersFilter;
}

/**
 * The orders store's windowing alone, in Node: the bridge (the page's door to the app) is faked by
 * an in-memory table of 100,000 rows, of which a search keeps 12. The e2e tests run the same store
 * against the real app.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelInput } from '../../shared/ipc/contract';
import type { OrderRow } from '../../shared/ipc/types';

const TOTAL = 100_000;
const listCalls: ChannelInput<'listOrders'>[] = [];
vi.mock('../../renderer/src/bridge', () => ({
  async call(channel: string, input: ChannelInput<'listOrders'>) {
    if (channel !== 'listOrders') return {};
    listCalls.push(input);
    const total = input.filter?.search ? 12 : TOTAL;
    const offset = input.offset ?? 0;
    const rows = Array.from({ length: Math.max(0, Math.min(input.limit ?? 50, total - offset)) }, (_, i) => ({ orderId: `${input.filter?.search ?? 'O'}-${offset + i}` }));
    return { rows, total };
  },
}));

beforeAll(() => {
  // Node has no frames: "after paint" is the next task.
  globalThis.requestAnimationFrame = (fn: FrameRequestCallback) => setTimeout(() => fn(0), 0) as unknown as number;
});

const { useOrdersStore, KEPT_ROWS } = await import('../../renderer/src/store/orders-store');
const store = () => useOrdersStore.getState();
const loaded = () => [...store().windows.keys()].sort((a, b) => a - b);

beforeEach(async () => {
  store().clearFilters();
  await store().reload();
  listCalls.length = 0;
});

describe('the rows the page holds', () => {
  it('lets go of rows far from the view, and reads them again on the way back', async () => {
    store().ensureRows(0, 20);
    store().ensureRows(50_000, 50_020);
    await vi.waitFor(() => expect(store().rowAt(50_000)?.orderId).toBe('O-50000'));
    expect(store().rowAt(0)).toBeUndefined();
    expect(loaded().every((w) => Math.abs(w * 100 - 50_000) <= KEPT_ROWS + 100)).toBe(true);

    store().ensureRows(0, 20);
    await vi.waitFor(() => expect(store().rowAt(0)?.orderId).toBe('O-0'));
  });

  it('keeps the rows it is told to keep (the active row, a selection anchor) wherever the view is', async () => {
    store().ensureRows(50_000, 50_020, [3]);
    await vi.waitFor(() => expect(store().rowAt(50_000)).toBeDefined());
    expect(store().rowAt(3)?.orderId).toBe('O-3');
  });

  it('shows a new search’s first rows at once, even from far down the table', async () => {
    store().ensureRows(50_000, 50_020);
    await vi.waitFor(() => expect(store().rowAt(50_000)).toBeDefined());
    listCalls.length = 0;
    store().setFilter({ search: 'abc' });
    await vi.waitFor(() => expect(store().total).toBe(12));
    expect(store().rowAt(0)?.orderId).toBe('abc-0');
    expect(listCalls).toHaveLength(1);
  });

  it('settles a reload only when the newest query’s rows are in, so the app isn’t told the page is shown too early', async () => {
    const first = store().reload();
    store().setFilter({ search: 'abc' });
    await first;
    expect(store().total).toBe(12);
    expect(store().rowAt(0)?.orderId).toBe('abc-0');
  });

  it('reads a range it let go of, a window at a time, only as far as it is asked to go', async () => {
    store().ensureRows(50_000, 50_020);
    await vi.waitFor(() => expect(store().rowAt(50_000)).toBeDefined());
    listCalls.length = 0;
    const range = store().rowsBetween(95, 99_999);
    const next = async () => (await range.next()).value as readonly OrderRow[];
    expect((await next()).map((r) => r.orderId)).toEqual(['O-95', 'O-96', 'O-97', 'O-98', 'O-99']);
    expect((await next())[0]?.orderId).toBe('O-100');
    expect(listCalls.map((c) => c.offset)).toEqual([0, 100]);
  });
});

/**
 * Shift-selection over rows the page has let go of, in Node: the bridge is faked by an in-memory
 * table of 100,000 payable USD orders, and the service's clock by a fixed time. The e2e tests run
 * the same stores against the real app.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelInput } from '../../shared/ipc/contract';
import { OrderStatus } from '../../shared/domain/orders';

const NOW = Date.UTC(2026, 10, 26, 12);
const listCalls: number[] = [];
vi.mock('../../renderer/src/server-clock', () => ({ serverNow: () => NOW }));
vi.mock('../../renderer/src/bridge', () => ({
  async call(channel: string, input: ChannelInput<'listOrders'>) {
    if (channel !== 'listOrders') throw new Error(`unexpected call: ${channel}`);
    const offset = input.offset ?? 0;
    listCalls.push(offset);
    const rows = Array.from({ length: input.limit ?? 50 }, (_, i) => ({
      orderId: `O-${offset + i}`,
      status: OrderStatus.PendingPayment,
      expireTime: NOW + 86_400_000,
      currency: 'USD',
      amountAfterDiscount: 100,
      combinedOrderId: null,
    }));
    return { rows, total: 100_000 };
  },
}));

beforeAll(() => {
  globalThis.requestAnimationFrame = (fn: FrameRequestCallback) => setTimeout(() => fn(0), 0) as unknown as number;
});

const { useOrdersStore } = await import('../../renderer/src/store/orders-store');
const { useSelectionStore } = await import('../../renderer/src/store/selection-store');

describe('Shift-selection', () => {
  it('takes the rows next to the anchor even after the page let them go, and reads no further than it needs', async () => {
    const orders = useOrdersStore.getState();
    await orders.reload();
    orders.ensureRows(0, 120);
    await vi.waitFor(() => expect(orders.rowAt(110)).toBeDefined());
    // The clerk ticks row 95, scrolls 50,000 rows down, and Shift-clicks there.
    await useSelectionStore.getState().toggle(useOrdersStore.getState().rowAt(95)!, 95);
    useOrdersStore.getState().ensureRows(50_000, 50_020, [95]);
    await vi.waitFor(() => expect(useOrdersStore.getState().rowAt(50_000)).toBeDefined());
    expect(useOrdersStore.getState().rowAt(110)).toBeUndefined();
    listCalls.length = 0;

    await useSelectionStore.getState().extendTo(50_010);
    expect(useSelectionStore.getState().selected.map((o) => o.orderId)).toEqual(Array.from({ length: 30 }, (_, i) => `O-${95 + i}`));
    expect(listCalls).toEqual([100]);
  });
});

/**
 * The selection store in Node: the bridge is faked by an in-memory table, of 100,000 payable USD
 * orders for listing and of named orders (some in combined purchases) for getOrder, which a test
 * changes as a sync would; the service's clock by a fixed time. The e2e tests run the same stores
 * against the real app.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelInput } from '../../shared/ipc/contract';
import type { OrderDetail, OrderRow } from '../../shared/ipc/types';
import { OrderStatus, OrderType } from '../../shared/domain/orders';
import { selectionTotal } from '../../shared/billing/selection';
import { checkoutOrders } from '../../shared/billing/checkout-orders';

const NOW = Date.UTC(2026, 10, 26, 12);
const listCalls: number[] = [];
/** The cached orders getOrder answers from: a sync deletes paid ones and rewrites changed ones. */
const cachedOrders = new Map<string, OrderRow>();
/** While set, getOrder's answers wait for it: the app is slow to reply. */
let gate: Promise<void> | null = null;
vi.mock('../../renderer/src/server-clock', () => ({ serverNow: () => NOW }));
/** A row of the fake 100,000-order listing. */
const listed = (orderId: string) => ({
  orderId,
  status: OrderStatus.PendingPayment,
  expireTime: NOW + 86_400_000,
  currency: 'USD',
  amountAfterDiscount: 100,
  combinedOrderId: null,
}) as OrderRow;
vi.mock('../../renderer/src/bridge', () => ({
  async call(channel: string, input: ChannelInput<'listOrders'> & ChannelInput<'getOrder'> & ChannelInput<'checkOrdersPayable'>) {
    if (channel === 'checkOrdersPayable') {
      await gate;
      // The app's own check, over the fake cache: the rules under test are the real ones.
      const withGroups = (ids: readonly string[]) => {
        const asked = ids.flatMap((id) => cachedOrders.get(id) ?? (id.startsWith('O-') ? [listed(id)] : []));
        const groups = new Set(asked.flatMap((o) => (o.combinedOrderId === null ? [] : [o.combinedOrderId])));
        return [...new Map([...asked, ...[...cachedOrders.values()].filter((o) => o.combinedOrderId !== null && groups.has(o.combinedOrderId))].map((o) => [o.orderId, o])).values()];
      };
      return checkoutOrders({ withGroups }, input.orderIds, NOW);
    }
    if (channel === 'getOrder') {
      await gate;
      const row = cachedOrders.get(input.orderId);
      if (!row) return null;
      const groupMembers = [...cachedOrders.values()].filter((o) => row.combinedOrderId !== null && o.combinedOrderId === row.combinedOrderId && o.orderId !== row.orderId);
      return { ...row, lineItems: [], groupMembers } satisfies OrderDetail;
    }
    if (channel !== 'listOrders') throw new Error(`unexpected call: ${channel}`);
    const offset = input.offset ?? 0;
    listCalls.push(offset);
    const rows = Array.from({ length: input.limit ?? 50 }, (_, i) => listed(`O-${offset + i}`));
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

function order(orderId: string, combinedOrderId: string | null = null, over: Partial<OrderRow> = {}): OrderRow {
  return {
    orderId, status: OrderStatus.PendingPayment, orderType: OrderType.NewPurchase, serviceTypeCode: 'hws.service.type.ec2', serviceTypeName: 'Elastic Cloud Server',
    officialAmount: 1_000, amountAfterDiscount: 900, currency: 'USD', createTime: NOW - 86_400_000, updateTime: NOW - 86_400_000, expireTime: NOW + 86_400_000,
    combinedOrderId, groupSize: combinedOrderId ? 3 : 1, contractOverlap: false, thirdPartyItemCount: 0, ...over,
  };
}

/** A combined purchase of three, one of two, and two orders alone, cached. */
const CACHED = [order('A1', 'CB-A'), order('A2', 'CB-A'), order('A3', 'CB-A'), order('B1', 'CB-B', { groupSize: 2 }), order('B2', 'CB-B', { groupSize: 2 }), order('S1'), order('S2')];
const selection = () => useSelectionStore.getState();
const selectedIds = () => selection().selected.map((o) => o.orderId);
/** What a sync does to a cached order: rewrites it, or deletes it (paid, cancelled) with null. */
const sync = (orderId: string, next: Partial<OrderRow> | null) => (next ? cachedOrders.set(orderId, { ...cachedOrders.get(orderId)!, ...next }) : cachedOrders.delete(orderId));

describe('the selection after a sync', () => {
  beforeEach(async () => {
    selection().clear();
    cachedOrders.clear();
    for (const o of CACHED) cachedOrders.set(o.orderId, o);
    gate = null;
    // The clerk ticks one order of each group (the whole group comes along) and an order alone.
    for (const id of ['A2', 'B1', 'S1']) await selection().toggle(cachedOrders.get(id)!, 0);
    expect([...selectedIds()].sort()).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'S1']);
  });

  it('drops a whole combined purchase when one of its orders was paid elsewhere, and keeps the rest', async () => {
    sync('A3', null);
    await selection().revalidate();
    expect(selectedIds()).toEqual(['B1', 'B2', 'S1']);
    for (const id of ['A1', 'A2', 'A3']) expect(selection().isSelected(id)).toBe(false);
    expect(selectionTotal(selection().selected)).toEqual({ amountMinor: 3 * 900, currency: 'USD' });
  });

  it('drops a whole combined purchase when one of its orders went back to approval or expired', async () => {
    sync('A1', { status: OrderStatus.PendingApproval });
    await selection().revalidate();
    expect(selectedIds()).toEqual(['B1', 'B2', 'S1']);

    sync('B2', { expireTime: NOW });
    await selection().revalidate();
    expect(selectedIds()).toEqual(['S1']);
  });

  it('orders this app paid leave quietly, whether the sync told of them first or the payment did', async () => {
    // The sync first: the paid group is told as gone elsewhere, then the payment's result arrives.
    sync('A1', null);
    sync('A2', null);
    sync('A3', null);
    sync('S1', null);
    await selection().revalidate();
    expect(selection().notice).toMatchObject({ kind: 'left' });
    selection().paidHere(['A1', 'A2', 'A3']);
    expect(selection().notice).toEqual({ kind: 'left', orders: [{ orderId: 'S1', reason: expect.any(String) }] });
    selection().paidHere(['S1']);
    expect(selection().notice).toBeNull();
    // The payment first: nothing is left for the sync to tell about.
    selection().paidHere(['B1', 'B2']);
    expect(selectedIds()).toEqual([]);
    sync('B1', null);
    await selection().revalidate();
    expect(selection().notice).toBeNull();
  });

  it('keeps everything when nothing selected changed, with the orders as they are now', async () => {
    sync('S2', null);
    sync('S1', { amountAfterDiscount: 750 });
    sync('B1', { amountAfterDiscount: 500 });
    await selection().revalidate();
    expect([...selectedIds()].sort()).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'S1']);
    expect(selectionTotal(selection().selected)).toEqual({ amountMinor: 4 * 900 + 500 + 750, currency: 'USD' });
    expect(selection().selected.find((o) => o.orderId === 'S1')).toEqual(cachedOrders.get('S1'));
  });

  it('keeps the clerk’s change made while the check was on its way, and still drops what the check found unpayable', async () => {
    let answer!: () => void;
    gate = new Promise((resolve) => (answer = resolve));
    const checking = selection().revalidate();
    // Unticking an order alone needs no answer from the app.
    await selection().toggle(cachedOrders.get('S1')!, 0);
    sync('A3', null);
    answer();
    await checking;
    expect([...selectedIds()].sort()).toEqual(['B1', 'B2']);
    expect(selection().notice).toEqual({ kind: 'left', orders: [{ orderId: 'A3', reason: 'gone' }] });
  });
});

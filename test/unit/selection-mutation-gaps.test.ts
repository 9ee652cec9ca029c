/**
 * Selection rules that mutation testing (`npm run test:mutation`) found unpinned by
 * selection.test.ts: a mixed-currency group is refused whole, and select-all reports the 30-order
 * limit only when the limit is what stopped it.
 */
import { describe, expect, it } from 'vitest';
import { selectGroup, selectGroups, type SelectableOrder } from '../../shared/billing/selection';

const NOW = Date.UTC(2026, 10, 26, 12);
const order = (id: string, over: Partial<SelectableOrder> = {}): SelectableOrder => ({
  orderId: id, status: 6, currency: 'USD', combinedOrderId: null, expireTime: NOW + 3_600_000, amountAfterDiscount: 1000, ...over,
});

describe('selection rules, mutation gaps', () => {
  it('refuses a combined purchase with any member in another currency than the selection, even if the others match', () => {
    const group = [order('G1', { combinedOrderId: 'C' }), order('G2', { combinedOrderId: 'C', currency: 'CNY' })];
    expect(selectGroup([order('U')], group, NOW)).toEqual({ ok: false, refusal: { code: 'currency', selectedCurrency: 'USD' } });
  });

  it('select-all over groups refused for other reasons skips them without claiming the limit was reached', () => {
    const groups = [[order('P', { status: 1 })], [order('E', { expireTime: NOW })], [order('Y', { currency: 'CNY' })], [order('OK')]];
    const result = selectGroups([order('U')], groups, NOW);
    expect(result.selection.map((o) => o.orderId)).toEqual(['U', 'OK']);
    expect(result).toMatchObject({ skipped: 3, limitReached: false });
  });
});

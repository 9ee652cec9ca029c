import { describe, expect, it } from 'vitest';
import { deselectGroup, paymentBlocker, selectGroup, selectGroups, selectionTotal, type SelectableOrder } from '../../shared/billing/selection';

const NOW = Date.UTC(2026, 10, 26, 12);
const order = (id: string, over: Partial<SelectableOrder> = {}): SelectableOrder => ({
  orderId: id, status: 6, currency: 'USD', combinedOrderId: null, expireTime: NOW + 3_600_000, amountAfterDiscount: 1000, ...over,
});
const singles = (n: number, prefix = 'O') => Array.from({ length: n }, (_, i) => order(`${prefix}${i}`));

describe('selection rules', () => {
  it('refuses the 31st order', () => {
    const thirty = singles(30).reduce<readonly SelectableOrder[]>((sel, o) => {
      const r = selectGroup(sel, [o], NOW);
      if (!r.ok) throw new Error('unexpected refusal');
      return r.selection;
    }, []);
    expect(thirty).toHaveLength(30);
    expect(selectGroup(thirty, [order('X')], NOW)).toEqual({ ok: false, refusal: { code: 'limit', max: 30 } });
  });

  it('selects and deselects a combined purchase whole, counting every member toward 30', () => {
    const group = ['G1', 'G2', 'G3'].map((id) => order(id, { combinedOrderId: 'C1' }));
    const r = selectGroup(singles(27), group, NOW);
    expect(r.ok && r.selection.map((o) => o.orderId).slice(-3)).toEqual(['G1', 'G2', 'G3']);
    expect(selectGroup(singles(28), group, NOW)).toMatchObject({ ok: false, refusal: { code: 'limit' } });
    expect(deselectGroup(r.ok ? r.selection : [], group[1]!)).toHaveLength(27);
  });

  it('refuses pending-approval, expired and other non-payable orders, and any group holding one', () => {
    expect(paymentBlocker(order('A', { status: 1 }), NOW)).toEqual({ code: 'pending_approval', orderId: 'A' });
    expect(paymentBlocker(order('B', { expireTime: NOW }), NOW)).toEqual({ code: 'expired', orderId: 'B' });
    expect(paymentBlocker(order('C', { status: 5 }), NOW)).toEqual({ code: 'not_payable', orderId: 'C' });
    const group = [order('G1', { combinedOrderId: 'C' }), order('G2', { combinedOrderId: 'C', status: 1 })];
    expect(selectGroup([], group, NOW)).toEqual({ ok: false, refusal: { code: 'pending_approval', orderId: 'G2' } });
  });

  it('keeps one currency per selection', () => {
    const r = selectGroup([order('U')], [order('Y', { currency: 'CNY' })], NOW);
    expect(r).toEqual({ ok: false, refusal: { code: 'currency', selectedCurrency: 'USD' } });
  });

  it('select-all takes what the rules allow and says what it skipped', () => {
    const groups = [...singles(29).map((o) => [o]), [order('P', { status: 1 })], [order('Y', { currency: 'CNY' })], [order('L1', { combinedOrderId: 'L' }), order('L2', { combinedOrderId: 'L' })], [order('LAST')]];
    const result = selectGroups([], groups, NOW);
    expect(result.selection.map((o) => o.orderId)).toEqual([...singles(29).map((o) => o.orderId), 'LAST']);
    expect(result).toMatchObject({ skipped: 3, limitReached: true });
  });

  it('totals in integer minor units', () => {
    expect(selectionTotal([order('A', { amountAfterDiscount: 10 }), order('B', { amountAfterDiscount: 20 })])).toEqual({ amountMinor: 30, currency: 'USD' });
    expect(selectionTotal([])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { PAYMENTS_CSV_HEAD, orderSavings, paymentsCsv, paymentsCsvRows, paymentsExportFileName } from '../../shared/export/payments-csv';
import type { PaymentOrderView, PaymentView } from '../../shared/ipc/payment-types';

const order = (over: Partial<PaymentOrderView> = {}): PaymentOrderView => ({
  orderId: 'CS2611260935ABCDE', outcome: 'paid', newStatus: 5, amountCharged: 100005, discount: { discountId: 'D1', amount: 12000 }, coupons: [{ couponId: 'C1', amount: 451 }], ...over,
});
const payment = (over: Partial<PaymentView> = {}): PaymentView => ({
  key: '6f1c2a4e-5b7d-4c8e-9f00-112233445566', createdAt: Date.UTC(2026, 10, 20, 8, 30, 5), osUser: 'clerk', accountId: 'acct-postpaid', method: 'monthly_settlement',
  currency: 'USD', state: 'done', status: 'completed', paymentId: 'PAY-0001', amountCharged: 100005, savings: 12451, quotedPayable: 100005,
  bill: { period: '2026-11', generatedOn: '2026-12-03' }, orders: [order()], refusal: null, lastError: null, card: null, failure: null, ...over,
});

const HEAD = 'Payment key,Payment ID,Created (UTC),OS user,Account,Method,Status,Order No.,Outcome,Amount charged,Savings,Currency';

describe('the payments CSV', () => {
  it('writes a BOM and the header, then one line per order of each payment, amounts as exact decimals and the time in UTC', () => {
    const csv = paymentsCsv([
      payment({ orders: [order(), order({ orderId: 'CS2', outcome: 'skipped_status_changed', newStatus: 4, amountCharged: 0, discount: null, coupons: [] })] }),
      payment({ key: '00000000-0000-4000-8000-000000000001', paymentId: 'PAY-0002', currency: 'JPY', createdAt: Date.UTC(2026, 0, 2, 3, 4, 5), orders: [order({ orderId: 'CS3', amountCharged: 1500, discount: null, coupons: [{ couponId: 'a', amount: 200 }, { couponId: 'b', amount: 50 }] })] }),
    ]);
    const lines = csv.split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toBe(`\uFEFF${HEAD}`);
    expect(lines[1]).toBe('6f1c2a4e-5b7d-4c8e-9f00-112233445566,PAY-0001,2026-11-20T08:30:05.000Z,clerk,acct-postpaid,monthly_settlement,completed,CS2611260935ABCDE,paid,1000.05,124.51,USD');
    expect(lines[2]).toBe('6f1c2a4e-5b7d-4c8e-9f00-112233445566,PAY-0001,2026-11-20T08:30:05.000Z,clerk,acct-postpaid,monthly_settlement,completed,CS2,skipped_status_changed,0.00,0.00,USD');
    expect(lines[3]).toBe('00000000-0000-4000-8000-000000000001,PAY-0002,2026-01-02T03:04:05.000Z,clerk,acct-postpaid,monthly_settlement,completed,CS3,paid,1500,250,JPY');
    expect(lines[4]).toBe('');
    expect(lines).toHaveLength(5);
  });

  it('writes the head alone when there are no payments', () => {
    expect(paymentsCsv([])).toBe(PAYMENTS_CSV_HEAD);
    expect(PAYMENTS_CSV_HEAD).toBe(`\uFEFF${HEAD}\r\n`);
  });

  it('says where a payment without an answer stands: pending orders, a refused payment with its orders not paid, no payment id', () => {
    const pending = payment({ state: 'pending', status: null, paymentId: null, amountCharged: null, savings: null, orders: [order({ outcome: null, newStatus: null, amountCharged: 0, discount: null, coupons: [] })] });
    const refused = payment({ state: 'refused', status: null, paymentId: null, orders: [order({ orderId: 'CS9', outcome: null, newStatus: null, amountCharged: 0, discount: null, coupons: [] })] });
    const [, a, b] = paymentsCsv([pending, refused]).split('\r\n');
    expect(a).toBe('6f1c2a4e-5b7d-4c8e-9f00-112233445566,,2026-11-20T08:30:05.000Z,clerk,acct-postpaid,monthly_settlement,pending,CS2611260935ABCDE,pending,0.00,0.00,USD');
    expect(b).toBe('6f1c2a4e-5b7d-4c8e-9f00-112233445566,,2026-11-20T08:30:05.000Z,clerk,acct-postpaid,monthly_settlement,refused,CS9,not_paid,0.00,0.00,USD');
  });

  it('defuses formulas and quotes separators in text cells, with the orders CSV’s own escaping', () => {
    const [, line] = paymentsCsv([payment({ osUser: '=HYPERLINK("http://x")', accountId: 'acct, "main"', paymentId: '+SUM(A1)', orders: [order({ orderId: '@cmd' })] })]).split('\r\n');
    expect(line).toBe(`6f1c2a4e-5b7d-4c8e-9f00-112233445566,'+SUM(A1),2026-11-20T08:30:05.000Z,"'=HYPERLINK(""http://x"")","acct, ""main""",monthly_settlement,completed,'@cmd,paid,1000.05,124.51,USD`);
  });

  it('keeps a negative amount a number: its minus is a sign, not a formula to defuse', () => {
    const [, line] = paymentsCsv([payment({ orders: [order({ amountCharged: -2550, discount: { discountId: 'D', amount: -1 }, coupons: [] })] })]).split('\r\n');
    expect(line!.split(',').slice(-3)).toEqual(['-25.50', '-0.01', 'USD']);
  });

  it('counts its rows, adds an order’s discount and coupons as its savings, and names the file by the minute in UTC', () => {
    expect(paymentsCsvRows([payment({ orders: [order(), order({ orderId: 'x' })] }), payment()])).toBe(3);
    expect(orderSavings(order())).toBe(12451);
    expect(orderSavings({ discount: null, coupons: [] })).toBe(0);
    expect(paymentsExportFileName(new Date(Date.UTC(2026, 10, 20, 8, 30, 59)))).toBe('payments-202611200830.csv');
  });
});

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../main/ipc/dispatch';
import { CsvDownload, createHandlers, receiptFileName, type HandlerDeps } from '../../main/ipc/handlers';
import { createMemoryLogger } from '../../main/logger';
import { paymentsCsv } from '../../shared/export/payments-csv';
import type { PaymentView } from '../../shared/ipc/payment-types';

// 'electron' can't load under plain Node: a window whose printToPDF answers bytes, and a save dialog.
const fake = vi.hoisted(() => ({ chosen: '' as string | null, printed: 0 }));
vi.mock('electron', () => ({
  app: { getPath: () => '/home/clerk/Documents' },
  dialog: { showSaveDialog: vi.fn(async () => (fake.chosen ? { canceled: false, filePath: fake.chosen } : { canceled: true, filePath: '' })) },
}));
const { saveReceiptPdfWithDialog } = await import('../../main/electron/receipt-pdf');

const KEY = '6f1c2a4e-5b7d-4c8e-9f00-112233445566';
const PAYMENT: PaymentView = {
  key: KEY, createdAt: Date.UTC(2026, 10, 20, 8, 30), osUser: 'clerk', accountId: 'acct', method: 'monthly_settlement', currency: 'USD', state: 'done', status: 'completed',
  paymentId: 'PAY/0001', amountCharged: 500, savings: 20, quotedPayable: 500, bill: null, refusal: null, lastError: null, card: null, failure: null,
  orders: [{ orderId: 'CS1', outcome: 'paid', newStatus: 5, amountCharged: 500, discount: null, coupons: [{ couponId: 'C', amount: 20 }] }],
};
const payments = {
  list: vi.fn((_from: number, _to: number) => [PAYMENT]),
  get: (key: string) => (key === KEY ? PAYMENT : null),
};
const window = { isDestroyed: () => false, webContents: { printToPDF: vi.fn(async () => (fake.printed++, Buffer.from('%PDF-1.7 receipt'))) } };

function app(over: Partial<HandlerDeps> = {}) {
  const deps = { info: {}, cache: {}, sync: {}, payments, onPageShown: () => undefined, ...over } as unknown as HandlerDeps;
  const handlers = createHandlers(deps);
  return (channel: string, input?: unknown) => dispatch(handlers, createMemoryLogger(), channel, input);
}

const dir = mkdtempSync(join(tmpdir(), 'settle-receipt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  fake.printed = 0;
  payments.list.mockClear();
});

describe('saveReceiptPdf', () => {
  const electron = app({ saveReceiptPdf: (name) => saveReceiptPdfWithDialog(window as never, name, null) });

  it.each([undefined, {}, { key: 'not-a-uuid' }, { key: KEY, extra: 1 }, { key: 42 }, 'x'])('refuses the input %j without printing anything', async (input) => {
    const result = await electron('saveReceiptPdf', input);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(fake.printed).toBe(0);
  });

  it('prints the page to PDF and writes it where the clerk chose, named after the payment id', async () => {
    fake.chosen = join(dir, 'chosen.pdf');
    const result = await electron('saveReceiptPdf', { key: KEY });
    expect(result).toEqual({ ok: true, value: { kind: 'saved', path: fake.chosen } });
    expect(readFileSync(fake.chosen, 'utf8')).toBe('%PDF-1.7 receipt');
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    const { dialog } = await import('electron');
    expect(dialog.showSaveDialog).toHaveBeenLastCalledWith(window, expect.objectContaining({ defaultPath: '/home/clerk/Documents/receipt-PAY_0001.pdf' }));
  });

  it('answers cancelled when the clerk cancels the save dialog, and not_found for a payment the ledger does not hold', async () => {
    fake.chosen = null;
    expect(await electron('saveReceiptPdf', { key: KEY })).toEqual({ ok: true, value: { kind: 'cancelled' } });
    expect(await electron('saveReceiptPdf', { key: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('is refused in the web face, whose page uses the browser’s print dialog instead', async () => {
    expect(await app()('saveReceiptPdf', { key: KEY })).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('print dialog') } });
  });

  it('keeps only safe characters in the file name', () => {
    expect(receiptFileName('../../etc/passwd')).toBe('receipt-.._.._etc_passwd.pdf');
    expect(receiptFileName('PAY-1.2_3')).toBe('receipt-PAY-1.2_3.pdf');
  });
});

describe('exportPaymentsCsv', () => {
  it.each([{ from: -1 }, { to: 1.5 }, { from: '2026-01-01' }, { extra: true }])('refuses the input %j', async (input) => {
    expect(await app()('exportPaymentsCsv', input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(payments.list).not.toHaveBeenCalled();
  });

  it('hands the web face a download of the range’s payments, as listPayments reads them', async () => {
    const result = await app()('exportPaymentsCsv', { from: 10, to: 20 });
    expect(payments.list).toHaveBeenCalledWith(10, 20);
    const download = (result as { ok: true; value: CsvDownload }).value;
    expect(download).toBeInstanceOf(CsvDownload);
    expect(download.fileName).toMatch(/^payments-\d{12}\.csv$/);
    let text = '';
    for await (const chunk of download.csv.chunks()) text += chunk;
    expect(text).toBe(paymentsCsv([PAYMENT]));
    expect(download.csv.rows).toBe(1);
  });

  it('saves through the face’s save dialog in Electron, every payment when no range is given', async () => {
    const saved: string[] = [];
    const save = app({ saveFile: async (_name, csv) => { for await (const chunk of csv) saved.push(chunk); return '/tmp/p.csv'; } });
    expect(await save('exportPaymentsCsv', {})).toEqual({ ok: true, value: { kind: 'saved', path: '/tmp/p.csv', rows: 1 } });
    expect(payments.list).toHaveBeenCalledWith(0, 8.64e15);
    expect(saved.join('')).toBe(paymentsCsv([PAYMENT]));
  });
});

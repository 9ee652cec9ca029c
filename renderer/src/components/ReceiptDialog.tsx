import { useEffect, useRef } from 'react';
import { cardBrandName } from '../../../shared/billing/card-acceptance';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { orderSavings } from '../../../shared/export/payments-csv';
import type { PaymentView } from '../../../shared/ipc/payment-types';
import { call, savesPdfItself } from '../bridge';
import { errorMessage } from '../errors';
import { useFormatters } from '../format';
import { useAppStore } from '../store/app-store';
import { useUiStore, type ReceiptRequest } from '../store/ui-store';
import { useFocusTrap } from './checkout/use-focus-trap';

/** "Print receipt" and "Save as PDF" for one payment: they open its receipt and print it. */
export function ReceiptButtons({ payment, label }: { readonly payment: PaymentView; readonly label?: string }) {
  const { t } = useTranslation();
  const showReceipt = useUiStore((s) => s.showReceipt);
  const pdfTitle = savesPdfItself ? t('receipt.pdfTitle') : t('receipt.pdfTitleBrowser');
  return (
    <>
      <button type="button" onClick={() => showReceipt({ payment, action: 'print' })} aria-label={label ? t('receipt.printFor', { payment: label }) : undefined}>
        {t('receipt.print')}
      </button>
      <button type="button" onClick={() => showReceipt({ payment, action: 'pdf' })} title={pdfTitle} aria-label={label ? t('receipt.pdfFor', { payment: label }) : undefined}>
        {t('receipt.pdf')}
      </button>
    </>
  );
}

/**
 * Prints the page, which shows only the receipt when printed: the browser's print dialog, or in
 * Electron for a PDF, the app's own PDF and save dialog.
 */
async function runAction({ payment, action }: ReceiptRequest, t: (key: string, options?: Record<string, unknown>) => string): Promise<void> {
  if (action === 'print' || !savesPdfItself) return window.print();
  const toast = useAppStore.getState().toast;
  try {
    const result = await call('saveReceiptPdf', { key: payment.key });
    if (result.kind === 'saved') toast(t('receipt.pdfSaved', { path: result.path }), 'success');
  } catch (error) {
    toast(t('receipt.pdfFailed', { message: errorMessage(error) }), 'error');
  }
}

/** One payment's receipt, on screen over the page and, when printed, alone on the paper. */
export function ReceiptDialog() {
  const { t } = useTranslation();
  const request = useUiStore((s) => s.receipt);
  const showReceipt = useUiStore((s) => s.showReceipt);
  const dialogRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useFocusTrap(dialogRef, request !== null);
  useEffect(() => {
    if (!request) return;
    titleRef.current?.focus();
    // After the receipt is painted, so that what is printed is the receipt.
    const frame = requestAnimationFrame(() => setTimeout(() => void runAction(request, t), 0));
    return () => cancelAnimationFrame(frame);
    // Once per opening: a new language must not print again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
  if (!request) return null;
  const { payment } = request;
  return createPortal(
    <div className="receipt-layer">
      <div className="dialog-backdrop">
        <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby="receipt-title" className="dialog receipt-dialog">
          <Receipt payment={payment} titleRef={titleRef} />
          <div className="dialog-actions no-print">
            <button type="button" onClick={() => void runAction({ payment, action: 'print' }, t)}>{t('receipt.print')}</button>
            <button type="button" onClick={() => void runAction({ payment, action: 'pdf' }, t)} title={savesPdfItself ? t('receipt.pdfTitle') : t('receipt.pdfTitleBrowser')}>{t('receipt.pdf')}</button>
            <button type="button" className="primary" onClick={() => showReceipt(null)}>{t('receipt.close')}</button>
          </div>
        </div>
      </div>
    </div>,
    document.body,
  );
}

function Receipt({ payment, titleRef }: { readonly payment: PaymentView; readonly titleRef: React.RefObject<HTMLHeadingElement | null> }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const account = useAppStore((s) => s.account);
  const money = (amount: number) => fmt.money(amount, payment.currency);
  const accountName = account?.customerId === payment.accountId ? account.name : null;
  const outcome = payment.state === 'refused' ? t('paymentsPage.outcome.refused', { code: payment.refusal?.code ?? '' }) : payment.state === 'pending' ? t('paymentsPage.outcome.pending') : t(`paymentsPage.outcome.${payment.status ?? 'failed'}`);
  const discounts = payment.orders.reduce((sum, o) => sum + (o.discount?.amount ?? 0), 0);
  const coupons = payment.orders.reduce((sum, o) => sum + o.coupons.reduce((s, c) => s + c.amount, 0), 0);
  return (
    <article className="receipt" data-testid="receipt" aria-labelledby="receipt-title">
      <header className="receipt-head">
        <h2 id="receipt-title" ref={titleRef} tabIndex={-1}>{t('receipt.title')}</h2>
        <span className="muted">Settle</span>
      </header>
      <dl className="receipt-facts">
        <dt>{t('receipt.paymentId')}</dt><dd className="order-no" data-testid="receipt-payment-id">{payment.paymentId ?? t('receipt.noPaymentId')}</dd>
        <dt>{t('receipt.date')}</dt><dd>{fmt.dateTime(payment.createdAt)} <span className="muted">({new Date(payment.createdAt).toISOString().replace('T', ' ').slice(0, 19)} UTC)</span></dd>
        <dt>{t('receipt.account')}</dt><dd data-testid="receipt-account">{accountName ? `${accountName} (${payment.accountId})` : payment.accountId}</dd>
        <dt>{t('receipt.paidBy')}</dt><dd>{payment.osUser}</dd>
        <dt>{t('receipt.method')}</dt><dd>{t(`method.${payment.method}`)}</dd>
        {payment.card && (
          <>
            <dt>{t('results.card')}</dt><dd data-testid="receipt-card">{t('results.cardText', { brand: cardBrandName(payment.card.brand), last4: payment.card.last4 })}</dd>
            {payment.card.amountReleased > 0 && (<><dt>{t('results.released')}</dt><dd>{fmt.money(payment.card.amountReleased, payment.currency)}</dd></>)}
          </>
        )}
        {payment.failure && (<><dt>{t('receipt.failure')}</dt><dd>{payment.failure.message}</dd></>)}
        {payment.bill && (<><dt>{t('receipt.bill')}</dt><dd>{t('results.billText', { period: payment.bill.period, generatedOn: payment.bill.generatedOn })}</dd></>)}
        <dt>{t('receipt.outcome')}</dt><dd>{outcome}</dd>
      </dl>
      <table className="line-items receipt-orders">
        <thead>
          <tr>
            <th scope="col">{t('table.orderNo')}</th>
            <th scope="col">{t('results.outcome')}</th>
            <th scope="col" className="num">{t('receipt.discount')}</th>
            <th scope="col" className="num">{t('receipt.coupons')}</th>
            <th scope="col" className="num">{t('results.charged')}</th>
          </tr>
        </thead>
        <tbody>
          {payment.orders.map((o) => (
            <tr key={o.orderId} data-order-id={o.orderId}>
              <td className="order-no">{o.orderId}</td>
              <td>{o.outcome ? t(`results.outcomeText.${o.outcome}`, { status: o.newStatus === null ? '' : t(`status.${o.newStatus}`) }) : t('results.outcomeText.pending')}</td>
              <td className="num">{money(o.discount?.amount ?? 0)}</td>
              <td className="num">{money(o.coupons.reduce((sum, c) => sum + c.amount, 0))}</td>
              <td className="num">{money(o.amountCharged)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="totals receipt-totals">
        <dt>{t('receipt.discounts')}</dt><dd className="num">{money(discounts)}</dd>
        <dt>{t('receipt.couponsTotal')}</dt><dd className="num">{money(coupons)}</dd>
        <dt>{t('receipt.savings')}</dt><dd className="num" data-testid="receipt-savings">{money(payment.savings ?? payment.orders.reduce((sum, o) => sum + orderSavings(o), 0))}</dd>
        <dt className="charged">{t('receipt.charged')}</dt><dd className="num charged" data-testid="receipt-charged">{money(payment.amountCharged ?? 0)}</dd>
      </dl>
      <p className="note">{t('receipt.key', { key: payment.key })}</p>
    </article>
  );
}

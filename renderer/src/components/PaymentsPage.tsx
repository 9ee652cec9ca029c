import { useEffect } from 'react';
import { cardBrandName } from '../../../shared/billing/card-acceptance';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { PaymentView } from '../../../shared/ipc/payment-types';
import { call } from '../bridge';
import { errorMessage } from '../errors';
import { useFormatters } from '../format';
import { useAppStore } from '../store/app-store';
import { rangeInput, usePaymentsStore } from '../store/payments-store';
import { download } from './ExportButton';
import { ReceiptButtons } from './ReceiptDialog';

/** How many order numbers a row lists before it says how many more there are (all of them are in its title and the receipt). */
const ORDERS_SHOWN = 3;

/** The payments in the range to CSV, one row per order: saved in Electron, downloaded in a browser. */
function ExportPaymentsButton({ disabled }: { readonly disabled: boolean }) {
  const { t } = useTranslation();
  const { from, to } = usePaymentsStore(useShallow((s) => ({ from: s.from, to: s.to })));
  const toast = useAppStore((s) => s.toast);
  const run = async () => {
    try {
      const result = await call('exportPaymentsCsv', rangeInput(from, to));
      if (result.kind === 'download') {
        download(result.fileName, result.content);
        toast(t('paymentsPage.exportDownloaded', { count: result.rows, file: result.fileName }), 'success');
      } else if (result.kind === 'saved') toast(t('paymentsPage.exportSaved', { count: result.rows, path: result.path }), 'success');
    } catch (error) {
      toast(t('paymentsPage.exportFailed', { message: errorMessage(error) }), 'error');
    }
  };
  return (
    <button type="button" onClick={() => void run()} disabled={disabled}>
      {t('paymentsPage.export')}
    </button>
  );
}

function PaymentRow({ payment }: { readonly payment: PaymentView }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const money = (amount: number | null) => (amount === null ? '—' : fmt.money(amount, payment.currency));
  const outcome =
    payment.state === 'refused'
      ? t('paymentsPage.outcome.refused', { code: payment.refusal?.code ?? '' })
      : payment.state === 'pending'
        ? t('paymentsPage.outcome.pending')
        : t(`paymentsPage.outcome.${payment.status ?? 'failed'}`);
  const ids = payment.orders.map((o) => o.orderId);
  const label = payment.paymentId ?? fmt.dateTime(payment.createdAt);
  return (
    <tr data-payment-key={payment.key} data-state={payment.state}>
      <td className="when">{fmt.dateTime(payment.createdAt)}</td>
      <td>
        <span className="who">{payment.osUser}</span>
        <span className="sub block">{payment.accountId}</span>
      </td>
      <td className="orders-cell" title={ids.join(', ')}>
        {ids.slice(0, ORDERS_SHOWN).map((id) => (
          <span key={id} className="order-no block">{id}</span>
        ))}
        {ids.length > ORDERS_SHOWN && <span className="sub block">{t('paymentsPage.moreOrders', { count: ids.length - ORDERS_SHOWN })}</span>}
      </td>
      <td>
        {t(`method.${payment.method}`)}
        {payment.card && <span className="sub block">{t('results.cardText', { brand: cardBrandName(payment.card.brand), last4: payment.card.last4 })}</span>}
      </td>
      <td className="num">{money(payment.savings)}</td>
      <td className="num" data-testid="payment-amount">{money(payment.amountCharged)}</td>
      <td className={`outcome-cell ${payment.state === 'done' ? (payment.status ?? '') : payment.state}`}>
        {outcome}
        {payment.paymentId && <span className="sub block order-no">{payment.paymentId}</span>}
      </td>
      <td className="actions-cell">
        <ReceiptButtons payment={payment} label={label} />
      </td>
    </tr>
  );
}

/** Every payment made from this app, newest first, from the local ledger: it works offline. */
export function PaymentsPage() {
  const { t } = useTranslation();
  const { payments, from, to, error, setRange } = usePaymentsStore(useShallow((s) => ({ payments: s.payments, from: s.from, to: s.to, error: s.error, setRange: s.setRange })));
  useEffect(() => {
    void usePaymentsStore.getState().load();
  }, []);
  const filtered = from !== '' || to !== '';
  return (
    <main className="payments-page">
      <div className="payments-toolbar">
        <label className="field">
          {t('paymentsPage.from')}
          <input type="date" value={from} max={to || undefined} onChange={(e) => void setRange(e.target.value, to)} />
        </label>
        <label className="field">
          {t('paymentsPage.to')}
          <input type="date" value={to} min={from || undefined} onChange={(e) => void setRange(from, e.target.value)} />
        </label>
        {filtered && (
          <button type="button" onClick={() => void setRange('', '')}>{t('paymentsPage.clearDates')}</button>
        )}
        <p className="count" data-testid="payment-count">
          {payments === null ? '' : filtered ? t('paymentsPage.countInRange', { count: payments.length }) : t('paymentsPage.count', { count: payments.length })}
        </p>
        <ExportPaymentsButton disabled={!payments || payments.length === 0} />
      </div>
      {error && <p role="alert" className="error">{t('paymentsPage.loadFailed', { message: error })}</p>}
      {payments === null ? (
        <p className="loading">{t('paymentsPage.loading')}</p>
      ) : payments.length === 0 ? (
        <div className="empty" data-testid="payments-empty">
          <p>{filtered ? t('paymentsPage.noneInRange') : t('paymentsPage.none')}</p>
        </div>
      ) : (
        <div className="payments-scroll">
          <table className="payments-table" aria-label={t('paymentsPage.tableName')}>
            <thead>
              <tr>
                <th scope="col">{t('paymentsPage.when')}</th>
                <th scope="col">{t('paymentsPage.by')}</th>
                <th scope="col">{t('paymentsPage.orders')}</th>
                <th scope="col">{t('paymentsPage.method')}</th>
                <th scope="col" className="num">{t('paymentsPage.savings')}</th>
                <th scope="col" className="num">{t('paymentsPage.amount')}</th>
                <th scope="col">{t('paymentsPage.outcomeColumn')}</th>
                <th scope="col"><span className="visually-hidden">{t('paymentsPage.receipt')}</span></th>
              </tr>
            </thead>
            <tbody>
              {payments.map((p) => (
                <PaymentRow key={p.key} payment={p} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}

import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { QuoteTotals } from '../../../../shared/billing-api/payment-schemas';
import type { CheckoutView, QuoteView } from '../../../../shared/ipc/payment-types';
import { useFormatters } from '../../format';
import { useAppStore } from '../../store/app-store';
import { useCheckoutStore } from '../../store/checkout-store';

interface Props {
  readonly view: CheckoutView;
  readonly preview: QuoteTotals;
  /** The service's figure of what is on screen, once it answered. */
  readonly serviceQuote: QuoteView | null;
  readonly onCancel: () => void;
}

/** The totals, Best savings, the payment method and Pay. */
export function CheckoutSummary({ view, preview, serviceQuote, onCancel }: Props) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { method, confirmed, best, status, error, setMethod, applyBestSavings, pay, goToCard } = useCheckoutStore(
    useShallow((s) => ({ method: s.method, confirmed: s.confirmed, best: s.best, status: s.status, error: s.error, setMethod: s.setMethod, applyBestSavings: s.applyBestSavings, pay: s.pay, goToCard: s.goToCard })),
  );
  const online = useAppStore((s) => s.sync?.online ?? false);
  const ledgerProblem = useAppStore((s) => s.info?.ledgerProblem ?? null);
  const money = (amount: number) => fmt.money(amount, preview.currency);
  const totals = serviceQuote?.totals ?? preview;
  const unconfirmed = view.orders.filter((o) => o.order.contractOverlap && !confirmed.includes(o.order.orderId)).length;
  const problems = serviceQuote?.orders.reduce((n, o) => n + o.problems.length, 0) ?? 0;
  const settlementOk = view.monthlySettlement.available;
  const cardOk = view.card.available;
  const disabled = view.payingDisabled === null ? null : ledgerProblem ? t(`ledgerProblem.${ledgerProblem.reason}`, { path: ledgerProblem.path }) : view.payingDisabled;
  const blocker = disabled
    ?? (!online ? t('sync.payNeedsConnection') : null)
    ?? (method === 'monthly_settlement' && !settlementOk ? t('checkout.settlementUnavailable') : null)
    ?? (method === 'card' && !view.card.available ? view.card.reason : null)
    ?? (unconfirmed > 0 ? t('checkout.confirmContracts', { count: unconfirmed }) : null)
    ?? (problems > 0 ? t('checkout.fixProblems') : null)
    ?? (serviceQuote === null ? t('checkout.confirming') : null);

  return (
    <aside className="checkout-summary" aria-label={t('checkout.summaryLabel')}>
      <dl className="totals">
        <dt>{t('checkout.official')}</dt><dd className="num">{money(totals.official)}</dd>
        <dt>{t('checkout.discounts')}</dt><dd className="num">−{money(totals.discounts)}</dd>
        <dt>{t('checkout.couponsTotal')}</dt><dd className="num">−{money(totals.coupons)}</dd>
        <dt className="payable">{t('checkout.payable')}</dt><dd className="num payable" data-testid="checkout-payable">{money(totals.payable)}</dd>
      </dl>
      {serviceQuote && serviceQuote.totals.payable !== preview.payable && (
        <p role="status" className="alert-inline">{t('checkout.serviceDiffers', { service: money(serviceQuote.totals.payable), preview: money(preview.payable) })}</p>
      )}
      {serviceQuote && serviceQuote.totals.payable === preview.payable && <p className="note">{t('checkout.confirmedByService')}</p>}

      <button type="button" onClick={applyBestSavings} disabled={status === 'paying'}>{t('checkout.bestSavings')}</button>
      {best && (
        <p role="status" className="note" data-testid="best-savings">
          {best.saved > 0 ? t('checkout.bestSaved', { amount: money(best.saved) }) : t('checkout.bestSame')}
          {!best.optimal && ` ${t('checkout.bestNotProven')}`}
        </p>
      )}

      <fieldset className="methods">
        <legend>{t('checkout.method')}</legend>
        <label className={`method${cardOk ? '' : ' disabled'}`}>
          <input type="radio" name="method" value="card" disabled={!cardOk} checked={method === 'card'} onChange={() => setMethod('card')} />
          <span>
            {t('checkout.payOnline')}
            {view.card.available ? <span className="note block">{t('checkout.payOnlineCards')}</span> : <span className="reason block">{view.card.reason}</span>}
          </span>
        </label>
        <label className={`method${settlementOk ? '' : ' disabled'}`}>
          <input type="radio" name="method" value="monthly_settlement" checked={method === 'monthly_settlement'} disabled={!settlementOk} onChange={() => setMethod('monthly_settlement')} />
          <span>
            {t('checkout.monthlySettlement')}
            {settlementOk ? (
              <span className="note block">{t('checkout.settlementBill', { period: view.bill.period, generatedOn: view.bill.generatedOn })}</span>
            ) : (
              <span className="reason block">{t(view.monthlySettlement.postpaid ? 'checkout.settlementNotEnabled' : 'checkout.settlementPrepaid')}</span>
            )}
          </span>
        </label>
      </fieldset>

      {error && <p role="alert" className="alert">{error}</p>}
      {blocker && <p className="reason" id="pay-blocker">{blocker}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>{t('checkout.cancel')}</button>
        {method === 'card' ? (
          <button type="button" className="primary" disabled={blocker !== null} aria-describedby={blocker ? 'pay-blocker' : undefined} onClick={goToCard}>
            {t('checkout.goToOnlinePayment')}
          </button>
        ) : (
          <button type="button" className="primary" disabled={blocker !== null || status === 'paying'} aria-describedby={blocker ? 'pay-blocker' : undefined} onClick={() => void pay()}>
            {status === 'paying' ? t('checkout.paying') : t('checkout.pay', { amount: money(totals.payable) })}
          </button>
        )}
      </div>
    </aside>
  );
}

import { useTranslation } from 'react-i18next';
import { cardBrandName } from '../../../../shared/billing/card-acceptance';
import type { PaymentView } from '../../../../shared/ipc/payment-types';
import { useFormatters } from '../../format';
import { ReceiptButtons } from '../ReceiptDialog';

/** What was paid and what was not, order by order, with the receipt. */
export function PaymentResults({ payment, onBack }: { readonly payment: PaymentView; readonly onBack: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const money = (amount: number) => fmt.money(amount, payment.currency);
  return (
    <div className="results" data-testid="payment-results">
      <p role="status" className={`outcome ${payment.state === 'pending' ? 'pending' : (payment.status ?? '')}`}>
        {payment.state === 'pending' ? t(payment.status === 'requires_action' ? 'results.cardPending' : 'results.pending') : t(`results.status.${payment.status ?? 'failed'}`)}
      </p>
      {payment.failure && <p role="alert" className="alert" data-testid="payment-failure">{t('results.failure', { message: payment.failure.message })}</p>}
      <table className="line-items">
        <thead>
          <tr><th scope="col">{t('table.orderNo')}</th><th scope="col">{t('results.outcome')}</th><th scope="col" className="num">{t('results.charged')}</th><th scope="col" className="num">{t('results.savings')}</th></tr>
        </thead>
        <tbody>
          {payment.orders.map((o) => (
            <tr key={o.orderId} data-outcome={o.outcome ?? 'pending'}>
              <td className="order-no">{o.orderId}</td>
              <td>{o.outcome ? t(`results.outcomeText.${o.outcome}`, { status: o.newStatus === null ? '' : t(`status.${o.newStatus}`) }) : t('results.outcomeText.pending')}</td>
              <td className="num">{money(o.amountCharged)}</td>
              <td className="num">{money((o.discount?.amount ?? 0) + o.coupons.reduce((sum, c) => sum + c.amount, 0))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="totals">
        <dt>{t('results.totalCharged')}</dt><dd className="num" data-testid="amount-charged">{money(payment.amountCharged ?? 0)}</dd>
        <dt>{t('results.totalSavings')}</dt><dd className="num">{money(payment.savings ?? 0)}</dd>
        <dt>{t('results.method')}</dt><dd>{t(`method.${payment.method}`)}</dd>
        {payment.card && (
          <>
            <dt>{t('results.card')}</dt><dd data-testid="payment-card">{t('results.cardText', { brand: cardBrandName(payment.card.brand), last4: payment.card.last4 })}</dd>
            {payment.card.amountReleased > 0 && (<><dt>{t('results.released')}</dt><dd className="num" data-testid="amount-released">{money(payment.card.amountReleased)}</dd></>)}
          </>
        )}
        {payment.bill && (<><dt>{t('results.bill')}</dt><dd>{t('results.billText', { period: payment.bill.period, generatedOn: payment.bill.generatedOn })}</dd></>)}
        {payment.paymentId && (<><dt>{t('results.paymentId')}</dt><dd className="order-no">{payment.paymentId}</dd></>)}
      </dl>
      <div className="dialog-actions">
        <ReceiptButtons payment={payment} />
        <button type="button" className="primary" onClick={onBack}>{t('results.back')}</button>
      </div>
    </div>
  );
}

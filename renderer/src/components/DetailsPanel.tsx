import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { OrderStatus } from '../../../shared/domain/orders';
import type { OrderDetail } from '../../../shared/ipc/types';
import { call } from '../bridge';
import { expiryText } from '../expiry';
import { useFormatters } from '../format';
import { useServerNow } from '../server-clock';
import { useUiStore } from '../store/ui-store';

/** An order in full, from the cache, so it works offline too. */
export function DetailsPanel() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const now = useServerNow();
  // Narrow: the grid writes the view's range to this store on every scroll frame.
  const detailsOrderId = useUiStore((s) => s.detailsOrderId);
  const showDetails = useUiStore((s) => s.showDetails);
  const askCancel = useUiStore((s) => s.askCancel);
  const [order, setOrder] = useState<OrderDetail | null>(null);
  useEffect(() => {
    let current = true;
    setOrder(null);
    if (detailsOrderId) void call('getOrder', { orderId: detailsOrderId }).then((o) => current && setOrder(o), () => undefined);
    return () => {
      current = false;
    };
  }, [detailsOrderId]);
  if (!detailsOrderId) return null;

  return (
    <aside className="details" aria-label={t('details.title', { id: detailsOrderId })}>
      <header>
        <h2>{t('details.title', { id: detailsOrderId })}</h2>
        <button type="button" onClick={() => showDetails(null)} aria-label={t('details.close')}>×</button>
      </header>
      {order && (
        <>
          <p>
            {order.serviceTypeName} · {t(`orderType.${order.orderType}`)} · {t(`status.${order.status}`)} · <strong>{fmt.money(order.amountAfterDiscount, order.currency)}</strong>
          </p>
          {order.status === OrderStatus.PendingPayment && (
            <div className="details-actions">
              <button type="button" className="danger-outline" onClick={() => askCancel(order)} aria-haspopup="dialog">
                {order.combinedOrderId ? t('cancelOrder.buttonGroup') : t('cancelOrder.button')}
              </button>
            </div>
          )}
          <h3>{t('details.lineItems')}</h3>
          <table className="line-items">
            <thead>
              <tr><th scope="col">{t('details.product')}</th><th scope="col">{t('details.provider')}</th><th scope="col" className="num">{t('details.amount')}</th></tr>
            </thead>
            <tbody>
              {order.lineItems.map((item) => (
                <tr key={item.lineItemId} className={item.provider.kind === 'third_party' ? 'third-party' : undefined}>
                  <td>
                    {item.productName}
                    {item.provider.kind === 'third_party' && (
                      <p className="note">{t('details.thirdPartyNote', { vendor: item.provider.vendorName, contact: item.provider.vendorContact })}</p>
                    )}
                  </td>
                  <td>{item.provider.kind === 'cloud' ? t('details.cloud') : item.provider.vendorName}</td>
                  <td className="num">{item.provider.kind === 'cloud' ? fmt.money(item.amountAfterDiscount, order.currency) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {order.combinedOrderId && (
            <section>
              <h3>{t('details.group')}</h3>
              <p className="note">{t('details.groupNote')}</p>
              <ul>
                {order.groupMembers.map((m) => (
                  <li key={m.orderId}>
                    <button type="button" className="link" onClick={() => showDetails(m.orderId)}>{m.orderId}</button> — {t(`status.${m.status}`)}, {fmt.money(m.amountAfterDiscount, m.currency)}
                  </li>
                ))}
              </ul>
            </section>
          )}
          {order.contractOverlap && (
            <section>
              <h3>{t('details.contract')}</h3>
              <p className="note">{t('details.contractNote')}</p>
            </section>
          )}
          <h3>{t('details.timeline')}</h3>
          <dl className="timeline">
            <dt>{t('details.created')}</dt><dd>{fmt.dateTime(order.createTime)}</dd>
            <dt>{t('details.updated')}</dt><dd>{fmt.dateTime(order.updateTime)}</dd>
            <dt>{t('details.deadline')}</dt><dd>{fmt.dateTime(order.expireTime)} ({expiryText(order.expireTime, now, t)})</dd>
          </dl>
        </>
      )}
    </aside>
  );
}

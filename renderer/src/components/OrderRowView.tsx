import { memo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { paymentBlocker } from '../../../shared/billing/selection';
import type { OrderRow } from '../../../shared/ipc/types';
import { EXPIRY_WARNING_MS, expiryText } from '../expiry';
import type { Formatters } from '../format';

interface Props {
  readonly row: OrderRow;
  readonly index: number;
  readonly now: number;
  readonly selected: boolean;
  readonly active: boolean;
  readonly canPay: boolean;
  readonly payDisabledReason: string | null;
  readonly fmt: Formatters;
  readonly style: CSSProperties;
  onToggle(row: OrderRow, index: number, shift: boolean): void;
  onOpen(row: OrderRow, index: number): void;
  onPay(row: OrderRow): void;
}

export const OrderRowView = memo(function OrderRowView({ row, index, now, selected, active, canPay, payDisabledReason, fmt, style, onToggle, onOpen, onPay }: Props) {
  const { t } = useTranslation();
  const blocker = paymentBlocker(row, now);
  const blockedReason = blocker ? t(`blocked.${blocker.code}`) : null;
  const left = row.expireTime - now;
  const expiryClass = left <= 0 ? 'expired' : left < EXPIRY_WARNING_MS ? 'soon' : '';
  const discounted = row.officialAmount !== row.amountAfterDiscount;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-order-id={row.orderId}
      className={`row${active ? ' active' : ''}${selected ? ' selected' : ''}${expiryClass ? ` ${expiryClass}` : ''}`}
      style={style}
      onClick={() => onOpen(row, index)}
    >
      <div role="cell" className="cell check" onClick={(e) => e.stopPropagation()}>
        <input
          type="checkbox"
          aria-label={t('table.select', { id: row.orderId })}
          aria-description={blockedReason ?? undefined}
          title={blockedReason ?? undefined}
          checked={selected}
          disabled={blocker !== null}
          onChange={(e) => onToggle(row, index, (e.nativeEvent as MouseEvent).shiftKey)}
        />
      </div>
      <div role="cell" className="cell order-no">{row.orderId}</div>
      <div role="cell" className="cell">{row.serviceTypeName}</div>
      <div role="cell" className="cell">{t(`orderType.${row.orderType}`)}</div>
      <div role="cell" className={`cell status s${row.status}`}>{t(`status.${row.status}`)}</div>
      <div role="cell" className="cell num">
        <span>{fmt.money(row.amountAfterDiscount, row.currency)}</span>
        {discounted && <span className="official" title={t('table.official', { amount: fmt.money(row.officialAmount, row.currency) })}>{fmt.money(row.officialAmount, row.currency)}</span>}
      </div>
      <div role="cell" className="cell">{row.currency}</div>
      <div role="cell" className="cell" title={fmt.dateTime(row.createTime)}>{fmt.date(row.createTime)}</div>
      <div role="cell" className={`cell expiry ${expiryClass}`} title={fmt.dateTime(row.expireTime)}>{expiryText(row.expireTime, now, t)}</div>
      <div role="cell" className="cell markers">
        {row.groupSize > 1 && <span className="marker group" title={t('markers.groupLabel', { count: row.groupSize })}>{t('markers.group', { count: row.groupSize })}</span>}
        {row.contractOverlap && <span className="marker contract" title={t('markers.contractLabel')} aria-label={t('markers.contractLabel')}>{t('markers.contract')}</span>}
        {row.thirdPartyItemCount > 0 && <span className="marker third-party" title={t('markers.thirdPartyLabel')} aria-label={t('markers.thirdPartyLabel')}>{t('markers.thirdParty')}</span>}
      </div>
      <div role="cell" className="cell actions" onClick={(e) => e.stopPropagation()}>
        {blocker === null && (
          <button type="button" aria-label={t('table.payOrder', { id: row.orderId })} disabled={!canPay} title={payDisabledReason ?? undefined} onClick={() => onPay(row)}>
            {t('table.pay')}
          </button>
        )}
      </div>
    </div>
  );
});

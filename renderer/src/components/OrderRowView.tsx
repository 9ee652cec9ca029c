import { memo } from 'react';
import { paymentBlocker } from '../../../shared/billing/selection';
import type { OrderRow } from '../../../shared/ipc/types';
import { EXPIRY_WARNING_MS, expiryText } from '../expiry';
import type { Formatters } from '../format';
import type { RowText } from './row-text';

interface Props {
  readonly row: OrderRow;
  readonly index: number;
  /** Offset from the top of the table body, in px. */
  readonly top: number;
  readonly now: number;
  readonly selected: boolean;
  readonly active: boolean;
  readonly canPay: boolean;
  readonly payDisabledReason: string | null;
  readonly fmt: Formatters;
  readonly text: RowText;
  onToggle(row: OrderRow, index: number, shift: boolean): void;
  onOpen(row: OrderRow, index: number): void;
  onPay(row: OrderRow): void;
}

/** Memoised on plain props: a row re-renders only when what it shows changes, not on every scroll frame. */
export const OrderRowView = memo(function OrderRowView({ row, index, top, now, selected, active, canPay, payDisabledReason, fmt, text, onToggle, onOpen, onPay }: Props) {
  const { t } = text;
  const blocker = paymentBlocker(row, now);
  const blockedReason = blocker ? text.blocked[blocker.code as keyof RowText['blocked']] : null;
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
      style={{ transform: `translateY(${top}px)` }}
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
      <div role="cell" className="cell">{text.orderType[row.orderType]}</div>
      <div role="cell" className={`cell status s${row.status}`}>{text.status[row.status]}</div>
      <div role="cell" className="cell num">
        <span>{fmt.money(row.amountAfterDiscount, row.currency)}</span>
        {discounted && <span className="official" title={t('table.official', { amount: fmt.money(row.officialAmount, row.currency) })}>{fmt.money(row.officialAmount, row.currency)}</span>}
      </div>
      <div role="cell" className="cell">{row.currency}</div>
      <div role="cell" className="cell" title={fmt.dateTime(row.createTime)}>{fmt.date(row.createTime)}</div>
      <div role="cell" className={`cell expiry ${expiryClass}`} title={fmt.dateTime(row.expireTime)}>{expiryText(row.expireTime, now, t)}</div>
      <div role="cell" className="cell markers">
        {row.groupSize > 1 && <span className="marker group" title={t('markers.groupLabel', { count: row.groupSize })}>{t('markers.group', { count: row.groupSize })}</span>}
        {row.contractOverlap && <span className="marker contract" title={text.contractLabel} aria-label={text.contractLabel}>{text.contract}</span>}
        {row.thirdPartyItemCount > 0 && <span className="marker third-party" title={text.thirdPartyLabel} aria-label={text.thirdPartyLabel}>{text.thirdParty}</span>}
      </div>
      <div role="cell" className="cell actions" onClick={(e) => e.stopPropagation()}>
        {blocker === null && (
          <button type="button" aria-label={t('table.payOrder', { id: row.orderId })} disabled={!canPay} title={payDisabledReason ?? undefined} onClick={() => onPay(row)}>
            {text.pay}
          </button>
        )}
      </div>
    </div>
  );
});

import { memo } from 'react';
import { paymentBlocker } from '../../../shared/billing/selection';
import type { OrderRow } from '../../../shared/ipc/types';
import { EXPIRY_WARNING_MS } from '../expiry';
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

interface RowFormats {
  readonly amount: string;
  readonly official: string | null;
  readonly officialLabel: string | null;
  readonly createdDate: string;
  readonly createdTime: string;
  readonly createdTitle: string;
  readonly expiresTitle: string;
}

/**
 * A row's amounts and dates, formatted once per row object and language: Intl formatting is the
 * dearest thing a row renders after its words, and the 15 s clock tick re-renders every row in view.
 */
const formatsByLanguage = new WeakMap<Formatters, WeakMap<RowText, WeakMap<OrderRow, RowFormats>>>();
function rowFormats(row: OrderRow, fmt: Formatters, text: RowText): RowFormats {
  let byText = formatsByLanguage.get(fmt);
  if (!byText) formatsByLanguage.set(fmt, (byText = new WeakMap()));
  let byRow = byText.get(text);
  if (!byRow) byText.set(text, (byRow = new WeakMap()));
  let formats = byRow.get(row);
  if (!formats) {
    const official = row.officialAmount !== row.amountAfterDiscount ? fmt.money(row.officialAmount, row.currency) : null;
    formats = {
      amount: fmt.money(row.amountAfterDiscount, row.currency),
      official,
      officialLabel: official === null ? null : text.officialLabel(official),
      createdDate: fmt.date(row.createTime),
      createdTime: fmt.time(row.createTime),
      createdTitle: fmt.dateTime(row.createTime),
      expiresTitle: fmt.dateTime(row.expireTime),
    };
    byRow.set(row, formats);
  }
  return formats;
}

/** The DOM id of an order's row, for the grid's aria-activedescendant. */
export const rowDomId = (orderId: string) => `order-row-${orderId}`;

/** Memoised on plain props: a row re-renders only when what it shows changes, not on every scroll frame. */
export const OrderRowView = memo(function OrderRowView({ row, index, top, now, selected, active, canPay, payDisabledReason, fmt, text, onToggle, onOpen, onPay }: Props) {
  const f = rowFormats(row, fmt, text);
  const blocker = paymentBlocker(row, now);
  const blockedReason = blocker ? text.blocked[blocker.code as keyof RowText['blocked']] : null;
  const left = row.expireTime - now;
  const expiryClass = left <= 0 ? 'expired' : left < EXPIRY_WARNING_MS ? 'soon' : '';
  return (
    <div
      role="row"
      id={rowDomId(row.orderId)}
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
          aria-label={text.selectLabel(row.orderId)}
          aria-description={blockedReason ?? undefined}
          title={blockedReason ?? undefined}
          tabIndex={-1}
          checked={selected}
          disabled={blocker !== null}
          onChange={(e) => onToggle(row, index, (e.nativeEvent as MouseEvent).shiftKey)}
        />
      </div>
      <div role="cell" className="cell stacked" title={f.createdTitle}>
        <span className="order-no">{row.orderId}</span>
        <span className="sub">{text.createdOn(f.createdDate, f.createdTime)}</span>
      </div>
      {/* Two lines where two facts belong together: the row stays one line tall in a narrow window. */}
      <div role="cell" className="cell stacked" title={`${row.serviceTypeName} · ${text.orderType[row.orderType]}`}>
        <span>{row.serviceTypeName}</span>
        <span className="sub">{text.orderType[row.orderType]}</span>
      </div>
      <div role="cell" className={`cell status s${row.status}`}>{text.status[row.status]}</div>
      <div role="cell" className="cell num stacked">
        <span>{f.amount}</span>
        <span className="sub">
          {f.official !== null && <span className="official" title={f.officialLabel!}>{f.official}</span>} <span className="currency">{row.currency}</span>
        </span>
      </div>
      <div role="cell" className={`cell expiry ${expiryClass}`} title={f.expiresTitle}>{text.expiry(row.expireTime, now)}</div>
      <div role="cell" className="cell markers">
        {row.groupSize > 1 && <span className="marker group" title={text.groupLabel(row.groupSize)}>{text.group(row.groupSize)}</span>}
        {row.contractOverlap && <span className="marker contract" title={text.contractLabel} aria-label={text.contractLabel}>{text.contract}</span>}
        {row.thirdPartyItemCount > 0 && <span className="marker third-party" title={text.thirdPartyLabel} aria-label={text.thirdPartyLabel}>{text.thirdParty}</span>}
      </div>
      <div role="cell" className="cell actions" onClick={(e) => e.stopPropagation()}>
        {blocker === null && (
          <button type="button" tabIndex={-1} aria-label={text.payLabel(row.orderId)} disabled={!canPay} title={payDisabledReason ?? undefined} onClick={() => onPay(row)}>
            {text.pay}
          </button>
        )}
      </div>
    </div>
  );
});

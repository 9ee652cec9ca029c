import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { selectionTotal } from '../../../shared/billing/selection';
import { useFormatters } from '../format';
import { useServerNow } from '../server-clock';
import { useAppStore } from '../store/app-store';
import { useSelectionStore } from '../store/selection-store';
import { selectionNoticeText } from './selection-notice-text';

export function SelectionBar() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const now = useServerNow();
  const { selected, notice, clear, checkout, dropExpired } = useSelectionStore(
    useShallow((s) => ({ selected: s.selected, notice: s.notice, clear: s.clear, checkout: s.checkout, dropExpired: s.dropExpired })),
  );
  const online = useAppStore((s) => s.sync?.online ?? true);
  // An order that reaches its deadline while selected leaves the selection, and the clerk is told.
  useEffect(() => dropExpired(now), [now, selected, dropExpired]);
  const total = selectionTotal(selected);
  return (
    <div className="selection-bar" aria-label={t('selection.count', { count: selected.length })}>
      <p role="alert" className="selection-notice" data-testid="selection-notice">{notice ? selectionNoticeText(notice, t, i18n.language) : ''}</p>
      {selected.length > 0 && (
        <>
          <span data-testid="selection-count">{t('selection.count', { count: selected.length })}</span>
          {total && <span data-testid="selection-total">{t('selection.total', { amount: fmt.money(total.amountMinor, total.currency) })}</span>}
          <button type="button" onClick={clear}>{t('selection.clear')}</button>
          {!online && <span className="reason" id="combine-reason">{t('sync.payNeedsConnection')}</span>}
          <button
            type="button"
            className="primary"
            disabled={!online}
            aria-describedby={online ? undefined : 'combine-reason'}
            onClick={() => void checkout(selected.map((o) => o.orderId))}
          >
            {t('selection.combine')}
          </button>
        </>
      )}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { selectionTotal } from '../../../shared/billing/selection';
import { useFormatters } from '../format';
import { useAppStore } from '../store/app-store';
import { useSelectionStore, type SelectionNotice } from '../store/selection-store';
import { useUiStore } from '../store/ui-store';
import type { TFunction } from 'i18next';

function noticeText(notice: SelectionNotice, t: TFunction): string {
  if (notice.kind === 'skipped') return t('refusal.selectAllSkipped', { count: notice.selected, skipped: notice.skipped });
  const r = notice.refusal;
  switch (r.code) {
    case 'limit': return t('refusal.limit', { max: r.max });
    case 'currency': return t('refusal.currency', { currency: r.selectedCurrency });
    default: return t(`refusal.${r.code}`, { id: r.orderId });
  }
}

export function SelectionBar() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { selected, notice, clear } = useSelectionStore();
  const online = useAppStore((s) => s.sync?.online ?? true);
  const openCheckout = useUiStore((s) => s.openCheckout);
  const total = selectionTotal(selected);
  return (
    <div className="selection-bar" aria-label={t('selection.count', { count: selected.length })}>
      <p role="alert" className="selection-notice">{notice ? noticeText(notice, t) : ''}</p>
      {selected.length > 0 && (
        <>
          <span data-testid="selection-count">{t('selection.count', { count: selected.length })}</span>
          {total && <span data-testid="selection-total">{t('selection.total', { amount: fmt.money(total.amountMinor, total.currency) })}</span>}
          <button type="button" onClick={clear}>{t('selection.clear')}</button>
          <button
            type="button"
            className="primary"
            disabled={!online}
            title={online ? undefined : t('sync.payNeedsConnection')}
            onClick={() => openCheckout(selected)}
          >
            {t('selection.combine')}
          </button>
        </>
      )}
    </div>
  );
}

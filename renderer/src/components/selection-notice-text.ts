import type { TFunction } from 'i18next';
import { MAX_ORDERS_PER_PAYMENT } from '../../../shared/domain/orders';
import type { SelectionNotice } from '../store/selection-store';

const listOf = (items: readonly string[], language: string) => new Intl.ListFormat(language, { type: 'conjunction' }).format(items);

/** The words for what the selection just did or refused, naming the real reason. */
export function selectionNoticeText(notice: SelectionNotice, t: TFunction, language: string): string {
  switch (notice.kind) {
    case 'select_all': {
      if (notice.wasFull) return t('selectAll.full', { max: MAX_ORDERS_PER_PAYMENT });
      if (notice.selected === 0 && notice.otherCurrency === 0 && notice.overLimit === 0) {
        return notice.alreadySelected > 0 ? t('selectAll.already', { count: notice.alreadySelected }) : t('selectAll.none');
      }
      const left = [
        notice.blocked > 0 ? t('selectAll.blocked', { count: notice.blocked }) : null,
        notice.otherCurrency > 0 ? t('selectAll.otherCurrency', { count: notice.otherCurrency }) : null,
        notice.overLimit > 0 ? t('selectAll.overLimit', { count: notice.overLimit, max: MAX_ORDERS_PER_PAYMENT }) : null,
      ].filter((part): part is string => part !== null);
      const selected = t('selectAll.selected', { count: notice.selected });
      return left.length === 0 ? selected : `${selected} ${t('selectAll.notSelected', { list: listOf(left, language) })}`;
    }
    case 'left':
      return t('left.intro', { list: listOf(notice.orders.map((o) => t(`left.${o.reason}`, { id: o.orderId })), language) });
    case 'refusal': {
      const r = notice.refusal;
      if (r.code === 'limit') return t('refusal.limit', { max: r.max });
      if (r.code === 'currency') return t('refusal.currency', { currency: r.selectedCurrency });
      // The clerk acted on one order; the rule may have stopped at another member of its group.
      const member = notice.about !== null && notice.about !== r.orderId;
      return t(`refusal.${r.code}${member ? '_member' : ''}`, { id: r.orderId });
    }
  }
}

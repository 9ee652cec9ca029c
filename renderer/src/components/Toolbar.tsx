import { useEffect, useMemo, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { OrderStatus, type OrderTypeCode } from '../../../shared/domain/orders';
import type { OrdersSort } from '../../../shared/ipc/contract';
import { useOrdersStore } from '../store/orders-store';
import { ExportButton } from './ExportButton';

const SEARCH_DEBOUNCE_MS = 150;

const SORTS: { key: string; sort: OrdersSort }[] = [
  { key: 'expire_time', sort: { by: 'expire_time', dir: 'asc' } },
  { key: 'create_time', sort: { by: 'create_time', dir: 'desc' } },
  { key: 'amount_desc', sort: { by: 'amount', dir: 'desc' } },
  { key: 'amount_asc', sort: { by: 'amount', dir: 'asc' } },
];
const sortKey = (sort: OrdersSort) => SORTS.find((s) => s.sort.by === sort.by && s.sort.dir === sort.dir)?.key ?? 'expire_time';

function SearchBox({ inputRef }: { inputRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  const applied = useOrdersStore((s) => s.filter.search ?? '');
  const setFilter = useOrdersStore((s) => s.setFilter);
  const [text, setText] = useState(applied);
  useEffect(() => setText(applied), [applied]);
  useEffect(() => {
    if (text.trim() === applied) return;
    const timer = setTimeout(() => setFilter({ search: text.trim() }), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, applied, setFilter]);
  return (
    <label className="field search">
      <span>{t('search.label')}</span>
      <input ref={inputRef} type="search" value={text} placeholder={t('search.placeholder')} onChange={(e) => setText(e.target.value)} maxLength={64} />
    </label>
  );
}

export function Toolbar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const { t } = useTranslation();
  // Not the whole store: rows arriving while the clerk scrolls must not re-render the toolbar.
  const { filter, facets, setFilter, clearFilters } = useOrdersStore(
    useShallow((s) => ({ filter: s.filter, facets: s.facets, setFilter: s.setFilter, clearFilters: s.clearFilters })),
  );
  const hasFilters = Object.keys(filter).length > 0;
  // The options change with the facet counts (or the language), not with the filter a select shows:
  // built once per answer, the toolbar re-renders cheaply when the clerk picks a filter.
  const options = useMemo(() => {
    const sum = (list: readonly { count: number }[] | undefined) => (list ?? []).reduce((n, f) => n + f.count, 0);
    return {
      serviceTypes: (
        <>
          <option value="">{t('filters.all', { count: sum(facets?.serviceTypes) })}</option>
          {facets?.serviceTypes.map((f) => (
            <option key={f.value} value={f.value}>{t('filters.option', { label: f.label, count: f.count })}</option>
          ))}
        </>
      ),
      orderTypes: (
        <>
          <option value="">{t('filters.all', { count: sum(facets?.orderTypes) })}</option>
          {facets?.orderTypes.map((f) => (
            <option key={f.value} value={f.value}>{t('filters.option', { label: t(`orderType.${f.value}`), count: f.count })}</option>
          ))}
        </>
      ),
      statuses: (
        <>
          <option value="">{t('filters.allUnpaid', { count: sum(facets?.statuses) })}</option>
          {[OrderStatus.PendingPayment, OrderStatus.PendingApproval].map((status) => (
            <option key={status} value={status}>
              {t('filters.option', { label: t(`status.${status}`), count: facets?.statuses.find((f) => f.value === status)?.count ?? 0 })}
            </option>
          ))}
        </>
      ),
      currencies: (
        <>
          <option value="">{t('filters.all', { count: sum(facets?.currencies) })}</option>
          {facets?.currencies.map((f) => (
            <option key={f.value} value={f.value}>{t('filters.option', { label: f.value, count: f.count })}</option>
          ))}
        </>
      ),
    };
  }, [facets, t]);

  return (
    <div className="toolbar">
      <SearchBox inputRef={searchRef} />
      <label className="field">
        <span>{t('filters.serviceType')}</span>
        <select value={filter.serviceTypes?.[0] ?? ''} onChange={(e) => setFilter({ serviceTypes: e.target.value ? [e.target.value] : [] })}>
          {options.serviceTypes}
        </select>
      </label>
      <label className="field">
        <span>{t('filters.orderType')}</span>
        <select value={filter.orderTypes?.[0] ?? ''} onChange={(e) => setFilter({ orderTypes: e.target.value ? [Number(e.target.value) as OrderTypeCode] : [] })}>
          {options.orderTypes}
        </select>
      </label>
      <label className="field">
        <span>{t('filters.status')}</span>
        <select
          value={filter.statuses?.[0] ?? ''}
          onChange={(e) => setFilter({ statuses: e.target.value ? [Number(e.target.value) as typeof OrderStatus.PendingPayment] : [] })}
        >
          {options.statuses}
        </select>
      </label>
      <label className="field">
        <span>{t('filters.currency')}</span>
        <select value={filter.currencies?.[0] ?? ''} onChange={(e) => setFilter({ currencies: e.target.value ? [e.target.value] : [] })}>
          {options.currencies}
        </select>
      </label>
      <label className="check-field">
        <input type="checkbox" checked={filter.showExpired === true} onChange={(e) => setFilter({ showExpired: e.target.checked || undefined })} />
        <span>{t('filters.showExpired', { count: facets?.expired ?? 0 })}</span>
      </label>
      <button type="button" onClick={clearFilters} disabled={!hasFilters}>{t('filters.clear')}</button>
    </div>
  );
}

/** How the table is ordered, and the export of what it shows: beside the count, above the table they act on. */
export function TableActions() {
  const { t } = useTranslation();
  const sort = useOrdersStore((s) => s.sort);
  const setSort = useOrdersStore((s) => s.setSort);
  const sorts = useMemo(() => SORTS.map((s) => <option key={s.key} value={s.key}>{t(`sort.${s.key}`)}</option>), [t]);
  return (
    <>
      <label className="field">
        <span>{t('filters.sort')}</span>
        <select value={sortKey(sort)} onChange={(e) => setSort(SORTS.find((s) => s.key === e.target.value)!.sort)}>
          {sorts}
        </select>
      </label>
      <ExportButton />
    </>
  );
}

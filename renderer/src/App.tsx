import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { CancelOrderDialog } from './components/CancelOrderDialog';
import { CheckoutDialog } from './components/CheckoutDialog';
import { DetailsPanel } from './components/DetailsPanel';
import { Header } from './components/Header';
import { Notices } from './components/Notices';
import { OrdersGrid } from './components/OrdersGrid';
import { PaymentsPage } from './components/PaymentsPage';
import { ReceiptDialog } from './components/ReceiptDialog';
import { SelectionBar } from './components/SelectionBar';
import { SettingsPage } from './components/SettingsPage';
import { Toasts } from './components/Toasts';
import { TableActions, Toolbar } from './components/Toolbar';
import { useAppStore } from './store/app-store';
import { useOrdersStore } from './store/orders-store';
import { useSelectionStore } from './store/selection-store';
import { useUiStore } from './store/ui-store';

/** Shortcuts that work anywhere on the page; the table's own keys live in OrdersGrid. */
function useGlobalShortcuts(searchRef: RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const typing = e.target instanceof HTMLInputElement && e.target.type !== 'checkbox';
      if (mod && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (mod && e.key.toLowerCase() === 'a' && !typing && useUiStore.getState().page === 'orders') {
        e.preventDefault();
        void useSelectionStore.getState().selectAllInView();
      } else if (e.key === 'Escape') {
        // The innermost thing open closes first: the checkout, then the details, then the selection.
        if (!useUiStore.getState().closeInnermost()) useSelectionStore.getState().clear();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [searchRef]);
}

/**
 * The count and the table: their own component, so that a new count (every filter change) re-renders
 * them alone, not the header, toolbar and panels around them.
 */
function OrdersPane() {
  const { t } = useTranslation();
  const total = useOrdersStore((s) => s.total);
  const filtered = useOrdersStore((s) => Object.keys(s.filter).some((key) => key !== 'showExpired'));
  const expiredHidden = useOrdersStore((s) => (s.filter.showExpired ? 0 : (s.facets?.expired ?? 0)));
  const clearFilters = useOrdersStore((s) => s.clearFilters);
  const setFilter = useOrdersStore((s) => s.setFilter);
  const everSynced = useAppStore((s) => (s.sync ? s.sync.lastSuccessAt !== null : null));
  return (
    <main className="orders">
      {total === null ? (
        <p className="loading">{t('app.loading')}</p>
      ) : (
        <>
          <div className="count-line">
            <p className="count" data-testid="order-count">{t('table.count', { count: total })}</p>
            <TableActions />
            {total > 0 && <p id="grid-keys" className="keys-hint" title={t('table.keys')}>{t('table.keys')}</p>}
          </div>
          {total === 0 && (
            <div className="empty" data-testid="empty-state">
              {filtered ? (
                <p>
                  {t('table.noMatch')} <button type="button" onClick={clearFilters}>{t('filters.clear')}</button>
                </p>
              ) : everSynced === false ? (
                // Never synced: the app doesn't know what is owed, and must not say nothing is.
                <p>{t('table.notSyncedYet')}</p>
              ) : expiredHidden > 0 ? (
                <p>
                  {t('table.onlyExpired', { count: expiredHidden })} <button type="button" onClick={() => setFilter({ showExpired: true })}>{t('table.showExpired')}</button>
                </p>
              ) : (
                <p>{t('table.empty')}</p>
              )}
            </div>
          )}
          <OrdersGrid />
        </>
      )}
    </main>
  );
}

/** The page was opened without the address Settle printed: nothing else can work, so nothing else shows. */
function LockedOut() {
  const { t } = useTranslation();
  return (
    <main className="locked-out" role="alert">
      <h1>{t('lockedOut.title')}</h1>
      <p>{t('lockedOut.body')}</p>
      <p className="muted">{t('lockedOut.why')}</p>
    </main>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const error = useOrdersStore((s) => s.error);
  const lockedOut = useAppStore((s) => s.lockedOut);
  const searchRef = useRef<HTMLInputElement>(null);
  const page = useUiStore((s) => s.page);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  useGlobalShortcuts(searchRef);

  if (lockedOut) return <LockedOut />;
  return (
    <div className="app">
      <Header />
      <Notices />
      {page === 'payments' ? (
        <PaymentsPage />
      ) : page === 'settings' ? (
        <SettingsPage />
      ) : (
        <>
          <Toolbar searchRef={searchRef} />
          {error && <p role="alert" className="error">{t('errors.generic', { message: error })}</p>}
          <div className="content">
            <OrdersPane />
            <DetailsPanel />
          </div>
          <SelectionBar />
        </>
      )}
      <CheckoutDialog />
      <CancelOrderDialog />
      <ReceiptDialog />
      <Toasts />
    </div>
  );
}

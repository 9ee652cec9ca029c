import { useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckoutDialog } from './components/CheckoutDialog';
import { DetailsPanel } from './components/DetailsPanel';
import { Header } from './components/Header';
import { Notices } from './components/Notices';
import { OrdersGrid } from './components/OrdersGrid';
import { SelectionBar } from './components/SelectionBar';
import { Toasts } from './components/Toasts';
import { Toolbar } from './components/Toolbar';
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
      } else if (mod && e.key.toLowerCase() === 'a' && !typing) {
        e.preventDefault();
        void useSelectionStore.getState().selectAllInView();
      } else if (e.key === 'Escape' && !useUiStore.getState().checkout) {
        useSelectionStore.getState().clear();
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
  const filtered = useOrdersStore((s) => Object.keys(s.filter).length > 0);
  return (
    <main className="orders">
      {total === null ? (
        <p className="loading">{t('app.loading')}</p>
      ) : (
        <>
          <p className="count" data-testid="order-count">{t('table.count', { count: total })}</p>
          {total === 0 && <p className="empty">{filtered ? t('table.noMatch') : t('table.empty')}</p>}
          <OrdersGrid />
        </>
      )}
    </main>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const error = useOrdersStore((s) => s.error);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  useGlobalShortcuts(searchRef);

  return (
    <div className="app">
      <Header />
      <Notices />
      <Toolbar searchRef={searchRef} />
      {error && <p role="alert" className="error">{t('errors.generic', { message: error })}</p>}
      <div className="content">
        <OrdersPane />
        <DetailsPanel />
      </div>
      <SelectionBar />
      <CheckoutDialog />
      <Toasts />
    </div>
  );
}

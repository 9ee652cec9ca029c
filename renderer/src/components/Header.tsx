import { useTranslation } from 'react-i18next';
import { LANGUAGES, type LanguageCode } from '../i18n';
import { useSettingsStore } from '../store/settings-store';
import { useFormatters } from '../format';
import { useAppStore } from '../store/app-store';
import { useUiStore, type PageName } from '../store/ui-store';

const PAGES: readonly { readonly page: PageName; readonly label: 'nav.orders' | 'nav.payments' | 'nav.settings' }[] = [
  { page: 'orders', label: 'nav.orders' },
  { page: 'payments', label: 'nav.payments' },
  { page: 'settings', label: 'nav.settings' },
];
const TITLES = { orders: 'app.title', payments: 'nav.payments', settings: 'nav.settings' } as const;

export function Header() {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const { info, account, sync, refresh } = useAppStore();
  const page = useUiStore((s) => s.page);
  const showPage = useUiStore((s) => s.showPage);
  const syncing = sync?.phase === 'syncing';
  return (
    <header className="page-header">
      <h1>{t(TITLES[page])}</h1>
      <nav className="page-nav" aria-label={t('nav.label')}>
        {PAGES.map((p) => (
          <button key={p.page} type="button" aria-current={page === p.page ? 'page' : undefined} onClick={() => showPage(p.page)}>
            {t(p.label)}
          </button>
        ))}
      </nav>
      {account && <span className="account">{account.name}</span>}
      {info?.demoMode && <span className="badge demo">{t('app.demoMode')}</span>}
      <div className="sync-status" role="status" aria-live="polite">
        {sync && <span className={sync.online ? 'badge online' : 'badge offline'}>{sync.online ? t('sync.online') : t('sync.offline')}</span>}
        <span data-testid="last-synced">{sync?.lastSuccessAt ? t('sync.lastSynced', { time: fmt.dateTime(sync.lastSuccessAt) }) : t('sync.notSynced')}</span>
        {syncing && <span className={sync.slow ? 'syncing slow' : 'syncing'} data-testid="syncing">{sync.slow ? t('sync.slow') : t('sync.syncing')}</span>}
      </div>
      <button type="button" onClick={() => void refresh()} disabled={syncing} aria-busy={syncing}>
        {t('sync.refresh')}
      </button>
      <label className="language">
        <span className="visually-hidden">{t('app.language')}</span>
        <select aria-label={t('app.language')} value={i18n.language} onChange={(e) => void useSettingsStore.getState().save({ language: e.target.value as LanguageCode })}>
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>{l.name}</option>
          ))}
        </select>
      </label>
    </header>
  );
}

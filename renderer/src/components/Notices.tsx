import { useTranslation } from 'react-i18next';
import type { SyncState } from '../../../shared/ipc/types';
import { useFormatters } from '../format';
import { useServerNow } from '../server-clock';
import { useAppStore } from '../store/app-store';
import { useUiStore } from '../store/ui-store';

/** Data older than this is flagged: statuses and amounts may have moved on. */
export const STALE_AFTER_MS = 15 * 60_000;

/**
 * What the clerk must know before trusting the table, most serious first. Warnings (the orders shown
 * may be wrong or incomplete, paying is impossible) are alerts with a strong edge; information (an
 * approval pending, a rebuilt cache) is quieter. Offline and stale are one banner: stale is why
 * offline matters.
 */
export function Notices() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { info, account, sync, coreProblem } = useAppStore();
  const showPage = useUiStore((s) => s.showPage);
  const page = useUiStore((s) => s.page);
  const now = useServerNow() - (sync?.serverClockOffsetMs ?? 0);
  const lastSuccess = sync?.lastSuccessAt ?? null;
  const staleMinutes = lastSuccess !== null && now - lastSuccess > STALE_AFTER_MS ? Math.floor((now - lastSuccess) / 60_000) : null;
  const pendingApproval = sync?.pendingApprovalCount ?? 0;
  const warning = sync ? warningText(sync, staleMinutes, t, (at) => fmt.dateTime(at)) : null;
  return (
    <div className="notices">
      {coreProblem && (
        <div role="alert" className="banner warn" data-testid="core-problem">
          {t('settings.coreFailed', { message: coreProblem })}{' '}
          {page !== 'settings' && <button type="button" onClick={() => showPage('settings')}>{t('settings.openSettings')}</button>}
        </div>
      )}
      {warning && (
        <p role="alert" className="banner warn" data-testid="sync-warning">{warning}</p>
      )}
      {sync?.gap && (
        <div role="alert" className="banner warn incomplete" data-testid="sync-gap">
          {sync.gap.unreadableRecords > 0 && <p>{t('sync.gapUnreadable', { count: sync.gap.unreadableRecords })}</p>}
          {sync.gap.shortfall > 0 && <p>{t('sync.gapShortfall', { count: sync.gap.shortfall })}</p>}
          {sync.gap.unfetchedOrders > 0 && <p>{t('sync.gapUnfetched', { count: sync.gap.unfetchedOrders })}</p>}
        </div>
      )}
      {info?.ledgerProblem && (
        <p role="alert" className="banner warn" data-testid="ledger-problem">{t(`ledgerProblem.${info.ledgerProblem.reason}`, { path: info.ledgerProblem.path })}</p>
      )}
      {info?.cacheNotice && (
        <p role="status" className="notice info">{t(`cacheNotice.${info.cacheNotice.reason}`, { path: info.cacheNotice.movedTo })}</p>
      )}
      {pendingApproval > 0 && account && (
        <p role="status" className="notice info pending" data-testid="pending-approval-notice">
          {t('pending.notice', { count: pendingApproval, mobile: account.boundMobileMasked, email: account.boundEmailMasked })}
        </p>
      )}
    </div>
  );
}

/** The one warning about the sync the clerk needs now, or null: offline, a refused token, unreadable answers, stale data. */
function warningText(sync: SyncState, staleMinutes: number | null, t: (key: string, options?: Record<string, unknown>) => string, time: (at: number) => string): string | null {
  const cached = sync.lastSuccessAt !== null ? t('sync.cachedAt', { time: time(sync.lastSuccessAt) }) : t('sync.nothingCached');
  if (!sync.online) return `${t('sync.offlineWarning')} ${cached}`;
  switch (sync.failure?.kind) {
    case 'unauthorized': return `${t('sync.unauthorized', { code: sync.failure.code ?? 'HTTP 401' })} ${cached}`;
    case 'malformed': return `${t('sync.malformed')} ${cached}`;
    case 'rejected': return `${t('sync.rejected', { code: sync.failure.code ?? '' })} ${cached}`;
    case 'internal': return `${t('sync.internal', { message: sync.lastError ?? '' })} ${cached}`;
    default: return staleMinutes !== null ? t('sync.stale', { minutes: staleMinutes }) : null;
  }
}

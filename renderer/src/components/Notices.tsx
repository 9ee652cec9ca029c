import { useTranslation } from 'react-i18next';
import { OrderStatus } from '../../../shared/domain/orders';
import { useFormatters } from '../format';
import { useServerNow } from '../server-clock';
import { useAppStore } from '../store/app-store';
import { useOrdersStore } from '../store/orders-store';

/** Data older than this is flagged: statuses and amounts may have moved on. */
export const STALE_AFTER_MS = 15 * 60_000;

export function Notices() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { info, account, sync } = useAppStore();
  const pendingApproval = useOrdersStore((s) => s.facets?.statuses.find((f) => f.value === OrderStatus.PendingApproval)?.count ?? 0);
  const now = useServerNow() - (sync?.serverClockOffsetMs ?? 0);
  const lastSuccess = sync?.lastSuccessAt ?? null;
  const staleMinutes = lastSuccess !== null && now - lastSuccess > STALE_AFTER_MS ? Math.floor((now - lastSuccess) / 60_000) : null;
  return (
    <>
      {info?.cacheNotice && (
        <p role="alert" className="notice">{t(`cacheNotice.${info.cacheNotice.reason}`, { path: info.cacheNotice.movedTo })}</p>
      )}
      {sync && !sync.online && (
        <p role="alert" className="banner offline">
          {lastSuccess !== null ? t('sync.offlineBanner', { time: fmt.dateTime(lastSuccess) }) : t('sync.offlineBannerNever')}
        </p>
      )}
      {staleMinutes !== null && <p className="banner stale">{t('sync.stale', { minutes: staleMinutes })}</p>}
      {sync?.gap && (
        <div role="alert" className="banner incomplete" data-testid="sync-gap">
          {sync.gap.unreadableRecords > 0 && <p>{t('sync.gapUnreadable', { count: sync.gap.unreadableRecords })}</p>}
          {sync.gap.shortfall > 0 && <p>{t('sync.gapShortfall', { count: sync.gap.shortfall })}</p>}
          {sync.gap.unfetchedOrders > 0 && <p>{t('sync.gapUnfetched', { count: sync.gap.unfetchedOrders })}</p>}
        </div>
      )}
      {pendingApproval > 0 && account && (
        <p className="notice pending" data-testid="pending-approval-notice">
          {t('pending.notice', { count: pendingApproval, mobile: account.boundMobileMasked, email: account.boundEmailMasked })}
        </p>
      )}
    </>
  );
}

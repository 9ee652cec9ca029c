import type { SyncState } from '../../../shared/ipc/types';
import { formatDateTime } from '../format';

export function SyncStatus({ sync, onRefresh }: { sync: SyncState | null; onRefresh: () => void }) {
  if (!sync) return null;
  const syncing = sync.phase === 'syncing';
  return (
    <div className="sync-status" role="status" aria-live="polite">
      <span className={sync.online ? 'badge online' : 'badge offline'}>{sync.online ? 'Online' : 'Offline'}</span>
      <span data-testid="last-synced">
        {sync.lastSuccessAt ? `Last synced ${formatDateTime(sync.lastSuccessAt)}` : 'Not synced yet'}
      </span>
      {!sync.online && sync.lastError && <span className="sync-error">{sync.lastError}</span>}
      {syncing && <span className="syncing">Syncing…</span>}
      <button type="button" onClick={onRefresh} disabled={syncing} aria-busy={syncing}>
        Refresh
      </button>
    </div>
  );
}

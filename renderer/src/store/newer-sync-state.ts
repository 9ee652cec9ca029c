import type { SyncState } from '../../../shared/ipc/types';

/**
 * The sync state to show: a reply read before a sync ended can arrive after the event that says it
 * ended, and must not put "Syncing…" back on screen for good.
 */
export function newerSyncState(shown: SyncState | null, arrived: SyncState): SyncState {
  return shown !== null && shown.revision > arrived.revision ? shown : arrived;
}

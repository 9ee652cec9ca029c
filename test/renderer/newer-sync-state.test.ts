import { describe, expect, it } from 'vitest';
import { newerSyncState } from '../../renderer/src/store/newer-sync-state';
import type { SyncState } from '../../shared/ipc/types';

const state = (revision: number, phase: SyncState['phase']): SyncState => ({
  revision,
  phase,
  online: true,
  lastSuccessAt: null,
  lastAttemptAt: null,
  lastError: null,
  serverClockOffsetMs: 0,
  cachedOrderCount: 0,
  failure: null,
  slow: false,
  pendingApprovalCount: 0,
  gap: null,
});

describe('the sync state the page shows', () => {
  it('keeps "sync finished" when a reply read while the sync ran arrives after it', () => {
    const finished = state(2, 'idle');
    expect(newerSyncState(finished, state(1, 'syncing'))).toBe(finished);
  });

  it('takes a newer state, and the first one it hears', () => {
    const started = state(1, 'syncing');
    expect(newerSyncState(null, started)).toBe(started);
    const finished = state(2, 'idle');
    expect(newerSyncState(started, finished)).toBe(finished);
  });

  it('takes a fresher read of the same revision, whose order count may have moved on', () => {
    const later = { ...state(1, 'syncing'), cachedOrderCount: 500 };
    expect(newerSyncState(state(1, 'syncing'), later)).toBe(later);
  });
});

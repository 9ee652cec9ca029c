import type { Database } from 'better-sqlite3';
import type { Account, ServiceType } from '../../shared/billing-api/schemas';
import type { AccountView } from '../../shared/ipc/types';

export interface SyncStateRecord {
  readonly cursor: string | null;
  readonly generation: number;
  readonly fullSyncInProgress: boolean;
  /** The billing service's clock when the last page was served (epoch ms). */
  readonly serverTime: number | null;
  readonly lastSuccessAt: number | null;
  readonly lastAttemptAt: number | null;
  readonly lastError: string | null;
  readonly serverClockOffsetMs: number;
  /** The unpaid orders the service said the current (or last) full sync would deliver, when it said. */
  readonly fullSyncExpected: number | null;
  /** Records received by the current (or last) full sync, valid or not. */
  readonly fullSyncReceived: number;
  /** What the last sync could not account for; all zero once a sync accounts for everything. */
  readonly gap: SyncGapRecord;
}

export interface SyncGapRecord {
  /** Records of a page from which not even an order id could be read. */
  readonly unreadableRecords: number;
  /** Orders the service announced for a full sync that never arrived. */
  readonly shortfall: number;
}

interface SyncStateColumns {
  cursor: string | null;
  generation: number;
  full_sync_in_progress: number;
  server_time: number | null;
  last_success_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
  server_clock_offset_ms: number;
  full_sync_expected: number | null;
  full_sync_received: number;
  unreadable_records: number;
  shortfall: number;
}

interface AccountColumns {
  customer_id: string;
  name: string;
  currency: string;
  country: string;
  postpaid: number;
  monthly_settlement_enabled: number;
  bound_mobile_masked: string;
  bound_email_masked: string;
}

function prepareStatements(db: Database) {
  return {
    read: db.prepare<[], SyncStateColumns>('SELECT * FROM sync_state WHERE id = 1'),
    nextGeneration: db
      .prepare<[], number>(
        `UPDATE sync_state SET generation = generation + 1, full_sync_in_progress = 1, full_sync_expected = NULL, full_sync_received = 0
         WHERE id = 1 RETURNING generation`,
      )
      .pluck(),
    resetCursor: db.prepare('UPDATE sync_state SET cursor = NULL WHERE id = 1'),
    startOver: db.prepare('UPDATE sync_state SET cursor = NULL, full_sync_in_progress = 0 WHERE id = 1'),
    pageApplied: db.prepare<{ cursor: string; serverTime: number; completes: number; received: number; expected: number | null }>(
      `UPDATE sync_state SET cursor = :cursor, server_time = :serverTime,
         full_sync_expected = CASE WHEN full_sync_in_progress THEN coalesce(:expected, full_sync_expected) ELSE full_sync_expected END,
         full_sync_received = CASE WHEN full_sync_in_progress THEN full_sync_received + :received ELSE full_sync_received END,
         full_sync_in_progress = CASE WHEN :completes THEN 0 ELSE full_sync_in_progress END
       WHERE id = 1`,
    ),
    attempt: db.prepare<[number]>('UPDATE sync_state SET last_attempt_at = ? WHERE id = 1'),
    success: db.prepare<[number, number]>(
      `UPDATE sync_state SET last_success_at = ?, last_error = NULL, server_clock_offset_ms = ?, unreadable_records = 0, shortfall = 0
       WHERE id = 1`,
    ),
    failure: db.prepare<[number, string]>('UPDATE sync_state SET last_attempt_at = ?, last_error = ? WHERE id = 1'),
    gap: db.prepare<[number, number, string]>(
      'UPDATE sync_state SET unreadable_records = ?, shortfall = ?, last_error = ? WHERE id = 1',
    ),
    readAccount: db.prepare<[], AccountColumns>('SELECT * FROM account WHERE id = 1'),
    writeAccount: db.prepare<[string, string, string, string, number, number, string, string]>(
      `INSERT OR REPLACE INTO account (id, customer_id, name, currency, country, postpaid,
         monthly_settlement_enabled, bound_mobile_masked, bound_email_masked)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    readServiceTypes: db.prepare<[], ServiceType>('SELECT code, name FROM service_types ORDER BY name, code'),
    clearServiceTypes: db.prepare('DELETE FROM service_types'),
    insertServiceType: db.prepare<[string, string]>('INSERT OR REPLACE INTO service_types (code, name) VALUES (?, ?)'),
  };
}

/** The one sync_state row (created by the first migration), the account and the service types. */
export class SyncStateRepository {
  private readonly sql: ReturnType<typeof prepareStatements>;

  constructor(private readonly db: Database) {
    this.sql = prepareStatements(db);
  }

  get(): SyncStateRecord {
    const r = this.sql.read.get();
    if (!r) throw new Error('the sync_state row is missing');
    return {
      cursor: r.cursor,
      generation: r.generation,
      fullSyncInProgress: r.full_sync_in_progress === 1,
      serverTime: r.server_time,
      lastSuccessAt: r.last_success_at,
      lastAttemptAt: r.last_attempt_at,
      lastError: r.last_error,
      serverClockOffsetMs: r.server_clock_offset_ms,
      fullSyncExpected: r.full_sync_expected,
      fullSyncReceived: r.full_sync_received,
      gap: { unreadableRecords: r.unreadable_records, shortfall: r.shortfall },
    };
  }

  /** Returns the new generation; `Cache.applySyncPage` with `completesFullSync` ends the full sync. */
  beginFullSync(): number {
    return this.sql.nextGeneration.get() as number;
  }

  resetCursor(): void {
    this.sql.resetCursor.run();
  }

  /**
   * The next sync is a full one of a new generation (not the rest of one under way), so that its
   * sweep drops every order it does not send again.
   */
  startOver(): void {
    this.sql.startOver.run();
  }

  /**
   * Called inside `Cache.applySyncPage`'s transaction: the cursor moves only with the orders it
   * covers, and a full sync's count of received records only with the records it counts.
   */
  recordPageApplied(page: { cursor: string; serverTime: number; completesFullSync: boolean; received: number; expectedTotal?: number }): void {
    this.sql.pageApplied.run({
      cursor: page.cursor,
      serverTime: page.serverTime,
      completes: page.completesFullSync ? 1 : 0,
      received: page.received,
      expected: page.expectedTotal ?? null,
    });
  }

  recordAttempt(at: number): void {
    this.sql.attempt.run(at);
  }

  /** Clears the last error: it describes the sync as it stands, not its history. */
  recordSuccess(at: number, serverClockOffsetMs: number): void {
    this.sql.success.run(at, Math.round(serverClockOffsetMs));
  }

  recordFailure(at: number, message: string): void {
    this.sql.failure.run(at, message);
  }

  /** The last sync reached the service but could not account for every order; `message` says what. */
  recordGap(gap: SyncGapRecord, message: string): void {
    this.sql.gap.run(gap.unreadableRecords, gap.shortfall, message);
  }

  saveAccount(a: Account): void {
    this.sql.writeAccount.run(
      a.customer_id,
      a.name,
      a.currency,
      a.country,
      a.postpaid ? 1 : 0,
      a.monthly_settlement_enabled ? 1 : 0,
      a.bound_mobile_masked,
      a.bound_email_masked,
    );
  }

  account(): AccountView | null {
    const r = this.sql.readAccount.get();
    if (!r) return null;
    return {
      customerId: r.customer_id,
      name: r.name,
      currency: r.currency,
      country: r.country,
      postpaid: r.postpaid === 1,
      monthlySettlementEnabled: r.monthly_settlement_enabled === 1,
      boundMobileMasked: r.bound_mobile_masked,
      boundEmailMasked: r.bound_email_masked,
    };
  }

  /** Replaces the whole list: a service type the billing service no longer lists is dropped. */
  saveServiceTypes(list: readonly ServiceType[]): void {
    this.db.transaction(() => {
      this.sql.clearServiceTypes.run();
      for (const t of list) this.sql.insertServiceType.run(t.code, t.name);
    })();
  }

  serviceTypes(): ServiceType[] {
    return this.sql.readServiceTypes.all();
  }
}

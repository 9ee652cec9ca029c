import type { Database } from 'better-sqlite3';
import type { CacheNotice } from '../../shared/ipc/types';
import { AuditLog } from './audit-log';
import { BulkLoad } from './bulk-load';
import type { CacheLogger } from './cache-logger';
import { openDatabase } from './open-database';
import { OrdersRepository } from './orders-repository';
import { RejectedOrdersRepository } from './rejected-orders-repository';
import { SyncPageWriter, type FetchedOrders, type SyncPage, type SyncPageResult } from './sync-page-writer';
import { SyncStateRepository } from './sync-state-repository';

export type { CacheLogger } from './cache-logger';
export type { AuditEntry } from './audit-log';
export type { OrdersQuery } from './orders-repository';
export type { FetchedOrders, SyncPage, SyncPageResult } from './sync-page-writer';
export type { RejectedOrder, RejectedRecordNote } from './rejected-orders-repository';
export type { SyncStateRecord } from './sync-state-repository';
export { AuditLog, OrdersRepository, RejectedOrdersRepository, SyncStateRepository };

/**
 * The local copy of the unpaid orders, on one SQLite connection that does all the writing: every
 * repository shares it, so writes are serialised by construction and never wait on a lock.
 */
export class Cache {
  readonly orders: OrdersRepository;
  readonly syncState: SyncStateRepository;
  readonly audit: AuditLog;
  readonly rejectedOrders: RejectedOrdersRepository;
  private readonly writer: SyncPageWriter;

  private constructor(
    private readonly db: Database,
    /** Set when the file was moved aside and rebuilt empty; the user is to be told. */
    readonly notice: CacheNotice | null,
  ) {
    this.orders = new OrdersRepository(db);
    this.syncState = new SyncStateRepository(db);
    this.audit = new AuditLog(db);
    this.rejectedOrders = new RejectedOrdersRepository(db);
    this.writer = new SyncPageWriter(db, this.syncState, new BulkLoad(db), this.rejectedOrders);
  }

  /** `path` is a file path or ':memory:'. Recovers an unusable file and runs the migrations. */
  static open(path: string, log: CacheLogger): Cache {
    const { db, notice } = openDatabase(path, log);
    return new Cache(db, notice);
  }

  /**
   * One transaction: upserts every unpaid order (status 1 or 6), deletes cached orders whose new
   * status is anything else, stamps upserted rows with `generation`, saves the cursor and server
   * time, and with `completesFullSync` deletes every order of an older generation (gone from the
   * service during a full resync) and ends the full sync. Remembers the rejected records' orders
   * and forgets those that arrived valid. If any order can't be written, nothing is.
   */
  applySyncPage(page: SyncPage): SyncPageResult {
    const result = this.writer.apply(page);
    if (page.completesFullSync) {
      // A full sync is when the data changes shape most: refresh the planner's statistics then.
      this.db.pragma('optimize');
      // It also grows the write-ahead log, which SQLite reuses but never shrinks: after a first
      // full sync of 100k orders it stayed at 31 MB on disk; emptied here it is 16 KB.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return result;
  }

  /** One transaction, as for a page, except that the cursor stays where it is. */
  applyFetchedOrders(fetched: FetchedOrders): SyncPageResult {
    return this.writer.applyFetched(fetched);
  }

  close(): void {
    this.db.pragma('optimize');
    this.db.close();
  }
}

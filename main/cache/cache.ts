import type { Database } from 'better-sqlite3';
import type { CacheNotice } from '../../shared/ipc/types';
import { Ledger, type AuditLog, type CacheAuditEntry } from '../ledger/ledger';
import { BulkLoad } from './bulk-load';
import type { CacheLogger } from './cache-logger';
import { openDatabase } from './open-database';
import { OrdersRepository } from './orders-repository';
import { RejectedOrdersRepository } from './rejected-orders-repository';
import { SyncPageWriter, type FetchedOrders, type SyncPage, type SyncPageResult } from './sync-page-writer';
import { SyncStateRepository } from './sync-state-repository';
import { WalCheckpointer } from './wal-checkpointer';

export type { CacheLogger } from './cache-logger';
export type { OrdersQuery } from './orders-repository';
export { UnreadableOrdersError } from './orders-repository';
export type { FetchedOrders, SyncPage, SyncPageResult } from './sync-page-writer';
export type { RejectedOrder, RejectedRecordNote } from './rejected-orders-repository';
export type { SyncStateRecord } from './sync-state-repository';
export { OrdersRepository, RejectedOrdersRepository, SyncStateRepository };

export interface CacheOptions {
  /**
   * The built wal-checkpoint-worker: checkpoints then run on a thread of their own (see
   * WalCheckpointer). Without it, SQLite checkpoints in the commits, as by default.
   */
  readonly checkpointWorker?: URL;
  /** How often the thread checkpoints besides after each sync page; 30 s by default. */
  readonly checkpointEveryMs?: number;
  /**
   * Where the cache and the sync record what happened: the ledger's audit log. Without one (tools,
   * tests), an in-memory one that lives as long as the cache object.
   */
  readonly audit?: AuditLog;
}

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
  private readonly checkpointer: WalCheckpointer | null;
  private readonly unreadableListeners = new Set<(orderIds: readonly string[]) => void>();

  private constructor(
    private readonly db: Database,
    /** Set when the file was moved aside and rebuilt empty; the user is to be told. */
    readonly notice: CacheNotice | null,
    log: CacheLogger,
    options: CacheOptions,
  ) {
    this.syncState = new SyncStateRepository(db);
    this.audit = options.audit ?? Ledger.inMemory(log).audit;
    this.rejectedOrders = new RejectedOrdersRepository(db);
    this.writer = new SyncPageWriter(db, this.syncState, new BulkLoad(db), this.rejectedOrders);
    this.orders = new OrdersRepository(db, () => this.writer.orderIdsVersion, (unreadable) => {
      const at = Date.now();
      this.writer.setAside(unreadable.map((u) => ({ orderId: u.orderId, problem: u.problem, at })));
      for (const u of unreadable) {
        log.warn('a cached order was unreadable; set aside to be fetched again', { orderId: u.orderId, problem: u.problem });
        this.audit.append('cache.record_unreadable', { orderId: u.orderId, problem: u.problem });
      }
      const orderIds = unreadable.map((u) => u.orderId);
      for (const listener of this.unreadableListeners) listener(orderIds);
    });
    this.checkpointer = options.checkpointWorker && !db.memory ? new WalCheckpointer(db, options.checkpointWorker, log, options.checkpointEveryMs) : null;
  }

  /** `path` is a file path or ':memory:'. Recovers an unusable file and runs the migrations. */
  static open(path: string, log: CacheLogger, options: CacheOptions = {}): Cache {
    const { db, notice } = openDatabase(path, log);
    return new Cache(db, notice, log, options);
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
    // A full sync is when the data changes shape most: refresh the planner's statistics then.
    if (page.completesFullSync) this.db.pragma('optimize');
    this.checkpointer?.nudge();
    return result;
  }

  /** One transaction, as for a page, except that the cursor stays where it is. */
  applyFetchedOrders(fetched: FetchedOrders): SyncPageResult {
    const result = this.writer.applyFetched(fetched);
    this.checkpointer?.nudge();
    return result;
  }

  /** Called after cached orders were found unreadable and set aside: the app syncs to fetch them again. */
  onUnreadableOrders(listener: (orderIds: readonly string[]) => void): () => void {
    this.unreadableListeners.add(listener);
    return () => this.unreadableListeners.delete(listener);
  }

  /**
   * Entries of the audit log from before it moved to the ledger. `forgetAuditEntries` drops them
   * once the ledger holds them, so they are moved exactly once even across a crash in between.
   */
  oldAuditEntries(): CacheAuditEntry[] {
    return this.db.prepare<[], CacheAuditEntry>('SELECT id, at, kind, detail FROM audit_log ORDER BY id').all();
  }

  forgetAuditEntries(upToId: number): void {
    this.db.prepare('DELETE FROM audit_log WHERE id <= ?').run(upToId);
  }

  close(): void {
    this.checkpointer?.close();
    this.db.pragma('optimize');
    this.db.close();
  }
}

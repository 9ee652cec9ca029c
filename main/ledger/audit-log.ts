import type { Database } from 'better-sqlite3';

export interface AuditEntry {
  readonly id: number;
  readonly at: number;
  readonly kind: string;
  readonly detail: Record<string, unknown>;
}

/** An entry as the cache kept it before the audit log moved to the ledger. */
export interface CacheAuditEntry {
  readonly id: number;
  readonly at: number;
  readonly kind: string;
  /** JSON text. */
  readonly detail: string;
}

/** What the cache and the sync write to: the audit log, wherever it is kept. */
export interface AuditTrail {
  append(kind: string, detail: Record<string, unknown>, at?: number): void;
}

/** Append-only record of what the clerk and the app did, kept to justify payments afterwards. */
export class AuditLog implements AuditTrail {
  private readonly insert;
  private readonly adopt;
  private readonly latest;

  constructor(private readonly db: Database) {
    this.insert = db.prepare<[number, string, string]>('INSERT INTO audit_log (at, kind, detail) VALUES (?, ?, ?)');
    this.adopt = db.prepare<[number, string, string, number]>('INSERT OR IGNORE INTO audit_log (at, kind, detail, cache_id) VALUES (?, ?, ?, ?)');
    this.latest = db.prepare<[number], { id: number; at: number; kind: string; detail: string }>(
      'SELECT id, at, kind, detail FROM audit_log ORDER BY id DESC LIMIT ?',
    );
  }

  append(kind: string, detail: Record<string, unknown>, at: number = Date.now()): void {
    this.insert.run(at, kind, JSON.stringify(detail));
  }

  /** Takes in entries the cache held; an entry already taken (a move repeated after a crash) is skipped. */
  adoptCacheEntries(entries: readonly CacheAuditEntry[]): void {
    this.db.transaction(() => {
      for (const e of entries) this.adopt.run(e.at, e.kind, e.detail, e.id);
    })();
  }

  /** The retention limit: entries older than `before` (epoch ms) go; the payments themselves are never removed. */
  forgetOlderThan(before: number): number {
    return this.db.prepare<[number]>('DELETE FROM audit_log WHERE at < ?').run(before).changes;
  }

  /** Newest first. */
  recent(limit: number): AuditEntry[] {
    return this.latest.all(limit).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}

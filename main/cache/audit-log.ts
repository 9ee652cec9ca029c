import type { Database } from 'better-sqlite3';

export interface AuditEntry {
  readonly id: number;
  readonly at: number;
  readonly kind: string;
  readonly detail: Record<string, unknown>;
}

/** Append-only record of what the clerk and the app did, kept to justify payments afterwards. */
export class AuditLog {
  private readonly insert;
  private readonly latest;

  constructor(db: Database) {
    this.insert = db.prepare<[number, string, string]>('INSERT INTO audit_log (at, kind, detail) VALUES (?, ?, ?)');
    this.latest = db.prepare<[number], { id: number; at: number; kind: string; detail: string }>(
      'SELECT id, at, kind, detail FROM audit_log ORDER BY id DESC LIMIT ?',
    );
  }

  append(kind: string, detail: Record<string, unknown>, at: number = Date.now()): void {
    this.insert.run(at, kind, JSON.stringify(detail));
  }

  /** Newest first. */
  recent(limit: number): AuditEntry[] {
    return this.latest.all(limit).map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }
}

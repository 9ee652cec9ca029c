import { existsSync, renameSync } from 'node:fs';

/** SQLite's companion files, which belong to the database file and must move with it. */
const COMPANIONS = ['', '-wal', '-shm'] as const;

/**
 * Renames `path` (and its -wal/-shm) to `<path>.<label>-<timestamp>` so that nothing is lost and a
 * fresh database can take its place; returns the new name of the main file. Call it with no
 * connection open: closing the connection that inspected the file usually checkpoints or drops
 * the WAL already, and a leftover -wal must not be replayed into the fresh database.
 */
export function moveAside(path: string, label: string, at: Date = new Date()): string {
  // No colons: the name has to be valid on Windows too.
  const movedTo = `${path}.${label}-${at.toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of COMPANIONS) {
    if (existsSync(path + suffix)) renameSync(path + suffix, movedTo + suffix);
  }
  return movedTo;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/**
 * A fresh cache file path in its own temp folder for each call; the folders are removed after each
 * test. Call at module level of a test file.
 */
export function tempCachePaths(): () => string {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-cache-'));
    dirs.push(dir);
    return join(dir, 'cache.db');
  };
}

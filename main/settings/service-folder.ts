import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { BillingServiceSetting } from '../../shared/settings/settings';
import type { Logger } from '../logger';

/** The files of one billing service, each with its SQLite companions (-wal, -shm, backups, kept copies). */
const SERVICE_FILE_PREFIXES = ['settle-cache.db', 'settle-ledger.db'];

/**
 * The folder name of a billing service: two services' orders and payments never share a file.
 * Readable (the host) and unique (a hash of the whole URL: two paths on one host are two services).
 */
export function serviceKey(billing: BillingServiceSetting): string {
  if (billing.kind === 'demo') return 'demo';
  const url = new URL(billing.url);
  const host = url.host.replace(/[^A-Za-z0-9.-]/g, '_');
  return `${host}-${createHash('sha256').update(billing.url).digest('hex').slice(0, 10)}`;
}

export function serviceFolder(dataDir: string, billing: BillingServiceSetting): string {
  return join(dataDir, 'services', serviceKey(billing));
}

/**
 * Before services had folders of their own, the cache and the ledger lived at the top of the data
 * folder: they belong to the service the app starts with (the only one it could have had), and
 * move into its folder. Companions first (-wal before its database), so that a crash half-way
 * leaves a pair the next start moves together; a file already in the folder is never replaced.
 */
export function adoptTopLevelFiles(dataDir: string, folder: string, log: Logger): void {
  const files = readdirSync(dataDir).filter((name) => SERVICE_FILE_PREFIXES.some((prefix) => name.startsWith(prefix)));
  if (files.length === 0) return;
  mkdirSync(folder, { recursive: true });
  const companionsFirst = [...files].sort((a, b) => b.length - a.length);
  for (const name of companionsFirst) {
    const target = join(folder, name);
    if (existsSync(target)) {
      log.warn('a file of an earlier layout is left where it is: the service folder has its own', { file: join(dataDir, name), folder });
      continue;
    }
    renameSync(join(dataDir, name), target);
    log.info('moved into its billing service folder', { file: name, folder });
  }
}

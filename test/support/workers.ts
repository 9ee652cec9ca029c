/**
 * The app's worker threads, built from source for tests and the benchmark as electron-vite builds
 * them for the app: one Node ES module each, with the dependencies left to node_modules. A worker
 * thread can't load TypeScript, and a build from source can't be stale, as out/ could be.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BillingClientOptions } from '../../main/billing/billing-client';
import type { Logger } from '../../main/logger';
import { OrderFeed } from '../../main/sync/order-feed';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Inside the project, so that the module's imports of axios and zod resolve to node_modules.
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'settle');

export const WORKERS = {
  orderFeed: 'main/sync/order-feed-worker.ts',
  walCheckpoint: 'main/cache/wal-checkpoint-worker.ts',
} as const;

const built = new Map<string, Promise<URL>>();

/** Builds each worker once per process; processes that build the same code share one file. */
export function workerUrl(worker: keyof typeof WORKERS): Promise<URL> {
  const entry = WORKERS[worker];
  let url = built.get(entry);
  if (!url) {
    url = buildWorker(entry);
    built.set(entry, url);
  }
  return url;
}

async function buildWorker(entry: string): Promise<URL> {
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const name = basename(entry, '.ts');
  const file = join(OUT_DIR, `${name}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(OUT_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  return pathToFileURL(file);
}

/** An OrderFeed on the worker built from source; close it after the test. */
export async function orderFeedFor(client: Pick<BillingClientOptions, 'baseUrl' | 'token' | 'timeoutMs' | 'retry'>, log: Logger): Promise<OrderFeed> {
  return new OrderFeed({ workerUrl: await workerUrl('orderFeed'), client, log });
}

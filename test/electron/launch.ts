import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { findElectronBinary } from './electron-binary';

export const ROOT = resolve(import.meta.dirname, '../..');

/**
 * What the Electron tests launch:
 * - `SETTLE_PACKAGED_APP=/path/to/executable`: a packaged app (the release pipeline's test build,
 *   electron-builder.smoke.yml: the published build has the inspect fuse off, and Playwright's
 *   `_electron` needs it on), e.g. release/smoke/linux-unpacked/settle,
 *   release/smoke/win-unpacked/Settle.exe, release/smoke/mac-arm64/Settle.app/Contents/MacOS/Settle;
 * - otherwise the development build, out/main/index.js through the installed Electron binary, once
 *   better-sqlite3 in node_modules is built for Electron (`npx electron-builder install-app-deps`;
 *   `npm ci` builds it for Node, which the other tests need: `npm rebuild better-sqlite3` after);
 * - neither: the tests skip, saying why — or fail, with SETTLE_REQUIRE_ELECTRON=1 (CI's Electron step).
 */
export type SettleTarget =
  | { readonly kind: 'packaged'; readonly executable: string }
  | { readonly kind: 'dev'; readonly electron: string; readonly entry: string }
  | { readonly kind: 'none'; readonly reason: string };

export function settleTarget(env: NodeJS.ProcessEnv = process.env): SettleTarget {
  if (env.SETTLE_PACKAGED_APP) return { kind: 'packaged', executable: resolve(ROOT, env.SETTLE_PACKAGED_APP) };
  const binary = findElectronBinary(ROOT);
  if (!binary.found) return { kind: 'none', reason: binary.reason };
  const native = nativeModuleForElectron(binary.path);
  if (native) return { kind: 'none', reason: native };
  const main = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string }).main;
  return { kind: 'dev', electron: binary.path, entry: resolve(ROOT, main) };
}

/**
 * Null when node_modules' better-sqlite3 loads in this Electron (run as plain Node, with Electron's
 * ABI); else why not. A Node build makes the app's cache fail to open, so the tests would fail for a
 * reason that is the set-up's, not the app's.
 */
function nativeModuleForElectron(electronPath: string): string | null {
  const probe = spawnSync(electronPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (probe.status === 0) return null;
  const output = `${probe.stderr ?? ''}${probe.error?.message ?? ''}`;
  const abi = /NODE_MODULE_VERSION \d+[^\n]*/.exec(output)?.[0];
  return abi
    ? `node_modules/better-sqlite3 is built for Node, not for Electron (${abi}); run \`npx electron-builder install-app-deps\` first, and \`npm rebuild better-sqlite3\` after for the Node tests`
    : `better-sqlite3 does not load in Electron: ${output.trim().split('\n')[0] ?? `exit ${probe.status}`}`;
}

export function skipMessage(target: SettleTarget): string {
  if (target.kind !== 'none') return '';
  if (target.reason.includes('better-sqlite3')) return `Electron tests can't run: ${target.reason}.`;
  return (
    `Electron binary not installed (it cannot be downloaded here: ${target.reason}). ` +
    'On a machine with internet access run `npx install-electron` (or reinstall without ELECTRON_SKIP_BINARY_DOWNLOAD), ' +
    'then `npm run build` and `npm run test:electron`; or set SETTLE_PACKAGED_APP to a packaged build.'
  );
}

export interface LaunchedSettle {
  readonly app: ElectronApplication;
  readonly page: Page;
  readonly target: Exclude<SettleTarget, { kind: 'none' }>;
  /** A folder of this launch's own, for files the test writes (exports). */
  readonly scratchDir: string;
  close(): Promise<void>;
}

/**
 * Starts Settle in demo mode (no billing API configured) with updates off, and waits for its window.
 * Data folder: a temporary one. The development build takes SETTLE_USER_DATA_DIR; a packaged build
 * never does (main.ts), so on Linux it gets a temporary XDG_CONFIG_HOME (Electron's appData there),
 * and on macOS and Windows it uses the machine's own Settle folder — fine on a fresh CI runner, not
 * on a clerk's machine. One launch at a time (playwright.config.ts: the electron project has one
 * worker), since a packaged app holds a single-instance lock in its data folder.
 */
export async function launchSettle(target: Exclude<SettleTarget, { kind: 'none' }>, extraEnv: Record<string, string> = {}): Promise<LaunchedSettle> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'settle-electron-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  for (const key of ['BILLING_API_URL', 'BILLING_API_TOKEN', 'ELECTRON_RENDERER_URL', 'ELECTRON_RUN_AS_NODE', 'SETTLE_PACKAGED_APP']) delete env[key];
  env.SETTLE_DISABLE_UPDATES = '1';
  if (target.kind === 'dev') env.SETTLE_USER_DATA_DIR = join(scratchDir, 'user-data');
  else if (process.platform === 'linux') env.XDG_CONFIG_HOME = join(scratchDir, 'config');
  Object.assign(env, extraEnv);

  if (target.kind === 'packaged' && !existsSync(target.executable)) {
    throw new Error(`SETTLE_PACKAGED_APP=${target.executable} does not exist: package it first (electron-builder --config electron-builder.smoke.yml --dir)`);
  }
  if (target.kind === 'dev' && !existsSync(target.entry)) throw new Error(`${target.entry} is missing: run \`npm run build\` (electron-vite build) first`);

  const runningAsRoot = process.platform === 'linux' && process.getuid?.() === 0;
  const sandboxArgs = runningAsRoot ? ['--no-sandbox'] : [];
  const app = await electron.launch(
    target.kind === 'dev'
      ? { executablePath: target.electron, args: [...sandboxArgs, target.entry], cwd: ROOT, env, timeout: 60_000 }
      : { executablePath: target.executable, args: sandboxArgs, cwd: scratchDir, env, timeout: 60_000 },
  );
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
    return {
      app,
      page,
      target,
      scratchDir,
      async close() {
        await app.close();
        rmSync(scratchDir, { recursive: true, force: true, maxRetries: 5 });
      },
    };
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

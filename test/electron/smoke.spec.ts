/**
 * Electron smoke test: what only Electron can show, on the development build (out/main/index.js
 * through the electron binary) or on a packaged app (SETTLE_PACKAGED_APP=/path/to/executable, as the
 * release pipeline runs it). One launch in demo mode, then, in order: the window and its app://
 * page under the CSP, the narrow `window.settle`, no Node in the page, both worker threads loading
 * from where the app keeps them (inside app.asar when packaged), the orders synced, navigation and
 * new windows refused, an export through the OS save dialog (stubbed in main), and an OS
 * notification for an approval (observed in main). Skips with a message where neither Electron's
 * binary nor a packaged app is available. Run with `npm run test:electron` after `npm run build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { IPC_CHANNELS } from '../../shared/ipc/channels';
import { SandboxControl } from '../support/sandbox-control';
import { type LaunchedSettle, launchSettle, settleTarget, skipMessage } from './launch';

const POSTPAID_TOKEN = 'sbx_postpaid_demo';
const target = settleTarget();
const SKIP_MESSAGE = skipMessage(target);
/** CI's Electron step sets this: there, not running is a failure, not a skip. */
const REQUIRED = process.env.SETTLE_REQUIRE_ELECTRON === '1';
// The list reporter doesn't print skip reasons: say it on stderr too.
if (target.kind === 'none' && !REQUIRED) console.warn(`[electron smoke] skipped: ${SKIP_MESSAGE}`);
test.skip(target.kind === 'none' && !REQUIRED, SKIP_MESSAGE);

type SettleWindow = Window & { settle?: Record<string, unknown> & { getAppInfo(): Promise<{ ok: boolean; value: { billingApiOrigin: string; demoMode: boolean } }> } };

test.describe.serial(`Settle (${target.kind === 'packaged' ? `packaged: ${target.executable}` : target.kind})`, () => {
  let settle: LaunchedSettle;

  test.beforeAll(async () => {
    if (target.kind === 'none') throw new Error(`SETTLE_REQUIRE_ELECTRON=1, but ${SKIP_MESSAGE}`);
    settle = await launchSettle(target);
  });
  test.afterAll(async () => {
    await settle?.close();
  });

  test('the window is served from app://, titled Settle in demo mode', async () => {
    const { app, page } = settle;
    expect(page.url()).toBe('app://settle/index.html');
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle() ?? '');
    expect(title).toContain('Settle');
    expect(title).toContain('Demo mode');
    expect(await page.title()).toContain('Settle');
    if (settle.target.kind === 'packaged') expect(await app.evaluate(({ app: electronApp }) => electronApp.isPackaged)).toBe(true);
  });

  test('the page loads under its CSP: the header is on app:// responses and an inline script is refused', async () => {
    const { page } = settle;
    const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self'[^;]*(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");

    const outcome = await page.evaluate(
      () =>
        new Promise<{ directive: string | null; blocked: string | null; ran: boolean }>((resolve) => {
          const w = window as unknown as { __inlineRan?: boolean };
          const done = (directive: string | null, blocked: string | null) => resolve({ directive, blocked, ran: w.__inlineRan === true });
          document.addEventListener('securitypolicyviolation', (event) => done(event.effectiveDirective, event.blockedURI), { once: true });
          const script = document.createElement('script');
          script.textContent = 'window.__inlineRan = true;';
          document.head.append(script);
          setTimeout(() => done(null, null), 5_000);
        }),
    );
    expect(outcome.ran).toBe(false);
    expect(outcome.directive).toMatch(/^script-src/);
    expect(outcome.blocked).toBe('inline');
  });

  test('window.settle exposes exactly the contract: one function per IPC channel and onEvent', async () => {
    const { page } = settle;
    const exposed = await page.evaluate(() => {
      const api = (window as unknown as SettleWindow).settle;
      if (!api) return null;
      return { keys: Object.getOwnPropertyNames(api).sort(), types: [...new Set(Object.values(api).map((v) => typeof v))] };
    });
    expect(exposed).toEqual({ keys: [...IPC_CHANNELS, 'onEvent'].sort(), types: ['function'] });
    const info = await page.evaluate(() => (window as unknown as Required<SettleWindow>).settle.getAppInfo());
    expect(info).toMatchObject({ ok: true, value: { demoMode: true } });
  });

  test('no Node in the page (contextIsolation + sandbox), no file:// reads', async () => {
    const { page } = settle;
    const globals = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { require: typeof w.require, process: typeof w.process, module: typeof w.module, Buffer: typeof w.Buffer, ipcRenderer: typeof w.ipcRenderer };
    });
    expect(globals).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', ipcRenderer: 'undefined' });
    const read = await page.evaluate(() => fetch('file:///etc/hostname').then(
      () => 'read',
      () => 'blocked',
    ));
    expect(read).toBe('blocked');
  });

  test('both worker threads load from where the app keeps them (inside app.asar when packaged)', async () => {
    // The app falls back quietly when a thread can't start (sync pages on the main thread, checkpoints
    // in the commits): so each is started here, in the app's own main process, from the app's own
    // files. The order feed posts `ready` once its modules (zod, the billing client, axios) have
    // loaded; the checkpointer opens a database with better-sqlite3's native addon and checkpoints it.
    const result = await settle.app.evaluate(async ({ app }) => {
      const { Worker } = process.getBuiltinModule('node:worker_threads');
      const { join } = process.getBuiltinModule('node:path');
      const { pathToFileURL } = process.getBuiltinModule('node:url');
      const { existsSync, mkdtempSync, writeFileSync } = process.getBuiltinModule('node:fs');
      const { tmpdir } = process.getBuiltinModule('node:os');
      // Packaged: <resources>/app.asar/out/main. Development (`electron out/main/index.js`): the app
      // path is the entry's own folder.
      const appPath = app.getAppPath();
      const mainDir = [join(appPath, 'out', 'main'), appPath].find((dir) => existsSync(join(dir, 'order-feed-worker.js'))) ?? appPath;
      const run = (file: string, workerData: unknown, first: unknown, expected: string) =>
        new Promise<string>((resolve) => {
          const worker = new Worker(pathToFileURL(join(mainDir, file)), { workerData });
          const finish = (outcome: string) => {
            void worker.terminate();
            resolve(outcome);
          };
          worker.on('message', (message: { type?: string }) => {
            if (message?.type === expected) finish('ok');
          });
          worker.on('error', (error: Error) => finish(`error: ${error.message}`));
          worker.on('exit', (code: number) => finish(`exited with ${code}`));
          if (first) worker.postMessage(first);
          setTimeout(() => finish('timed out'), 20_000);
        });
      const db = join(mkdtempSync(join(tmpdir(), 'settle-probe-')), 'probe.db');
      writeFileSync(db, ''); // an empty file is an empty SQLite database
      return {
        mainDir,
        orderFeed: await run('order-feed-worker.js', { baseUrl: 'http://127.0.0.1:9', token: 'probe' }, null, 'ready'),
        checkpointer: await run('wal-checkpoint-worker.js', { path: db, closed: new SharedArrayBuffer(4) }, { type: 'checkpoint' }, 'checkpointed'),
      };
    });
    if (settle.target.kind === 'packaged') expect(result.mainDir).toMatch(/app\.asar[\\/]out[\\/]main$/);
    expect(result).toMatchObject({ orderFeed: 'ok', checkpointer: 'ok' });
  });

  test('the orders sync and show', async () => {
    const { page } = settle;
    await expect(page.getByRole('heading', { name: 'Unpaid Orders' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('grid', { name: 'Unpaid orders' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('last-synced')).toContainText('Last synced', { timeout: 60_000 });
    await expect(page.getByTestId('order-count')).toHaveText(/^[1-9][\d,]* orders?$/);
  });

  test('navigation away and new windows are refused: the page stays on app://, no window opens', async () => {
    const { app, page } = settle;
    // Links to allowed help pages go to the OS browser: recorded here instead of opened.
    await app.evaluate(({ shell }) => {
      const opened: string[] = [];
      (globalThis as { __settleOpened?: string[] }).__settleOpened = opened;
      shell.openExternal = async (url: string) => void opened.push(url);
    });
    await page.evaluate(() => ((window as unknown as { __smokeMarker: number }).__smokeMarker = 42));

    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(1_500);
    expect(page.url()).toBe('app://settle/index.html');
    // The same document, not a reload of the app.
    expect(await page.evaluate(() => (window as unknown as { __smokeMarker?: number }).__smokeMarker)).toBe(42);

    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    expect(await page.evaluate(() => window.open('https://stripe.com/') === null)).toBe(true);
    await page.waitForTimeout(500);
    expect(app.windows()).toHaveLength(1);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    // Only the allow-listed help page went to the OS browser.
    expect(await app.evaluate(() => (globalThis as { __settleOpened?: string[] }).__settleOpened)).toEqual(['https://stripe.com/']);
    await expect(page.getByRole('heading', { name: 'Unpaid Orders' })).toBeVisible();
  });

  test('an export asks where to save (the OS dialog, stubbed in main) and writes the CSV there', async () => {
    const { app, page } = settle;
    const file = join(settle.scratchDir, 'unpaid orders.csv');
    await app.evaluate(({ dialog }, filePath) => {
      const asked: unknown[] = [];
      (globalThis as { __settleSaveAsked?: unknown[] }).__settleSaveAsked = asked;
      dialog.showSaveDialog = (async (...args: unknown[]) => {
        asked.push(args.at(-1));
        return { canceled: false, filePath };
      }) as typeof dialog.showSaveDialog;
    }, file);

    await page.getByRole('button', { name: 'Export' }).click();
    await expect(page.getByText(`to ${file}`)).toBeVisible({ timeout: 30_000 });
    expect(existsSync(file)).toBe(true);
    const lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Order No.,Service type,Order type,Status,Official amount,Amount after discount,Currency,Created (UTC),Expires (UTC),Combined purchase');
    expect(lines.length).toBeGreaterThan(1);
    const asked = (await app.evaluate(() => (globalThis as { __settleSaveAsked?: { filters?: { extensions: string[] }[] }[] }).__settleSaveAsked)) ?? [];
    expect(asked).toHaveLength(1);
    expect(asked[0]?.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
  });

  test('an approval seen by a sync shows an OS notification (observed in main) and a toast', async () => {
    const { app, page } = settle;
    await app.evaluate(({ Notification }) => {
      const shown: { title: string; body: string }[] = [];
      (globalThis as { __settleNotified?: typeof shown }).__settleNotified = shown;
      // Whatever the CI desktop offers (libnotify on Linux), the app's side is what is tested.
      Notification.isSupported = () => true;
      Notification.prototype.show = function (this: Electron.Notification) {
        shown.push({ title: this.title, body: this.body });
      };
    });
    const info = await page.evaluate(() => (window as unknown as Required<SettleWindow>).settle.getAppInfo());
    const sandbox = new SandboxControl(info.value.billingApiOrigin);
    const pending = (await sandbox.listedOrders(POSTPAID_TOKEN)).find((o) => o.status === 1);
    expect(pending, 'the demo data has an order pending approval').toBeTruthy();
    await sandbox.approve(pending!.order_id);
    await page.getByRole('button', { name: 'Refresh' }).click();

    const text = `Order ${pending!.order_id} approved — ready to pay`;
    await expect(page.getByTestId('toast').filter({ hasText: text })).toBeVisible({ timeout: 30_000 });
    await expect.poll(() => app.evaluate(() => (globalThis as { __settleNotified?: unknown[] }).__settleNotified)).toEqual([{ title: 'Settle', body: text }]);
  });

  // Settings and safeStorage restart the app, so they have their own launches: settings.spec.ts.
});

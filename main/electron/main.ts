/**
 * The Electron entry (out/main/index.js). Thin on purpose: the decisions live in pure modules next
 * to it (navigation-policy, app-protocol, window-options, ipc-bridge) and the app itself in AppCore.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, protocol, session } from 'electron';
import type { AppCore } from '../app/app-core';
import { billingEndpointFromEnv } from '../app/billing-endpoint';
import { startBuiltSettle, startingCore } from '../app/starting-core';
import { createLogger } from '../logger';
import { createAppProtocolHandler } from './app-protocol';
import { forwardEvents, registerIpcHandlers } from './ipc-bridge';
import { externalLinkHosts } from './external-links';
import { installApplicationMenu } from './menu';
import { APP_ENTRY_URL, APP_SCHEME, type AppOrigins, devServerOrigin } from './navigation-policy';
import { notifyAppEvent } from './notifications';
import { saveReceiptPdfWithDialog } from './receipt-pdf';
import { saveWithDialog } from './save-dialog';
import { denyAllPermissions, installSecurityGuards } from './security';
import { mainWindowOptions } from './window-options';

const here = fileURLToPath(new URL('.', import.meta.url)); // out/main/
const RENDERER_DIR = join(here, '../renderer');
const PRELOAD_PATH = join(here, '../preload/index.cjs');

const isDev = !app.isPackaged;
// Tests and side-by-side development runs keep their data apart; never honoured in packaged builds.
if (isDev && process.env.SETTLE_USER_DATA_DIR) app.setPath('userData', process.env.SETTLE_USER_DATA_DIR);
const devServerUrl = isDev && devServerOrigin(process.env.ELECTRON_RENDERER_URL) ? process.env.ELECTRON_RENDERER_URL! : null;
const origins: AppOrigins = { devServerUrl };
mkdirSync(app.getPath('userData'), { recursive: true });
const logger = createLogger(join(app.getPath('userData'), 'settle.log'));

// Must happen before ready: app:// behaves like https (standard origin, secure context, fetch).
// corsEnabled lets Chromium run its CORS checks on app:// (module scripts load in cors mode); it
// grants nothing by itself since app:// responses carry no Access-Control-Allow-* headers.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);
app.enableSandbox();
installSecurityGuards({ origins, externalHosts: externalLinkHosts(process.env.BILLING_API_URL), logger });

/** The core from the moment it begins to start: closing waits for it. */
let core: Promise<AppCore> | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;

function showMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createMainWindow(demoMode: boolean): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preloadPath: PRELOAD_PATH, demoMode, devTools: isDev }));
  // Keep "Settle — Demo mode": the page's <title> must not replace it.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(devServerUrl ?? APP_ENTRY_URL).catch((error: unknown) => logger.error('the window failed to load', { error: String(error) }));
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  // The window opens and loads the page while the core (the cache, the sync, the billing client)
  // loads and opens alongside; the page's first calls wait for it.
  const demoMode = billingEndpointFromEnv(process.env) === null;
  const { core: starting, rendererCsp } = startBuiltSettle(import.meta.url, { dataDir: app.getPath('userData'), env: process.env, version: app.getVersion(), log: logger, saveFile: (name, csv) => saveWithDialog(mainWindow, name, csv), saveReceiptPdf: (name) => saveReceiptPdfWithDialog(mainWindow, name) });
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ rootDir: RENDERER_DIR, rendererCsp, onRejected: (reason, url) => logger.warn('refused app:// request', { reason, url }) }),
  );
  installApplicationMenu({ isMac: process.platform === 'darwin', appName: app.name, dev: isDev });

  core = starting;
  const calls = startingCore(starting);
  const mainContents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null);
  registerIpcHandlers(ipcMain, { core: calls, origins, logger, mainContents });
  forwardEvents(calls, mainContents, (event) => notifyAppEvent(event, showMainWindow));

  mainWindow = createMainWindow(demoMode);
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createMainWindow(demoMode);
    else showMainWindow();
  });
  const appCore = await starting;
  logger.info('Settle started', { version: appCore.info.version, demoMode: appCore.info.demoMode, billingApiOrigin: appCore.info.billingApiOrigin });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Close the core (sync, cache, demo sandbox) before the process goes.
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    const closing = core;
    core = null;
    closing
      .then((started) => started.close())
      .catch((error: unknown) => logger.error('closing the app core failed', { error: String(error) }))
      .finally(() => app.quit());
  });

  start().catch((error: unknown) => {
    logger.error('Settle failed to start', { error: error instanceof Error ? error.message : String(error) });
    dialog.showErrorBox('Settle could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

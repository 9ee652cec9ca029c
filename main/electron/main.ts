/**
 * The Electron entry (out/main/index.js). Thin on purpose: the decisions live in pure modules next
 * to it (navigation-policy, app-protocol, window-options, ipc-bridge) and the app itself in AppCore.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, clipboard, dialog, ipcMain, nativeTheme, protocol, safeStorage, session, shell } from 'electron';
import { SettleHost } from '../app/settle-host';
import { startBuiltSettle } from '../app/starting-core';
import { createLogger } from '../logger';
import { createAppProtocolHandler } from './app-protocol';
import { forwardEvents, registerIpcHandlers } from './ipc-bridge';
import { externalLinkHosts } from './external-links';
import { mainLanguage, mainWords, type MainWords } from './main-words';
import { installApplicationMenu } from './menu';
import { APP_ENTRY_URL, APP_SCHEME, type AppOrigins, devServerOrigin } from './navigation-policy';
import { notifyAppEvent } from './notifications';
import { saveReceiptPdfWithDialog } from './receipt-pdf';
import { safeStorageVault } from './safe-storage-vault';
import { saveWithDialog } from './save-dialog';
import { denyAllPermissions, installSecurityGuards } from './security';
import { startAutoUpdates, updateTextsOf } from './updater';
import { mainWindowOptions, windowTitle } from './window-options';

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

/** An error nothing caught is logged, and shown once: the same one again is only logged. */
const shownFailures = new Set<string>();
function reportUncaught(kind: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger.error('uncaught error in the main process', { kind, message, stack: error instanceof Error ? error.stack : undefined });
  if (shownFailures.has(message) || !app.isReady()) return;
  shownFailures.add(message);
  const said = words();
  dialog.showErrorBox(said.failedTitle, said.failedBody(message));
}
process.on('uncaughtException', (error) => reportUncaught('uncaughtException', error));
process.on('unhandledRejection', (reason) => reportUncaught('unhandledRejection', reason));

// Must happen before ready: app:// behaves like https (standard origin, secure context, fetch).
// corsEnabled lets Chromium run its CORS checks on app:// (module scripts load in cors mode); it
// grants nothing by itself since app:// responses carry no Access-Control-Allow-* headers.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
]);
app.enableSandbox();
installSecurityGuards({ origins, externalHosts: externalLinkHosts(process.env.BILLING_API_URL), logger });

/** The settings and the core started from them, from the moment they begin to start: closing waits for it. */
let host: SettleHost | null = null;

/** The main process's words in the UI's language. */
function words(): MainWords {
  return mainWords(mainLanguage(host?.settings().language ?? 'system', app.getLocale()));
}

function applyLookAndWords(): void {
  nativeTheme.themeSource = host?.settings().theme ?? 'system';
  installApplicationMenu({
    isMac: process.platform === 'darwin',
    appName: app.name,
    dev: isDev,
    words: words(),
    openLogsFolder: () => void shell.openPath(app.getPath('userData')),
    copyDiagnostics: () => void copyDiagnostics(),
  });
}

async function copyDiagnostics(): Promise<void> {
  const result = host ? await host.dispatch('getDiagnostics', undefined) : null;
  if (!result?.ok) return;
  clipboard.writeText(String(result.value));
  if (mainWindow) void dialog.showMessageBox(mainWindow, { type: 'info', message: words().diagnosticsCopied });
}
let mainWindow: BrowserWindow | null = null;
let quitting = false;

function showMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function createMainWindow(settle: SettleHost): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preloadPath: PRELOAD_PATH, demoMode: settle.demoMode(), devTools: isDev }));
  // Keep "Settle — Demo mode": the page's <title> must not replace it. The page loads again after
  // the billing service changed in Settings, and the title follows.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.webContents.on('did-finish-load', () => win.setTitle(windowTitle(settle.demoMode())));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(devServerUrl ?? APP_ENTRY_URL).catch((error: unknown) => logger.error('the window failed to load', { error: String(error) }));
  return win;
}

async function chooseFolder(): Promise<string | null> {
  const options = { properties: ['openDirectory', 'createDirectory'] as const, defaultPath: app.getPath('documents') };
  const result = mainWindow ? await dialog.showOpenDialog(mainWindow, { ...options, properties: [...options.properties] }) : await dialog.showOpenDialog({ ...options, properties: [...options.properties] });
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function start(): Promise<void> {
  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  // The window opens and loads the page while the core (the cache, the sync, the billing client)
  // loads and opens alongside; the page's first calls wait for it. safeStorage is ready now.
  const dataDir = app.getPath('userData');
  const version = app.getVersion();
  const settle: SettleHost = new SettleHost({
    dataDir,
    env: process.env,
    version,
    log: logger,
    vault: safeStorageVault(safeStorage, process.platform),
    chooseFolder,
    logFolder: dataDir,
    onSaved: applyLookAndWords,
    startCore: (settings) =>
      startBuiltSettle(import.meta.url, {
        dataDir,
        env: process.env,
        version,
        log: logger,
        settings,
        saveFile: (name, csv) => saveWithDialog(mainWindow, name, csv, settle.settings().exportFolder),
        saveReceiptPdf: (name) => saveReceiptPdfWithDialog(mainWindow, name, settle.settings().exportFolder),
      }),
  });
  host = settle;
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({ rootDir: RENDERER_DIR, rendererCsp: () => settle.rendererCsp(), onRejected: (reason, url) => logger.warn('refused app:// request', { reason, url }) }),
  );
  applyLookAndWords();

  const mainContents = () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null);
  registerIpcHandlers(ipcMain, { core: settle, origins, logger, mainContents });
  forwardEvents(settle, mainContents, (event) => notifyAppEvent(event, showMainWindow, mainLanguage(settle.settings().language, app.getLocale())));

  mainWindow = createMainWindow(settle);
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createMainWindow(settle);
    else showMainWindow();
  });
  const appCore = await settle.core().catch(() => null);
  if (appCore) logger.info('Settle started', { version: appCore.info.version, demoMode: appCore.info.demoMode, billingApiOrigin: appCore.info.billingApiOrigin });
  // The ledger says whether a payment is open: an update waits for it to end.
  const stopUpdates = startAutoUpdates({ window: () => mainWindow, logger, paymentOpen: () => settle.paymentOpen(), texts: updateTextsOf(words()) });
  app.once('before-quit', stopUpdates);
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
    if (quitting || !host) return;
    event.preventDefault();
    quitting = true;
    const closing = host;
    host = null;
    closing
      .close()
      .catch((error: unknown) => logger.error('closing the app core failed', { error: String(error) }))
      .finally(() => app.quit());
  });

  start().catch((error: unknown) => {
    logger.error('Settle failed to start', { error: error instanceof Error ? error.message : String(error) });
    dialog.showErrorBox('Settle could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

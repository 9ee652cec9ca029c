/**
 * Auto-updates through electron-updater, from the feed electron-builder publishes (GitHub releases,
 * or a generic server: electron-builder.generic.yml). The decisions are update-policy.ts's; this file
 * wires them to electron-updater, the window's taskbar/dock progress bar and a "Restart now / Later"
 * dialog. Off in development builds and with SETTLE_DISABLE_UPDATES=1 (IT roll-outs).
 *
 * autoDownload: updates download in the background as soon as they are found.
 * autoInstallOnAppQuit: true — a clerk who keeps answering "Later" still gets the update the next
 * time they quit Settle; quitting is their own act, so it never cuts a payment short the way a
 * restart could (and the ledger settles an unfinished payment at the next start anyway).
 */
import { mainWords, type MainWords } from './main-words';
import { type BrowserWindow, type MessageBoxOptions, app, dialog } from 'electron';
import type { AppUpdater, ProgressInfo, UpdateDownloadedEvent } from 'electron-updater';
import { type RestartAnswer, type UpdateLog, createUpdatePolicy, updatesDisabledReason } from '../updates/update-policy';

/** The dialog's words; the caller passes the UI language's (English by default). */
export interface UpdateTexts {
  readonly title: string;
  readonly message: (version: string) => string;
  readonly detail: string;
  readonly restartNow: string;
  readonly later: string;
}

/** The restart question in the UI's language (main-words.ts holds the words). */
export function updateTextsOf(words: MainWords): UpdateTexts {
  return { title: words.updateReadyTitle, message: words.updateReadyBody, detail: words.updateReadyDetail, restartNow: words.restartNow, later: words.later };
}

/** What Settle uses of electron-updater's AppUpdater (tests pass a fake). */
export type Updater = Pick<AppUpdater, 'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'on' | 'removeListener' | 'checkForUpdates' | 'quitAndInstall'>;

export interface AutoUpdateOptions {
  /** The main window, or a getter for it (the window may be closed and opened again on macOS). */
  readonly window: BrowserWindow | null | (() => BrowserWindow | null);
  readonly logger: UpdateLog;
  /** True while a payment is open: no restart then. */
  readonly paymentOpen: () => Promise<boolean>;
  readonly texts?: UpdateTexts;
  /** Defaults: electron-updater's autoUpdater, process.env, app.isPackaged. */
  readonly updater?: Updater | (() => Promise<Updater>);
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly isPackaged?: boolean;
}

/** electron-updater is CommonJS: its autoUpdater is on the default export when imported from ESM. */
async function loadAutoUpdater(): Promise<Updater> {
  const module = await import('electron-updater');
  const exports = (module as unknown as { default?: typeof module }).default ?? module;
  return exports.autoUpdater;
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Starts checking for updates (now and every 6 hours) and returns the function that stops it.
 * electron-updater itself is loaded only when updates are on, after this returns.
 */
export function startAutoUpdates(options: AutoUpdateOptions): () => void {
  const { logger } = options;
  const disabled = updatesDisabledReason({ isPackaged: options.isPackaged ?? app.isPackaged, env: options.env ?? process.env });
  if (disabled) {
    logger.info('updates are off', { reason: disabled });
    return () => undefined;
  }
  const texts = options.texts ?? updateTextsOf(mainWords('en'));
  const currentWindow = (): BrowserWindow | null => {
    const win = typeof options.window === 'function' ? options.window() : options.window;
    return win && !win.isDestroyed() ? win : null;
  };

  let stopped = false;
  let detach: () => void = () => undefined;

  const wire = (updater: Updater): void => {
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.logger = {
      info: (message?: unknown) => logger.info(`electron-updater: ${String(message)}`),
      warn: (message?: unknown) => logger.warn(`electron-updater: ${String(message)}`),
      error: (message?: unknown) => logger.error(`electron-updater: ${describeError(message)}`),
    };

    const policy = createUpdatePolicy({
      log: logger,
      paymentOpen: options.paymentOpen,
      check: () => updater.checkForUpdates(),
      progress: (percent) => currentWindow()?.setProgressBar(percent === null ? -1 : percent / 100),
      askToRestart: async (version): Promise<RestartAnswer> => {
        const box: MessageBoxOptions = {
          type: 'info',
          title: texts.title,
          message: texts.message(version),
          detail: texts.detail,
          buttons: [texts.restartNow, texts.later],
          defaultId: 0,
          cancelId: 1,
          noLink: true,
        };
        const win = currentWindow();
        const { response } = win ? await dialog.showMessageBox(win, box) : await dialog.showMessageBox(box);
        return response === 0 ? 'restart' : 'later';
      },
      // Silent on Windows (the NSIS installer runs without its wizard) and Settle starts again after.
      restart: () => setImmediate(() => updater.quitAndInstall(true, true)),
    });

    const onProgress = (info: ProgressInfo): void => policy.downloadProgress(info.percent);
    const onDownloaded = (event: UpdateDownloadedEvent): void => void policy.downloaded(event.version);
    const onError = (error: Error): void => policy.failed(error);
    updater.on('download-progress', onProgress);
    updater.on('update-downloaded', onDownloaded);
    updater.on('error', onError);
    detach = () => {
      policy.stop();
      updater.removeListener('download-progress', onProgress);
      updater.removeListener('update-downloaded', onDownloaded);
      updater.removeListener('error', onError);
    };
    policy.start();
    logger.info('updates are on', { checkEveryHours: 6 });
  };

  const source = options.updater ?? loadAutoUpdater;
  Promise.resolve(typeof source === 'function' ? source() : source)
    .then((updater) => {
      if (!stopped) wire(updater);
    })
    .catch((error: unknown) => logger.error('updates could not start', { error: describeError(error) }));

  return () => {
    stopped = true;
    detach();
  };
}

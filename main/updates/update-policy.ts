/**
 * When Settle checks for updates and when it may restart into one, as plain Node (no electron
 * import), so that vitest drives it with fake timers. main/electron/updater.ts wires it to
 * electron-updater, the window's progress bar and the restart dialog.
 *
 * The rules:
 * - check at start and every 6 hours (electron-updater downloads what it finds);
 * - a downloaded update asks the clerk to restart ("Restart now" / "Later");
 * - never restart while a payment is open: asked first, and asked again after "Restart now" (a
 *   payment may have opened while the dialog was up). With a payment open the question waits, and
 *   comes back once the payment has closed (polled) or at the next check;
 * - "Later" asks again at the next check, not before; meanwhile electron-updater installs the update
 *   when the app quits (`autoInstallOnAppQuit`);
 * - download progress is reported as whole percents, each once; null clears it.
 */

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** While a payment holds an update back, how often to look whether it has closed. */
export const PAYMENT_POLL_INTERVAL_MS = 30 * 1000;

export interface UpdateLog {
  info(msg: string, meta?: object): void;
  warn(msg: string, meta?: object): void;
  error(msg: string, meta?: object): void;
}

export type RestartAnswer = 'restart' | 'later';

export interface UpdatePolicyPorts {
  /** Ask the update server; an update found is downloaded (electron-updater's autoDownload). */
  readonly check: () => Promise<unknown>;
  /** The restart question; resolves with the clerk's answer. */
  readonly askToRestart: (version: string) => Promise<RestartAnswer>;
  /** Quit and install the downloaded update. */
  readonly restart: () => void;
  /** True while a payment is open (the checkout or a payment in flight): never restart then. */
  readonly paymentOpen: () => Promise<boolean>;
  /** Whole percent 0–100 while downloading; null when there is nothing to show. */
  readonly progress?: (percent: number | null) => void;
  readonly log: UpdateLog;
  readonly checkIntervalMs?: number;
  readonly paymentPollMs?: number;
}

export interface UpdatePolicy {
  /** Checks now, then every 6 hours. */
  start(): void;
  /** Stops the checks and any question still to come. */
  stop(): void;
  /** electron-updater's `download-progress` percent (a float). */
  downloadProgress(percent: number): void;
  /** electron-updater's `update-downloaded`. */
  downloaded(version: string): Promise<void>;
  /** electron-updater's `error`: clears the progress; the next check tries again. */
  failed(error: unknown): void;
}

/** Why updates are off, or null when they are on: development builds, and IT roll-outs. */
export function updatesDisabledReason(options: { readonly isPackaged: boolean; readonly env: Readonly<Record<string, string | undefined>> }): string | null {
  if (!options.isPackaged) return 'not a packaged build';
  if (options.env.SETTLE_DISABLE_UPDATES === '1') return 'SETTLE_DISABLE_UPDATES=1';
  return null;
}

/** A download percent as the whole number shown: floored, within 0–100; NaN as 0. */
export function wholePercent(percent: number): number {
  if (!Number.isFinite(percent)) return percent === Infinity ? 100 : 0;
  return Math.min(100, Math.max(0, Math.floor(percent)));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createUpdatePolicy(ports: UpdatePolicyPorts): UpdatePolicy {
  const { log } = ports;
  const checkIntervalMs = ports.checkIntervalMs ?? UPDATE_CHECK_INTERVAL_MS;
  const paymentPollMs = ports.paymentPollMs ?? PAYMENT_POLL_INTERVAL_MS;

  let stopped = false;
  let checkTimer: ReturnType<typeof setInterval> | null = null;
  let paymentTimer: ReturnType<typeof setInterval> | null = null;
  let checking = false;
  /** The update downloaded and waiting for a restart. */
  let pending: string | null = null;
  /** A question (or the payment check before it) is under way. */
  let asking = false;
  let shownPercent: number | null = null;

  const showProgress = (percent: number | null): void => {
    if (percent === shownPercent) return;
    shownPercent = percent;
    ports.progress?.(percent);
  };

  const stopPaymentPoll = (): void => {
    if (paymentTimer !== null) clearInterval(paymentTimer);
    paymentTimer = null;
  };

  /** Unknown counts as open: a restart is never risked on a guess. */
  const isPaymentOpen = async (): Promise<boolean> => {
    try {
      return await ports.paymentOpen();
    } catch (error) {
      log.warn('update: could not tell whether a payment is open; not restarting', { error: describe(error) });
      return true;
    }
  };

  const holdBack = (version: string): void => {
    log.info('update: a payment is open, the restart waits', { version });
    if (paymentTimer === null && !stopped) paymentTimer = setInterval(() => void considerRestart(), paymentPollMs);
  };

  async function considerRestart(): Promise<void> {
    const version = pending;
    if (stopped || version === null || asking) return;
    asking = true;
    try {
      if (await isPaymentOpen()) return holdBack(version);
      stopPaymentPoll();
      if (stopped) return;
      const answer = await ports.askToRestart(version).catch((error: unknown) => {
        log.error('update: the restart question failed', { error: describe(error) });
        return 'later' as const;
      });
      if (stopped) return;
      if (answer === 'later') {
        log.info('update: restart put off until the next check or quit', { version });
        return;
      }
      // The dialog may have been up for a while: a payment opened meanwhile still wins.
      if (await isPaymentOpen()) return holdBack(version);
      if (stopped) return;
      log.info('update: restarting to install', { version });
      pending = null;
      ports.restart();
    } finally {
      asking = false;
    }
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    // Downloaded already: ask again rather than fetch it again (the new version checks after its restart).
    if (pending !== null) return considerRestart();
    if (checking) return;
    checking = true;
    try {
      await ports.check();
    } catch (error) {
      showProgress(null);
      log.warn('update: check failed; trying again at the next one', { error: describe(error) });
    } finally {
      checking = false;
    }
  }

  return {
    start() {
      if (stopped || checkTimer !== null) return;
      checkTimer = setInterval(() => void tick(), checkIntervalMs);
      void tick();
    },
    stop() {
      stopped = true;
      if (checkTimer !== null) clearInterval(checkTimer);
      checkTimer = null;
      stopPaymentPoll();
      showProgress(null);
    },
    downloadProgress(percent) {
      if (stopped || pending !== null) return;
      showProgress(wholePercent(percent));
    },
    async downloaded(version) {
      if (stopped) return;
      showProgress(null);
      if (pending !== version) log.info('update: downloaded', { version });
      pending = version;
      await considerRestart();
    },
    failed(error) {
      showProgress(null);
      if (!stopped) log.warn('update: failed', { error: describe(error) });
    },
  };
}

import { arch, release, type as osType } from 'node:os';
import type { IpcChannel } from '../../shared/ipc/channels';
import { SETTINGS_CHANNELS, type SettingsChannel } from '../../shared/ipc/channels';
import type { ChannelParsedInput } from '../../shared/ipc/contract';
import type { SaveSettingsResult, SettingsView } from '../../shared/ipc/settings-types';
import type { AppEvent } from '../../shared/ipc/types';
import { DEFAULT_SETTINGS, normalBillingUrl, safeUrlProblem, type SavedSettings } from '../../shared/settings/settings';
import { dispatch } from '../ipc/dispatch';
import type { IpcHandlers } from '../ipc/handlers';
import { IpcRefusal } from '../ipc/ipc-refusal';
import type { Logger } from '../logger';
import { testConnection } from '../settings/connection-test';
import { effectiveSettings, type BillingToken, type CoreSettings, type EffectiveSettings } from '../settings/effective-settings';
import type { SecretVault } from '../settings/secret-vault';
import { serviceFolder } from '../settings/service-folder';
import { SettingsFile, type StoredToken } from '../settings/settings-file';
import type { AppCore } from './app-core';
import { startingCore, type CoreCalls, type StartingSettle } from './starting-core';

export interface SettleHostOptions {
  /** The app's data folder: settings.json, and what the core keeps there. */
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly version: string;
  readonly log: Logger;
  /** Starts a core on these settings (the faces: startBuiltSettle, from their own chunk). */
  readonly startCore: (settings: CoreSettings) => StartingSettle;
  readonly vault: SecretVault;
  /** Electron's folder picker; absent in a browser, where exports are downloads. */
  readonly chooseFolder?: () => Promise<string | null>;
  /** Where the log files are, for diagnostics. */
  readonly logFolder?: string;
  /** Told after every save (Electron: its menu's language, the native theme). */
  readonly onSaved?: (saved: SavedSettings) => void;
}

const isSettingsChannel = (channel: string): channel is SettingsChannel => (SETTINGS_CHANNELS as readonly string[]).includes(channel);

/**
 * What outlives a core: the settings, and the core started from them. A face talks to the host
 * as it would to a core; the settings channels are the host's own, every other one goes to the
 * core of the moment. A new billing service (or sync interval) closes the core and starts another
 * on that service's own files, never while a payment is open.
 */
export class SettleHost implements CoreCalls {
  private readonly file: SettingsFile;
  private saved: SavedSettings = DEFAULT_SETTINGS;
  private savedToken: BillingToken | null = null;
  private storedToken: StoredToken | null = null;
  private sessionToken: BillingToken | null = null;
  private current!: { core: Promise<AppCore>; calls: CoreCalls; rendererCsp: Promise<string> };
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private unsubscribeCore: () => void = () => undefined;
  private readonly handlers: Pick<IpcHandlers, SettingsChannel>;

  constructor(private readonly options: SettleHostOptions) {
    this.file = new SettingsFile(options.dataDir);
    this.readFile();
    this.handlers = {
      getSettings: () => this.view(),
      saveSettings: (input) => this.save(input),
      testConnection: ({ url, token }) => testConnection(url, token ?? this.tokenFor(url), options.log),
      chooseExportFolder: () => {
        if (!options.chooseFolder) throw new IpcRefusal('unavailable', 'A browser saves exports to its downloads folder.');
        return options.chooseFolder();
      },
      getDiagnostics: () => this.diagnostics(),
      reportError: ({ kind, message, stack }) => {
        options.log.error('the page failed', { kind, message, stack });
        return null;
      },
    };
    this.startCore(this.effective().core);
  }

  /** The page's CSP, which follows the billing service (its card form's Stripe.js). */
  rendererCsp(): Promise<string> {
    return this.current.rendererCsp;
  }

  core(): Promise<AppCore> {
    return this.current.core;
  }

  dispatch(channel: IpcChannel | string, input: unknown) {
    if (isSettingsChannel(channel)) return dispatch(this.handlers, this.options.log, channel, input);
    return this.current.calls.dispatch(channel, input);
  }

  onEvent(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether a payment is under way in the running core (an update must not restart the app then). */
  async paymentOpen(): Promise<boolean> {
    const core = await this.current.core.catch(() => null);
    return core?.paymentOpen() ?? false;
  }

  /** The app runs on its embedded sandbox (the window's title says so). */
  demoMode(): boolean {
    return this.effective().core.billing.kind === 'demo';
  }

  /** The saved language and theme, for the main process's own words (notifications, dialogs). */
  settings(): SavedSettings {
    return this.saved;
  }

  async close(): Promise<void> {
    this.unsubscribeCore();
    const core = await this.current.core.catch(() => null);
    await core?.close();
  }

  private effective(): EffectiveSettings {
    return effectiveSettings({ saved: this.saved, savedToken: this.savedToken, sessionToken: this.sessionToken, env: this.options.env });
  }

  private view(): SettingsView {
    const { view, core } = this.effective();
    return { ...view, secretStorage: this.options.vault.storage, canChooseFolder: this.options.chooseFolder !== undefined, dataFolder: serviceFolder(this.options.dataDir, core.billing) };
  }

  /** The token known for a URL (the connection test of the saved service needs none typed in). */
  private tokenFor(url: string): string | null {
    const { core } = this.effective();
    return core.billing.kind === 'api' && !safeUrlProblem(url) && core.billing.url === normalBillingUrl(url) ? core.token : null;
  }

  private readFile(): void {
    const reading = this.file.read();
    if (reading.kind === 'set_aside') this.options.log.warn('the settings file could not be read: it was kept aside, and the defaults apply', { keptAt: reading.keptAt, reason: reading.reason });
    if (reading.kind !== 'read') return;
    this.saved = reading.content.settings;
    this.storedToken = reading.content.billingToken;
    this.savedToken = this.openToken(this.storedToken);
  }

  private openToken(stored: StoredToken | null): BillingToken | null {
    if (!stored) return null;
    const { vault, log } = this.options;
    // A token sealed by the OS keychain can't be read by a browser face, nor the other way round.
    if ((stored.storage === 'file') !== (vault.storage === 'file')) {
      log.warn('the saved API token was stored another way and can’t be read here: enter it again', { storage: stored.storage });
      return null;
    }
    try {
      return { url: stored.url, value: vault.open(stored.sealed) };
    } catch (error) {
      log.warn('the saved API token can’t be decrypted (another user or machine?): enter it again', { reason: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  private async save(input: ChannelParsedInput<'saveSettings'>): Promise<SaveSettingsResult> {
    const before = this.effective();
    const { fromEnvironment } = before.view;
    if (input.billing && fromEnvironment.billing) throw new IpcRefusal('invalid_input', 'The billing service is set by BILLING_API_URL for this computer: it can’t be changed here.');
    if (input.syncIntervalMinutes !== undefined && fromEnvironment.syncInterval) throw new IpcRefusal('invalid_input', 'The sync interval is set by SETTLE_SYNC_INTERVAL_MS for this computer: it can’t be changed here.');
    const { token, ...changes } = input;
    const saved: SavedSettings = { ...this.saved, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
    let { savedToken, storedToken, sessionToken } = this;
    if (token) {
      if (saved.billing.kind !== 'api') throw new IpcRefusal('invalid_input', 'An API token goes with a billing API address.');
      const url = saved.billing.url;
      if (token.keep === 'session') {
        sessionToken = { url, value: token.value };
        // Kept for the session only: a token saved before for this service is forgotten.
        if (storedToken?.url === url) [savedToken, storedToken] = [null, null];
      } else {
        storedToken = { url, storage: this.options.vault.storage, sealed: this.seal(token.value) };
        savedToken = { url, value: token.value };
        sessionToken = null;
      }
    }
    const after = effectiveSettings({ saved, savedToken, sessionToken, env: this.options.env });
    const restart = !sameCore(before.core, after.core);
    if (restart && (await this.paymentOpen())) throw new IpcRefusal('payment_in_progress', 'A payment is under way: the change can be saved once it has finished.');
    this.file.write({ version: 1, settings: saved, billingToken: storedToken });
    Object.assign(this, { saved, savedToken, storedToken, sessionToken });
    this.options.log.info('settings saved', { changed: Object.keys(input), restart });
    this.options.onSaved?.(saved);
    if (restart) {
      const previous = this.current.core;
      this.unsubscribeCore();
      await previous.then((core) => core.close(), () => undefined);
      this.startCore(after.core);
      await this.current.core.catch(() => undefined);
    }
    return { settings: this.view(), restarted: restart };
  }

  private seal(token: string): string {
    try {
      return this.options.vault.seal(token);
    } catch (error) {
      throw new IpcRefusal('unavailable', `This computer can’t encrypt the token (${error instanceof Error ? error.message : String(error)}): keep it for this session only.`);
    }
  }

  private startCore(settings: CoreSettings): void {
    const started = this.options.startCore(settings);
    // A core that fails to start is said by every call it gets; here it is only logged once.
    started.core.catch((error: unknown) => this.options.log.error('the app core failed to start', { reason: error instanceof Error ? error.message : String(error) }));
    const calls = startingCore(started.core);
    this.current = { core: started.core, calls, rendererCsp: started.rendererCsp };
    this.unsubscribeCore = calls.onEvent((event) => {
      for (const listener of this.listeners) listener(event);
    });
  }

  private async diagnostics(): Promise<string> {
    const view = this.view();
    const core = await this.current.core.catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    const lines = [
      `Settle ${this.options.version}`,
      `Runtime: ${Object.entries({ electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node }).filter(([, v]) => v).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      `OS: ${osType()} ${release()} (${arch()})`,
      `Billing service: ${view.billing.kind === 'demo' ? 'demo sandbox' : new URL(view.billing.url).origin}${view.fromEnvironment.billing ? ' (set by the environment)' : ''}`,
      `API token: ${view.token}; secrets kept by: ${view.secretStorage}`,
      `Sync interval: ${view.syncIntervalMinutes} min${view.fromEnvironment.syncInterval ? ' (set by the environment)' : ''}`,
      `Data folder: ${view.dataFolder}`,
    ];
    if (typeof core === 'string') lines.push(`Core: failed to start (${core})`);
    else {
      const sizes = core.sizes();
      const lastSync = core.lastSyncAt();
      lines.push(`Cache: ${sizes.cacheBytes} bytes, ${sizes.orders} orders`, `Ledger: ${sizes.ledgerBytes} bytes`, `Last sync: ${lastSync ? new Date(lastSync).toISOString() : 'never'}`);
    }
    if (this.options.logFolder) lines.push(`Logs: ${this.options.logFolder}`);
    return lines.join('\n');
  }
}

/** The core runs on these: any change means another core. */
function sameCore(a: CoreSettings, b: CoreSettings): boolean {
  const url = (s: CoreSettings) => (s.billing.kind === 'api' ? s.billing.url : 'demo');
  return url(a) === url(b) && a.token === b.token && a.syncIntervalMs === b.syncIntervalMs;
}

import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BillingClient } from '../billing/billing-client';
import { Cache } from '../cache/cache';
import { userInfo } from 'node:os';
import { Ledger, isLedger } from '../ledger/ledger';
import { BillingApiGateway } from '../payments/payment-gateway';
import { PaymentService } from '../payments/payment-service';
import type { LedgerProblem } from '../../shared/ipc/types';
import { dispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import { createLogger, scrubbingLogger, type Logger } from '../logger';
import { SecretScrubber } from '../secret-scrubber';
import { EventHub } from '../sync/event-hub';
import { OrderFeed } from '../sync/order-feed';
import { SyncEngine } from '../sync/sync-engine';
import type { SaveFile, SaveReceiptPdf } from '../ipc/handlers';
import type { AppCore } from './app-core';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import { effectiveSettings, type CoreSettings } from '../settings/effective-settings';
import { adoptTopLevelFiles, serviceFolder } from '../settings/service-folder';
import { stripeJsUrlFromEnv, type BillingEndpoint } from './billing-endpoint';
import { deferStart } from './deferred-start';
import { startDemoSandbox, type DemoAccountKey, type DemoSandbox } from './demo-sandbox';

export interface StartSettleOptions {
  /** The app's data folder: the demo sandbox's state, and a folder per billing service. */
  readonly dataDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** The billing service and the sync interval; by default the environment's, as with no saved settings. */
  readonly settings?: CoreSettings;
  readonly version: string;
  readonly log?: Logger;
  /** The face's way to save an export (Electron's save dialog); without it exports are downloads. */
  readonly saveFile?: SaveFile;
  /** Electron: prints the page's receipt to a PDF file the clerk chooses. */
  readonly saveReceiptPdf?: SaveReceiptPdf;
  /** The built worker threads, which entry points find next to themselves. */
  readonly workers: { readonly orderFeed: URL; readonly walCheckpoint: URL };
  /** Told, early, which Stripe.js the card form loads (null: Stripe's own): the faces' CSP follows it. */
  readonly onCardFormScript?: (scriptUrl: string | null) => void;
}

const CACHE_FILE = 'settle-cache.db';
const LEDGER_FILE = 'settle-ledger.db';
/** When no page shows up (the web face before its address is opened), the background work starts anyway. */
const BACKGROUND_START_MAX_DELAY_MS = 3_000;
const DEMO_ACCOUNTS: readonly DemoAccountKey[] = ['postpaid', 'prepaid', 'large'];
const DAY_MS = 86_400_000;

function demoAccountFromEnv(env: NodeJS.ProcessEnv): DemoAccountKey {
  const wanted = env.SETTLE_DEMO_ACCOUNT ?? 'postpaid';
  const key = DEMO_ACCOUNTS.find((k) => k === wanted);
  if (!key) throw new Error(`SETTLE_DEMO_ACCOUNT must be one of ${DEMO_ACCOUNTS.join(', ')}`);
  return key;
}

/** Optional tuning, mostly for tests and demos: a positive integer or the engine's default. */
function positiveIntFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/**
 * The composition root shared by both faces: the billing API (real, or the embedded sandbox in demo
 * mode), the cache in dataDir, the sync engine and the IPC handler table.
 */
export async function startSettle(options: StartSettleOptions): Promise<AppCore> {
  const { dataDir, env, version, log: appLog = createLogger(), saveFile, saveReceiptPdf, workers, onCardFormScript } = options;
  const settings = options.settings ?? effectiveSettings({ saved: DEFAULT_SETTINGS, savedToken: null, sessionToken: null, env }).core;
  const { billing, token } = settings;
  if (billing.kind === 'api' && token === null) throw new Error(`no API token is known for ${billing.url}: enter it in Settings`);
  const folder = serviceFolder(dataDir, billing);
  mkdirSync(folder, { recursive: true });
  adoptTopLevelFiles(dataDir, folder, appLog);
  let demo: DemoSandbox | null = null;
  let endpoint: BillingEndpoint;
  if (billing.kind === 'api') endpoint = { url: billing.url, token: token! };
  else endpoint = demo = await startDemoSandbox(dataDir, demoAccountFromEnv(env));
  const stripeScriptUrl = demo ? demo.stripeJsUrl : stripeJsUrlFromEnv(env);
  onCardFormScript?.(stripeScriptUrl);
  // The one list of the app's secrets: whatever text reaches the log, the cache or a page is scrubbed of them.
  const secrets = new SecretScrubber([endpoint.token]);
  const log = scrubbingLogger(appLog, secrets);
  const opened = Ledger.open(join(folder, LEDGER_FILE), log);
  const ledger = isLedger(opened) ? opened : null;
  ledger?.audit.forgetOlderThan(Date.now() - settings.auditRetentionDays * DAY_MS);
  const cache = Cache.open(join(folder, CACHE_FILE), log, { checkpointWorker: workers.walCheckpoint, audit: ledger?.audit });
  if (cache.notice) log.warn('the order cache was rebuilt', { ...cache.notice });
  if (ledger) moveOldAuditEntries(cache, ledger);

  const events = new EventHub();
  // Off the path of the clerk's first search: after start, and after each sync that changed orders.
  const prepareSearch = () => setImmediate(() => cache.orders.prepareSearch());
  events.subscribe((event) => event.type === 'orders-changed' && prepareSearch());
  const billingApi = { baseUrl: endpoint.url, token: endpoint.token };
  const client = new BillingClient({ ...billingApi, log, scrubber: secrets });
  const feed = new OrderFeed({ workerUrl: workers.orderFeed, client: billingApi, log });
  const sync = new SyncEngine({
    client,
    feed,
    cache,
    events,
    log,
    intervalMs: settings.syncIntervalMs,
    offlineRetryMs: positiveIntFromEnv(env, 'SETTLE_OFFLINE_RETRY_MS'),
    pageSize: positiveIntFromEnv(env, 'SETTLE_SYNC_PAGE_SIZE'),
  });
  // An order set aside as unreadable is missing until fetched again: fetch it now, not in 3 minutes.
  cache.onUnreadableOrders(() => void sync.syncNow());
  const payments = new PaymentService({
    ledger,
    payingDisabled: isLedger(opened) ? null : ledgerProblemText(opened),
    gateway: new BillingApiGateway(client),
    sync,
    cache,
    events,
    log,
    osUser: osUserName(),
    stripeScriptUrl,
  });
  // Payments a crash or a lost connection left unanswered are settled at start and when the service is back.
  let wasOnline = true;
  events.subscribe((event) => {
    if (event.type !== 'sync-state') return;
    if (event.state.online && !wasOnline) void payments.reconcile().catch((error: unknown) => log.error('payment reconciliation failed', { reason: String(error) }));
    wasOnline = event.state.online;
  });
  // On two cores, the first sync, the sync thread's start and the search index's load took the
  // CPU the page needed for its first rows (spawn → rows 1.8–2.1 s; 1.2–1.4 s without them). They
  // wait until the page says its rows are on screen; on an empty cache the sync is what it waits
  // for, so they start at once.
  const background = deferStart(() => {
    sync.start();
    void payments.reconcile().catch((error: unknown) => log.error('payment reconciliation failed', { reason: String(error) }));
    void feed.warmUp();
    prepareSearch();
  }, BACKGROUND_START_MAX_DELAY_MS, (error) => log.error('the background work of start-up failed to start', { error: error instanceof Error ? error.message : String(error) }));
  if (cache.orders.count() === 0) background.now();

  const info = {
    version,
    demoMode: demo !== null,
    billingApiOrigin: new URL(endpoint.url).origin,
    cacheNotice: cache.notice,
    ledgerProblem: isLedger(opened) ? null : opened,
  };
  const handlers = createHandlers({ info, cache, sync, payments, saveFile, saveReceiptPdf, onPageShown: background.now });

  return {
    info,
    dataFolder: folder,
    dispatch: (channel, input) => dispatch(handlers, log, channel, input),
    paymentOpen: () => payments.hasOpenPayment(),
    sizes: () => ({ cacheBytes: filesSize(folder, CACHE_FILE), ledgerBytes: filesSize(folder, LEDGER_FILE), orders: cache.orders.count() }),
    lastSyncAt: () => sync.state().lastSuccessAt,
    onEvent: (listener) => events.subscribe(listener),
    async close() {
      background.cancel();
      await sync.stop();
      await feed.close();
      cache.close();
      ledger?.close();
      await demo?.close();
    },
  };
}

/** The audit log lived in the cache before the ledger existed: its entries move once, never lost. */
function moveOldAuditEntries(cache: Cache, ledger: Ledger): void {
  const entries = cache.oldAuditEntries();
  const last = entries.at(-1);
  if (!last) return;
  ledger.audit.adoptCacheEntries(entries);
  cache.forgetAuditEntries(last.id);
}

function ledgerProblemText(problem: LedgerProblem | null): string {
  const reasons = { newer_version: 'it was written by a newer version of Settle', corrupt: 'the file is damaged', migration_failed: 'this version could not update it, so the copy from before the update was put back', unopenable: 'it could not be opened' };
  const why = reasons[problem?.reason ?? 'unopenable'];
  return `Paying is disabled: the payment ledger can’t be used (${why}). It is kept as it is at ${problem?.path ?? 'its place'} for support; reviewing orders still works.`;
}

/** A database's size on disk with its -wal and -shm. */
function filesSize(folder: string, file: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (statSync(join(folder, file + suffix), { throwIfNoEntry: false })?.size ?? 0), 0);
}

/** The clerk as the operating system names them, for the Payments page's "by whom". */
function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

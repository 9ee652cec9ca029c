/**
 * The host (settings, and the core started from them) on real files against real sandboxes: a
 * switch of billing service, what is refused while a payment is open, tokens kept for a session
 * or saved, the connection test's answers, diagnostics.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { arch, release, tmpdir, type as osType } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettleHost, type SettleHostOptions } from '../../main/app/settle-host';
import type { AppCore } from '../../main/app/app-core';
import { startSettle } from '../../main/app/start-settle';
import { createMemoryLogger } from '../../main/logger';
import { FILE_VAULT, type SecretVault } from '../../main/settings/secret-vault';
import { serviceFolder } from '../../main/settings/service-folder';
import { SETTINGS_FILE } from '../../main/settings/settings-file';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { IpcResult } from '../../shared/ipc/contract';
import type { ConnectionTestResult, SaveSettingsResult, SettingsView } from '../../shared/ipc/settings-types';
import type { AccountView, AppEvent } from '../../shared/ipc/types';
import { filesUnder } from '../support/files-under';
import { SandboxControl } from '../support/sandbox-control';
import { workerUrl } from '../support/workers';

const POSTPAID = 'sbx_postpaid_demo';
const PREPAID = 'sbx_prepaid_demo';
let dir: string;
let sandbox: Sandbox;
let other: Sandbox;
const hosts: SettleHost[] = [];

const closeHosts = () => Promise.all(hosts.splice(0).map((host) => host.close()));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-host-'));
  [sandbox, other] = await Promise.all([
    startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 3, ordersPerAccount: 40, largeAccountOrders: 5 }),
    startSandbox({ dbPath: join(dir, 'other.db'), port: 0, seed: 8, ordersPerAccount: 25, largeAccountOrders: 5 }),
  ]);
});
afterEach(async () => {
  await closeHosts();
  await Promise.all([sandbox.close(), other.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function startHost(env: NodeJS.ProcessEnv = {}, vault: SecretVault = FILE_VAULT, faceOptions: Pick<SettleHostOptions, 'chooseFolder' | 'logFolder'> = {}) {
  const log = createMemoryLogger();
  const workers = { orderFeed: await workerUrl('orderFeed'), walCheckpoint: await workerUrl('walCheckpoint') };
  const dataDir = join(dir, 'app');
  // The services whose cores have been closed, in order ('demo' or the API's address).
  const closed: string[] = [];
  const closing = (core: AppCore, service: string): AppCore => ({ ...core, close: () => { closed.push(service); return core.close(); } });
  const host = new SettleHost({
    dataDir,
    env,
    version: 'test',
    log,
    vault,
    ...faceOptions,
    startCore: (settings) => ({ core: startSettle({ dataDir, env, version: 'test', log, workers, settings }).then((core) => closing(core, settings.billing.kind === 'api' ? settings.billing.url : 'demo')), rendererCsp: Promise.resolve(`default-src 'self'; connect-src ${settings.billing.kind}`) }),
  });
  hosts.push(host);
  const call = <T>(channel: string, input?: unknown) => host.dispatch(channel, input) as Promise<IpcResult<T>>;
  const value = async <T>(channel: string, input?: unknown) => {
    const result = await call<T>(channel, input);
    if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
    return result.value;
  };
  return { host, log, call, value, dataDir, closed };
}

const useApi = (url: string, token: string, keep: 'saved' | 'session' = 'saved') => ({ billing: { kind: 'api', url }, token: { value: token, keep } });

describe('switching billing services', () => {
  it('restarts the core on the new service’s own files, and the old service’s are kept', async () => {
    const { value, dataDir } = await startHost();
    await value('syncNow');
    const saved = await value<SaveSettingsResult>('saveSettings', useApi(sandbox.url, POSTPAID));
    expect(saved).toMatchObject({ restarted: true, settings: { billing: { kind: 'api', url: sandbox.url }, token: 'saved' } });
    await value('syncNow');
    const postpaid = (await new SandboxControl(sandbox.url).listedOrders(POSTPAID)).length;
    expect((await value<{ total: number }>('listOrders', {})).total).toBe(postpaid);
    expect((await value<AccountView>('getAccount')).customerId).toBe((await (await fetch(`${sandbox.url}/v1/account`, { headers: { Authorization: `Bearer ${POSTPAID}` } })).json() as { customer_id: string }).customer_id);

    await value('saveSettings', useApi(other.url, PREPAID));
    await value('syncNow');
    expect((await value<{ total: number }>('listOrders', {})).total).toBe((await new SandboxControl(other.url).listedOrders(PREPAID)).length);
    const ledgers = filesUnder(dataDir).filter((file) => file.endsWith('settle-ledger.db'));
    expect(ledgers.sort()).toEqual([serviceFolder(dataDir, { kind: 'demo' }), serviceFolder(dataDir, { kind: 'api', url: sandbox.url }), serviceFolder(dataDir, { kind: 'api', url: other.url })].map((folder) => join(folder, 'settle-ledger.db')).sort());

    // Back to the first: one token is kept at a time, so it is asked for again; its files wait for it.
    expect(await value('saveSettings', { billing: { kind: 'api', url: sandbox.url } })).toMatchObject({ settings: { token: 'none' } });
    expect(filesUnder(serviceFolder(dataDir, { kind: 'api', url: sandbox.url })).some((file) => file.endsWith('settle-cache.db'))).toBe(true);
  });

  it('refuses a change that would restart the core while a payment is open, and changes nothing', async () => {
    const { value, call, dataDir } = await startHost({ BILLING_API_URL: '', BILLING_API_TOKEN: '' });
    await value('saveSettings', useApi(sandbox.url, POSTPAID));
    await value('syncNow');
    const control = new SandboxControl(sandbox.url);
    const order = (await control.listedOrders(POSTPAID)).find((o) => o.status === 6 && o.combined_order_id === null && !o.contract_overlap && Date.parse(o.expire_time as string) > Date.now() + 3_600_000)!;
    const quote = await value<{ totals: { payable: number } }>('quotePayment', { orders: [{ orderId: order.order_id }], method: 'monthly_settlement' });
    await control.faults({ payment_processing_ms: 2_000 });
    const paying = call('payOrders', { orders: [{ orderId: order.order_id }], method: 'monthly_settlement', expectedPayable: quote.totals.payable, seen: [{ orderId: order.order_id, updateTime: Date.parse(order.update_time as string) }] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = readFileSync(join(dataDir, SETTINGS_FILE), 'utf8');
    const refused = await call('saveSettings', useApi(other.url, PREPAID));
    expect(refused).toMatchObject({ ok: false, error: { code: 'payment_in_progress', message: 'A payment is under way: the change can be saved once it has finished.' } });
    expect(readFileSync(join(dataDir, SETTINGS_FILE), 'utf8')).toBe(before);
    // What doesn't restart anything is saved meanwhile.
    expect(await call('saveSettings', { theme: 'dark' })).toMatchObject({ ok: true, value: { restarted: false, settings: { theme: 'dark' } } });
    expect(await paying).toMatchObject({ ok: true, value: { state: 'done', status: 'completed' } });
    expect(await control.charges()).toHaveLength(1);
    expect(await call('saveSettings', useApi(other.url, PREPAID))).toMatchObject({ ok: true, value: { restarted: true } });
  });
});

describe('the API token', () => {
  it('kept for the session only is never written, and is asked for again after a restart', async () => {
    const first = await startHost();
    await first.value('saveSettings', useApi(sandbox.url, POSTPAID, 'session'));
    expect((await first.value<SettingsView>('getSettings')).token).toBe('session');
    expect(await first.call('syncNow')).toMatchObject({ ok: true });
    for (const file of filesUnder(first.dataDir)) expect(readFileSync(file).includes(POSTPAID), file).toBe(false);
    await first.host.close();
    hosts.length = 0;

    const second = await startHost();
    expect((await second.value<SettingsView>('getSettings')).token).toBe('none');
    // The core can't start without it; the Settings channels still answer.
    expect(await second.call('getAppInfo')).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('no API token is known') } });
    expect(await second.call('saveSettings', { token: { value: POSTPAID, keep: 'saved' } })).toMatchObject({ ok: true, value: { restarted: true } });
    expect(await second.call('getAppInfo')).toMatchObject({ ok: true });
  });

  it('saved by a vault is stored sealed, and goes only to the address it was given for', async () => {
    const sealing: SecretVault = { storage: 'os', seal: (s) => Buffer.from(s).toString('base64'), open: (s) => Buffer.from(s, 'base64').toString() };
    const { value, dataDir } = await startHost({}, sealing);
    await value('saveSettings', useApi(sandbox.url, POSTPAID));
    const file = readFileSync(join(dataDir, SETTINGS_FILE), 'utf8');
    expect(file).not.toContain(POSTPAID);
    expect(JSON.parse(file)).toMatchObject({ billingToken: { url: sandbox.url, storage: 'os' } });
    expect(await value<SettingsView>('saveSettings', { billing: { kind: 'api', url: other.url } })).toMatchObject({ settings: { token: 'none' } });
  });

  it('sealed by the OS keychain can’t be read by the browser face: it is asked for again', async () => {
    const sealing: SecretVault = { storage: 'os', seal: (s) => `sealed:${s}`, open: (s) => s.slice(7) };
    const first = await startHost({}, sealing);
    await first.value('saveSettings', useApi(sandbox.url, POSTPAID));
    await first.host.close();
    hosts.length = 0;
    const second = await startHost({}, FILE_VAULT);
    expect((await second.value<SettingsView>('getSettings')).token).toBe('none');
    expect(second.log.lines.some((line) => line.msg.includes('stored another way'))).toBe(true);
  });
});

describe('what the environment sets', () => {
  it('wins over the saved settings and can’t be changed through them', async () => {
    const { call, value } = await startHost({ BILLING_API_URL: sandbox.url, BILLING_API_TOKEN: POSTPAID, SETTLE_SYNC_INTERVAL_MS: '600000' });
    expect(await value<SettingsView>('getSettings')).toMatchObject({ billing: { kind: 'api', url: sandbox.url }, token: 'environment', syncIntervalMinutes: 10, fromEnvironment: { billing: true, syncInterval: true } });
    expect(await call('saveSettings', { billing: { kind: 'demo' } })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('BILLING_API_URL') } });
    expect(await call('saveSettings', { syncIntervalMinutes: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('SETTLE_SYNC_INTERVAL_MS') } });
    // What the environment doesn't set is still the clerk's to change.
    expect(await call('saveSettings', { language: 'zh-CN', theme: 'dark' })).toMatchObject({ ok: true, value: { restarted: false, settings: { language: 'zh-CN', theme: 'dark' } } });
  });
});

describe('Test connection', () => {
  it('says what it found, or exactly what failed', async () => {
    const { value } = await startHost();
    const test = (url: string, token?: string) => value<ConnectionTestResult>('testConnection', token ? { url, token } : { url });
    expect(await test(sandbox.url, PREPAID)).toMatchObject({ ok: true, account: { postpaid: false }, currency: expect.stringMatching(/^[A-Z]{3}$/) });
    expect(await test(sandbox.url, 'sbx_wrong')).toMatchObject({ ok: false, problem: 'unauthorized' });
    expect(await test(sandbox.url)).toMatchObject({ ok: false, problem: 'no_token' });
    expect(await test(`${sandbox.url}/nope`, PREPAID)).toMatchObject({ ok: false, problem: 'wrong_url', detail: expect.stringContaining('HTTP 404') });
    expect(await test('http://127.0.0.1:9', PREPAID)).toMatchObject({ ok: false, problem: 'unreachable', detail: expect.stringContaining('ECONNREFUSED') });
    expect(await test('http://billing.example.com', PREPAID)).toMatchObject({ ok: false, problem: 'invalid_url' });
  });

  it('says a certificate this computer doesn’t trust is a TLS failure', async () => {
    const tls = join(import.meta.dirname, '../support/tls');
    const server = createServer({ key: readFileSync(join(tls, 'untrusted-test.key')), cert: readFileSync(join(tls, 'untrusted-test.crt')) }, (_, response) => response.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { value } = await startHost();
      const result = await value<ConnectionTestResult>('testConnection', { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, token: PREPAID });
      expect(result).toMatchObject({ ok: false, problem: 'tls', detail: expect.stringContaining('SELF_SIGNED') });
    } finally {
      server.close();
    }
  });

  it('says an error answer, a rate limit and a silence in words a clerk can pass on', async () => {
    const server = createHttpServer((request, response) => {
      if (request.url?.startsWith('/failing/')) response.writeHead(503).end('{}');
      else if (request.url?.startsWith('/busy/')) response.writeHead(429, { 'Retry-After': '30' }).end('{}');
      // Anything else is left unanswered.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { value } = await startHost();
      const test = (url: string) => value<ConnectionTestResult>('testConnection', { url, token: PREPAID });
      expect(await test(`${origin}/failing`)).toEqual({ ok: false, problem: 'server', detail: 'The billing service answered with an error (HTTP 503); try again later.' });
      expect(await test(`${origin}/busy`)).toEqual({ ok: false, problem: 'server', detail: 'The billing service answered with an error (HTTP 429); try again later.' });
      expect(await test(`${origin}/silent`)).toEqual({ ok: false, problem: 'unreachable', detail: `127.0.0.1:${(server.address() as AddressInfo).port} did not answer within 8 s.` });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  }, 20_000);

  it('says what to do in each of its own refusals', async () => {
    const { value } = await startHost();
    expect(await value('testConnection', { url: 'http://billing.example.com', token: PREPAID })).toEqual({ ok: false, problem: 'invalid_url', detail: 'The address must use https (plain http is allowed only on 127.0.0.1/localhost).' });
    expect(await value('testConnection', { url: sandbox.url })).toEqual({ ok: false, problem: 'no_token', detail: 'Enter the API token the billing service gave you.' });
    expect(await value('testConnection', { url: sandbox.url, token: 'sbx_wrong' })).toEqual({ ok: false, problem: 'unauthorized', detail: 'The billing service refused the token (HTTP 401).' });
  });

  it('uses the saved token for the saved address when none is typed', async () => {
    const { value } = await startHost();
    await value('saveSettings', useApi(sandbox.url, PREPAID));
    expect(await value<ConnectionTestResult>('testConnection', { url: `${sandbox.url}/` })).toMatchObject({ ok: true });
    expect(await value<ConnectionTestResult>('testConnection', { url: other.url })).toMatchObject({ ok: false, problem: 'no_token' });
    // Typed while an API is saved, what isn't an address is said to be none.
    expect(await value<ConnectionTestResult>('testConnection', { url: 'billing.example.com' })).toEqual({ ok: false, problem: 'invalid_url', detail: 'The address is not a URL.' });
  });
});

describe('diagnostics and the page’s errors', () => {
  it('diagnostics say versions, sizes and the last sync, and never the token', async () => {
    const { value } = await startHost();
    await value('saveSettings', useApi(sandbox.url, POSTPAID));
    await value('syncNow');
    const text = await value<string>('getDiagnostics');
    expect(text).toContain('Settle test');
    expect(text).toMatch(/Cache: \d+ bytes, \d+ orders/);
    expect(text).toMatch(/Last sync: \d{4}-\d\d-\d\dT/);
    expect(text).toContain(`Billing service: ${new URL(sandbox.url).origin}`);
    expect(text).not.toContain(POSTPAID);
  });

  it('logs an uncaught error of the page', async () => {
    const { value, log } = await startHost();
    await value('reportError', { kind: 'error', message: 'x is undefined', stack: 'at App' });
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'the page failed', meta: expect.objectContaining({ message: 'x is undefined' }) }));
  });
});

describe('the saved token across restarts', () => {
  const osVault: SecretVault = { storage: 'os', seal: (s) => `sealed:${s}`, open: (s) => s.slice(7) };
  const restart = async (vault: SecretVault) => {
    await closeHosts();
    return startHost({}, vault);
  };

  it('is read back by the vault that sealed it, and one sealed the other way is asked for again', async () => {
    for (const vault of [osVault, FILE_VAULT]) {
      const first = await startHost({}, vault);
      await first.value('saveSettings', useApi(sandbox.url, POSTPAID));
      const second = await restart(vault);
      expect((await second.value<SettingsView>('getSettings')).token).toBe('saved');
      expect(second.log.lines.filter((line) => line.msg.includes('the settings file could not be read'))).toEqual([]);
      expect(await second.call('getAppInfo')).toMatchObject({ ok: true });
      await restart(FILE_VAULT);
    }
    // The file now holds a token kept by the file vault; the desktop's keychain can't open it.
    const desktop = await restart(osVault);
    expect((await desktop.value<SettingsView>('getSettings')).token).toBe('none');
    expect(desktop.log.lines.some((line) => line.level === 'warn' && line.msg.includes('stored another way'))).toBe(true);
  });

  it('that can’t be decrypted (another user’s keychain) is asked for again, and the log says why', async () => {
    const first = await startHost({}, osVault);
    await first.value('saveSettings', useApi(sandbox.url, POSTPAID));
    const broken: SecretVault = { storage: 'os', seal: osVault.seal, open: () => { throw new Error('the key is not this user’s'); } };
    const second = await restart(broken);
    expect((await second.value<SettingsView>('getSettings')).token).toBe('none');
    expect(second.log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining('can’t be decrypted'), meta: { reason: 'the key is not this user’s' } }));
  });

  it('can’t be saved on a computer that can’t encrypt it: the save is refused, nothing written, the session is offered', async () => {
    const noKeychain: SecretVault = { storage: 'os', seal: () => { throw new Error('no keyring'); }, open: osVault.open };
    const { call, dataDir } = await startHost({}, noKeychain);
    expect(await call('saveSettings', useApi(sandbox.url, POSTPAID))).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'This computer can’t encrypt the token (no keyring): keep it for this session only.' } });
    expect(existsSync(join(dataDir, SETTINGS_FILE))).toBe(false);
    expect(await call('saveSettings', useApi(sandbox.url, POSTPAID, 'session'))).toMatchObject({ ok: true, value: { settings: { token: 'session' } } });
  });

  it('goes with a billing address: a token without one is refused', async () => {
    const { call } = await startHost();
    expect(await call('saveSettings', { token: { value: POSTPAID, keep: 'saved' } })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'An API token goes with a billing API address.' } });
  });

  it('saved for one service stays while another runs on a session token; a session token for its own service replaces it', async () => {
    const { value, dataDir } = await startHost();
    const stored = () => (JSON.parse(readFileSync(join(dataDir, SETTINGS_FILE), 'utf8')) as { billingToken: { url: string } | null }).billingToken;
    await value('saveSettings', useApi(sandbox.url, POSTPAID));
    await value('saveSettings', useApi(other.url, PREPAID, 'session'));
    expect(stored()).toMatchObject({ url: sandbox.url });
    expect(await value('saveSettings', { billing: { kind: 'api', url: sandbox.url } })).toMatchObject({ restarted: true, settings: { token: 'saved' } });
    await value('syncNow');
    expect((await value<AccountView>('getAccount')).postpaid).toBe(true);
    // Another token for the same service is another core.
    expect(await value('saveSettings', { token: { value: PREPAID, keep: 'session' } })).toMatchObject({ restarted: true, settings: { token: 'session' } });
    await value('syncNow');
    expect((await value<AccountView>('getAccount')).postpaid).toBe(false);
    // Another account behind the same address: the cache holds its orders only.
    const prepaid = (await new SandboxControl(sandbox.url).listedOrders(PREPAID)).map((order) => order.order_id).sort();
    const listed = await value<{ total: number; rows: { orderId: string }[] }>('listOrders', { limit: 500 });
    expect(listed.rows.map((row) => row.orderId).sort()).toEqual(prepaid);
    expect(stored()).toBeNull();
  });
});

describe('what restarts the core', () => {
  it('another address (even with the same token) or sync interval does; the language, the theme or the same values don’t', async () => {
    const { value, host } = await startHost();
    await value('saveSettings', useApi(sandbox.url, POSTPAID));
    expect(await value('saveSettings', useApi(other.url, POSTPAID))).toMatchObject({ restarted: true, settings: { billing: { url: other.url } } });
    const core = await host.core();
    expect(await value('saveSettings', { language: 'zh-CN', theme: 'dark' })).toMatchObject({ restarted: false });
    // The main process's own words (notifications, dialogs) follow the language at once.
    expect(host.settings()).toMatchObject({ language: 'zh-CN', theme: 'dark' });
    expect(await value('saveSettings', { syncIntervalMinutes: 3 })).toMatchObject({ restarted: false });
    expect(await host.core()).toBe(core);
    expect(await value('saveSettings', { syncIntervalMinutes: 5 })).toMatchObject({ restarted: true, settings: { syncIntervalMinutes: 5 } });
    expect(await host.core()).not.toBe(core);
    // A setting given as undefined is left as it was.
    expect(await value('saveSettings', { language: 'en', theme: undefined })).toMatchObject({ settings: { language: 'en', theme: 'dark' } });
  });
});

describe('closing cores', () => {
  it('a switch closes the core it replaces (its files, its sync), and closing the host closes the last', async () => {
    const { value, closed } = await startHost();
    await value('saveSettings', useApi(sandbox.url, POSTPAID));
    expect(closed).toEqual(['demo']);
    await value('saveSettings', { language: 'zh-CN' });
    expect(closed).toEqual(['demo']);
    await closeHosts();
    expect(closed).toEqual(['demo', sandbox.url]);
  });
});

describe('what the faces ask of the host', () => {
  it('a browser has no folder picker; the desktop’s answers; events reach a listener until it stops listening', async () => {
    const browser = await startHost();
    expect(await browser.value<SettingsView>('getSettings')).toMatchObject({ canChooseFolder: false });
    expect(await browser.call('chooseExportFolder')).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'A browser saves exports to its downloads folder.' } });
    expect(browser.host.demoMode()).toBe(true);
    expect(await browser.host.rendererCsp()).toContain('connect-src demo');
    await closeHosts();

    const desktop = await startHost({}, FILE_VAULT, { chooseFolder: () => Promise.resolve('/home/clerk/Exports') });
    expect(await desktop.value<SettingsView>('getSettings')).toMatchObject({ canChooseFolder: true });
    expect(await desktop.value('chooseExportFolder')).toBe('/home/clerk/Exports');
    const events: AppEvent[] = [];
    const stop = desktop.host.onEvent((event) => events.push(event));
    await desktop.value('saveSettings', useApi(sandbox.url, POSTPAID));
    expect(desktop.host.demoMode()).toBe(false);
    expect(await desktop.host.rendererCsp()).toContain('connect-src api');
    await desktop.value('syncNow');
    expect(events).toContainEqual(expect.objectContaining({ type: 'sync-state' }));
    stop();
    const heard = events.length;
    await desktop.value('syncNow');
    expect(events).toHaveLength(heard);
  });

  it('a settings file that can’t be read is kept aside, the log says where, and the defaults apply', async () => {
    mkdirSync(join(dir, 'app'), { recursive: true });
    writeFileSync(join(dir, 'app', SETTINGS_FILE), '{ "version": 1, "settings": { "theme": "pink" } }');
    const { value, log } = await startHost();
    expect(await value<SettingsView>('getSettings')).toMatchObject({ theme: 'system', billing: { kind: 'demo' } });
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringContaining('the settings file could not be read'), meta: expect.objectContaining({ keptAt: expect.stringContaining(`${SETTINGS_FILE}.invalid-`) }) }));
  });
});

describe('diagnostics, line by line', () => {
  it('say the runtime, the service, the token’s kind, the interval, the folders, the sizes and the last sync', async () => {
    const { value, dataDir } = await startHost({}, FILE_VAULT, { logFolder: '/var/log/settle-test' });
    await value('saveSettings', useApi(sandbox.url, POSTPAID));
    expect((await value<string>('getDiagnostics')).split('\n')).toEqual([
      'Settle test',
      `Runtime: node ${process.versions.node}`,
      `OS: ${osType()} ${release()} (${arch()})`,
      `Billing service: ${new URL(sandbox.url).origin}`,
      'API token: saved; secrets kept by: file',
      'Sync interval: 3 min',
      `Data folder: ${serviceFolder(dataDir, { kind: 'api', url: sandbox.url })}`,
      expect.stringMatching(/^Cache: \d+ bytes, \d+ orders$/),
      expect.stringMatching(/^Ledger: [1-9]\d* bytes$/),
      expect.stringMatching(/^Last sync: (never|\d{4}-\d\d-\d\dT.*Z)$/),
      'Logs: /var/log/settle-test',
    ]);
  });

  it('name each runtime of the desktop app', async () => {
    const { value } = await startHost();
    // What Electron's main process adds to process.versions, for this call only.
    const electron = { electron: '39.2.0', chrome: '142.0.7444.52' };
    for (const [name, version] of Object.entries(electron)) Object.defineProperty(process.versions, name, { value: version, configurable: true });
    try {
      expect((await value<string>('getDiagnostics')).split('\n')).toContain(`Runtime: electron 39.2.0, chrome 142.0.7444.52, node ${process.versions.node}`);
    } finally {
      for (const name of Object.keys(electron)) Reflect.deleteProperty(process.versions, name);
    }
    expect(process.versions.electron).toBeUndefined();
  });

  it('say what the environment set, the demo, and a core that failed to start', async () => {
    const fromEnv = await startHost({ BILLING_API_URL: `${sandbox.url}/`, BILLING_API_TOKEN: POSTPAID, SETTLE_SYNC_INTERVAL_MS: '600000' });
    const envText = (await fromEnv.value<string>('getDiagnostics')).split('\n');
    expect(envText).toEqual(expect.arrayContaining([`Billing service: ${new URL(sandbox.url).origin} (set by the environment)`, 'API token: environment; secrets kept by: file', 'Sync interval: 10 min (set by the environment)']));
    expect(envText.some((line) => line.startsWith('Logs:'))).toBe(false);
    await closeHosts();

    const demo = await startHost();
    expect((await demo.value<string>('getDiagnostics')).split('\n')).toEqual(expect.arrayContaining(['Billing service: demo sandbox', 'API token: none; secrets kept by: file']));
    await demo.value('saveSettings', { billing: { kind: 'api', url: sandbox.url } });
    const failed = (await demo.value<string>('getDiagnostics')).split('\n');
    expect(failed).toContainEqual(expect.stringMatching(/^Core: failed to start \(.*no API token is known.*\)$/));
    expect(failed.some((line) => line.startsWith('Cache:'))).toBe(false);
    // Every call says it; the log says it once.
    await demo.call('getAppInfo');
    expect(demo.log.lines.filter((line) => line.level === 'error' && line.msg === 'the app core failed to start')).toEqual([expect.objectContaining({ meta: { reason: expect.stringContaining('no API token is known') } })]);
  });
});

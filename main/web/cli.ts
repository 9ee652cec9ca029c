/**
 * `npm run start:web -- --port N [--data-dir DIR]`: Settle in a browser, for machines where
 * Electron can't run and for the end-to-end tests.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SettleHost } from '../app/settle-host';
import { startBuiltSettle } from '../app/starting-core';
import { createLogger } from '../logger';
import { FILE_VAULT } from '../settings/secret-vault';
import { startWebServer } from './web-server';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: { port: { type: 'string', default: '4800' }, 'data-dir': { type: 'string' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const dataDir = resolve(values['data-dir'] ?? process.env.SETTLE_DATA_DIR ?? join(homedir(), '.settle', 'web'));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

// The server listens while the core (the cache, the sync, the billing client) loads and opens, so
// that the browser fetches and starts the page meanwhile; API calls wait for the core. Settings
// live in the data folder's settings.json, readable by this user only, the token included.
let host: SettleHost;
try {
  const log = createLogger();
  host = new SettleHost({ dataDir, env: process.env, version, log, vault: FILE_VAULT, startCore: (settings) => startBuiltSettle(import.meta.url, { dataDir, env: process.env, version, log, settings }) });
} catch (error) {
  // The environment's settings are wrong (an IT roll-out's typo): nothing can fix that from the page.
  console.error(`Settle could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
// Said once, and not fatal: the Settings page is how a wrong service or a missing token is put right.
const started = host.core().catch((error: unknown) => {
  console.error(`Settle's core could not start: ${error instanceof Error ? error.message : String(error)}. Open Settings to change the billing service.`);
  return null;
});
const web = await startWebServer({ core: host, staticDir: join(root, 'out', 'renderer'), port, rendererCsp: () => host.rendererCsp() }).catch((error: unknown) => {
  const code = (error as { code?: unknown }).code;
  // What the clerk can do about it, in one line, instead of Node's stack.
  if (code === 'EADDRINUSE') console.error(`Port ${port} is already in use on 127.0.0.1: stop what uses it, or pick another with --port.`);
  else if (code === 'EACCES') console.error(`Port ${port} can't be used without more rights: pick another with --port (above 1023).`);
  else console.error(`Settle could not listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await web.close();
  await host.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

console.log(`Settle is running at ${web.launchUrl}`);
const core = await started;
if (core) console.log(core.info.demoMode ? `Demo mode: billing sandbox at ${core.info.billingApiOrigin}` : `Billing API: ${core.info.billingApiOrigin}`);
console.log(`Data folder: ${dataDir}`);

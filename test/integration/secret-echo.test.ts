import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/app-core';
import { startSettle } from '../../main/app/start-settle';
import { CsvDownload } from '../../main/ipc/handlers';
import { createLogger } from '../../main/logger';
import { MIN_SECRET_FRAGMENT } from '../../main/secret-scrubber';
import type { SyncState } from '../../shared/ipc/types';
import { filesUnder } from '../support/files-under';
import { workerUrl } from '../support/workers';

/**
 * A billing API that echoes the Authorization header in its error messages, whole or in part. The
 * token must reach none of: the log file, the cache's SQLite files, any IPC answer.
 */
const TOKEN = 'live_4f9c2a7e61b84d0c9a3f5e2d1b7c6a90';
const fragments = Array.from({ length: TOKEN.length - MIN_SECRET_FRAGMENT + 1 }, (_, i) => TOKEN.slice(i, i + MIN_SECRET_FRAGMENT));

const ACCOUNT = {
  customer_id: 'c-1',
  name: 'Echo Ltd.',
  currency: 'USD',
  country: 'US',
  postpaid: true,
  monthly_settlement_enabled: true,
  bound_mobile_masked: '+1 *** 4242',
  bound_email_masked: 'f***@example.com',
};

type Mode = 'unauthorized' | 'server-fragment' | 'orders-refused' | 'rate-limited';
let mode: Mode = 'unauthorized';
let api: Server;
let apiUrl: string;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-secret-echo-'));
  api = createServer((request, response) => {
    const echoed = request.headers.authorization ?? '';
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (mode === 'unauthorized') return reply(401, { error_code: 'CBC.0151', error_msg: `token not accepted: Authorization: ${echoed}` });
    if (mode === 'server-fragment') return reply(503, { error_code: 'CBC.5000', error_msg: `upstream failed for key …${echoed.slice(-14)} (retry later)` });
    if (mode === 'rate-limited') return reply(429, { error_code: `CBC.99008040 ${echoed}`, error_msg: 'too frequent' }, { 'Retry-After': '0' });
    if (path === '/v1/account') return reply(200, ACCOUNT);
    if (path === '/v1/service-types') return reply(200, { service_types: [{ code: 'hws.service.type.ec2', name: 'Elastic Cloud Server' }] });
    return reply(400, { error_code: 'CBC.0100', error_msg: `bad request from ${echoed.replace('Bearer ', '')}` });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
});
afterEach(async () => {
  api.closeAllConnections();
  await new Promise<void>((resolve) => api.close(() => resolve()));
});

function expectNoSecretIn(where: string, text: string): void {
  expect(text.includes(TOKEN), `${where} holds the token`).toBe(false);
  for (const fragment of fragments) expect(text.includes(fragment), `${where} holds "${fragment}"`).toBe(false);
}

describe('a billing API that echoes the token in its errors', () => {
  it('leaves no trace of it in the log file, the cache files or any IPC answer', async () => {
    const dataDir = join(dir, 'app');
    const logFile = join(dir, 'settle.log');
    const core: AppCore = await startSettle({
      dataDir,
      env: { BILLING_API_URL: apiUrl, BILLING_API_TOKEN: TOKEN },
      version: 'test',
      log: createLogger(logFile),
      workers: { orderFeed: await workerUrl('orderFeed'), walCheckpoint: await workerUrl('walCheckpoint') },
    });
    const answers: string[] = [];
    const call = async (channel: string, input: unknown) => {
      const answer = await core.dispatch(channel, input);
      // The web face streams an export's CSV into its answer: read it as the page would get it.
      if (answer.ok && answer.value instanceof CsvDownload) {
        let csv = '';
        for await (const chunk of answer.value.csv.chunks()) csv += chunk;
        answers.push(csv);
      } else answers.push(JSON.stringify(answer));
      return answer;
    };

    const errors: (string | null)[] = [];
    for (const next of ['unauthorized', 'server-fragment', 'rate-limited', 'orders-refused'] as const) {
      mode = next;
      const synced = await call('syncNow', undefined);
      expect(synced.ok).toBe(true);
      errors.push((synced.ok && (synced.value as SyncState).lastError) || null);
      await call('getSyncState', undefined);
    }
    const filter = {};
    const sort = { by: 'expire_time', dir: 'asc' };
    await call('getAppInfo', undefined);
    await call('getAccount', undefined);
    await call('listOrders', { filter, sort, offset: 0, limit: 50 });
    await call('countOrderFacets', { filter });
    await call('getOrder', { orderId: 'CS-1' });
    await call('exportOrdersCsv', { scope: 'filter', filter, sort });
    await call('pageShown', undefined);
    await core.close();

    // Each failure was recorded, and says what went wrong, with the secret cut out.
    expect(errors[0]).toMatch(/access denied by the billing API \(CBC\.0151: token not accepted: Authorization: Bearer \[redacted\]\)/);
    expect(errors[1]).toMatch(/billing API error \(CBC\.5000: upstream failed for key …\[redacted\] \(retry later\)\)/);
    expect(errors[2]).toMatch(/rate limit \(CBC\.99008040 Bearer \[redacted\]: too frequent\)/);
    expect(errors[3]).toMatch(/refused \/v1\/orders \(CBC\.0100: bad request from \[redacted\]\)/);
    for (const answer of answers) expectNoSecretIn('an IPC answer', answer);
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('[redacted]');
    expectNoSecretIn('the log file', log);
    const files = filesUnder(dataDir);
    expect(files.some((f) => f.endsWith('.db'))).toBe(true);
    for (const file of files) expectNoSecretIn(file, readFileSync(file).toString('latin1'));
  }, 60_000);
});

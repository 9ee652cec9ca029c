import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/app-core';
import { NO_CARD_FORM, rendererCsp } from '../../main/csp';

const RENDERER_CSP = rendererCsp(NO_CARD_FORM);
import { startWebServer, type WebServer } from '../../main/web/web-server';
import type { AppEvent } from '../../shared/ipc/types';

/** The web face is tested around a stand-in core that records calls; the real core has its own tests. */
function recordingCore() {
  const calls: { channel: string; input: unknown }[] = [];
  const listeners = new Set<(e: AppEvent) => void>();
  const core: AppCore = {
    info: { version: '0.0.0', demoMode: true, billingApiOrigin: 'http://127.0.0.1:1', cacheNotice: null, ledgerProblem: null },
    dataFolder: '/nowhere',
    paymentOpen: () => false,
    sizes: () => ({ cacheBytes: 0, ledgerBytes: 0, orders: 0 }),
    lastSyncAt: () => null,
    async dispatch(channel, input) {
      calls.push({ channel, input });
      return { ok: true, value: { echoed: input ?? null } };
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {},
  };
  return { core, calls, emit: (e: AppEvent) => listeners.forEach((l) => l(e)) };
}

interface RawResponse { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** node:http rather than fetch, so Host and Origin can be forged the way an attacker would. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

let server: WebServer;
let token: string;
let recorder: ReturnType<typeof recordingCore>;

beforeEach(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'settle-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Settle</title>');
  recorder = recordingCore();
  server = await startWebServer({ core: recorder.core, staticDir });
  token = new URL(server.launchUrl).searchParams.get('token')!;
});
afterEach(() => server.close());

const call = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  send(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Origin: server.origin, ...headers },
    body: JSON.stringify(body),
  });

describe('the web face', () => {
  it('listens on loopback only and prints a launch URL with a long random token', () => {
    expect(server.launchUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{40,}$/);
  });

  it('serves the renderer with the CSP and nosniff', async () => {
    const response = await send(`${server.origin}/`, {});
    expect(response.status).toBe(200);
    expect(response.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses paths that climb out of the renderer folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      expect((await send(`${server.origin}${path}`, {})).status).toBe(404);
    }
  });

  it('passes a channel call with the token to the core and returns its envelope', async () => {
    const response = await call('listOrders', { input: { offset: 0 } });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, value: { echoed: { offset: 0 } } });
    expect(recorder.calls).toEqual([{ channel: 'listOrders', input: { offset: 0 } }]);
  });

  it('turns away a missing or wrong token, another origin, another Host, and cross-site fetches', async () => {
    expect((await call('getAppInfo', {}, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await call('getAppInfo', {}, { Authorization: '' })).status).toBe(401);
    expect((await call('getAppInfo', {}, { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await call('getAppInfo', {}, { Host: 'rebound.example:80' })).status).toBe(403);
    expect((await call('getAppInfo', {}, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(recorder.calls).toHaveLength(0);
  });

  it('says in the refusal which check turned a request away', async () => {
    const refusal = async (headers: Record<string, string>) => JSON.parse((await call('getAppInfo', {}, headers)).body) as unknown;
    const because = (message: string) => ({ ok: false, error: { code: 'unavailable', message } });
    expect(await refusal({ Host: 'rebound.example:80' })).toEqual(because('forbidden-host'));
    expect(await refusal({ Origin: 'https://evil.example' })).toEqual(because('forbidden-origin'));
    expect(await refusal({ 'Sec-Fetch-Site': 'same-site' })).toEqual(because('forbidden-origin'));
    expect(await refusal({ Authorization: 'Bearer nope' })).toEqual(because('unauthorized'));
  });

  it('answers a call with no Authorization header at all, or the token under another scheme, 401', async () => {
    const noHeader = await send(`${server.origin}/api/getAppInfo`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.origin }, body: '{}' });
    expect(noHeader.status).toBe(401);
    expect(JSON.parse(noHeader.body)).toEqual({ ok: false, error: { code: 'unavailable', message: 'unauthorized' } });
    // "Digest " is as long as "Bearer ": only the Bearer scheme carries the token.
    for (const authorization of [`Digest ${token}`, token]) expect((await call('getAppInfo', {}, { Authorization: authorization })).status, authorization).toBe(401);
    expect(recorder.calls).toHaveLength(0);
  });

  it('answers garbage bodies with a clear error instead of calling the core', async () => {
    const response = await send(`${server.origin}/api/getAppInfo`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/not JSON/) } });
    expect(recorder.calls).toHaveLength(0);
  });

  it('answers a body over the limit with 413 and the typed error, then closes the connection', async () => {
    const response = await call('listOrders', { input: { filter: { search: 'x'.repeat(200 * 1024) } } });
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(response.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/larger than 64 KiB/) } });
    expect(recorder.calls).toHaveLength(0);
  });

  it('streams push events to a client holding the token', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(`${server.origin}/api/events?token=${token}`, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          if (buffer.includes('data: ')) {
            resolve(buffer);
            req.destroy();
          } else recorder.emit({ type: 'order-approved', orderId: 'CS1' });
        });
      });
      req.on('error', reject);
      req.end();
    });
    expect(await received).toContain('"orderId":"CS1"');
    expect((await send(`${server.origin}/api/events?token=wrong`, {})).status).toBe(401);
  });
});

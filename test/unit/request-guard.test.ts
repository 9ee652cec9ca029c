import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerToken, createRequestGuard } from '../../main/web/request-guard';

/** The guard's verdict on real requests, sent with the headers an attacker would forge. */
let server: Server;
let origin: string;
const token = randomBytes(32).toString('base64url');
beforeAll(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const guard = createRequestGuard(origin, token);
  server.on('request', (req, res) => res.end(guard.check(req, bearerToken(req))));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function verdict(headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`${origin}/api/getAppInfo`, { method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}
const withToken = (presented: string, headers: Record<string, string> = {}) => verdict({ Authorization: `Bearer ${presented}`, ...headers });

describe('the web face’s request guard', () => {
  it('admits the token from the page it served, or from a caller that names no origin', async () => {
    expect(await withToken(token, { Origin: origin, 'Sec-Fetch-Site': 'same-origin' })).toBe('ok');
    expect(await withToken(token)).toBe('ok');
  });

  it('refuses a wrong token of the right length, however close', async () => {
    const lastCharChanged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    const other = randomBytes(32).toString('base64url');
    for (const wrong of [lastCharChanged, other, 'x'.repeat(token.length)]) {
      expect(wrong).toHaveLength(token.length);
      expect(await withToken(wrong)).toBe('unauthorized');
    }
    expect(await withToken(`${token}x`)).toBe('unauthorized');
    expect(await withToken(token.slice(0, -1))).toBe('unauthorized');
  });

  it('refuses an Origin that merely starts like the real one', async () => {
    for (const near of [`${origin}1`, `${origin}0`, `${origin}.evil.example`, `${origin}/`, origin.replace('http:', 'https:')]) {
      expect(await withToken(token, { Origin: near }), near).toBe('forbidden-origin');
    }
  });
});

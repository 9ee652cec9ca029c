import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_CARD_FORM, rendererCsp } from '../../main/csp';

const RENDERER_CSP = rendererCsp(NO_CARD_FORM);
import { createAppProtocolHandler } from '../../main/electron/app-protocol';
import { externalLinkHosts } from '../../main/electron/external-links';
import {
  APP_ENTRY_URL,
  contentTypeFor,
  decideNavigation,
  decideWindowOpen,
  devServerOrigin,
  isAppUrl,
  isExternalUrlAllowed,
  isTrustedIpcSender,
  resolveAppRequestPath,
} from '../../main/electron/navigation-policy';

const DEV = { devServerUrl: 'http://localhost:5173' };

describe('isAppUrl', () => {
  it.each([APP_ENTRY_URL, 'app://settle/', 'app://settle', 'app://settle/assets/index-abc.js', 'APP://SETTLE/index.html', 'app://settle/index.html?x=1#top'])(
    'allows %s',
    (url) => expect(isAppUrl(url)).toBe(true),
  );

  it.each([
    'file:///etc/passwd',
    'file://settle/index.html',
    'http://settle/index.html',
    'https://settle/index.html',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'app://evil/index.html',
    'app://settle.evil.com/index.html',
    'app://user:pass@settle/index.html',
    'app://settle:8080/index.html',
    'not a url',
    '',
  ])('denies %s', (url) => expect(isAppUrl(url)).toBe(false));

  it('allows the dev server origin only when it is configured', () => {
    expect(isAppUrl('http://localhost:5173/index.html', DEV)).toBe(true);
    expect(isAppUrl('http://localhost:5174/index.html', DEV)).toBe(false);
    expect(isAppUrl('http://localhost:5173/index.html', { devServerUrl: null })).toBe(false);
  });

  it('accepts only loopback http(s) dev servers', () => {
    expect(devServerOrigin('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173');
    expect(devServerOrigin('http://example.com:5173/')).toBeNull();
    expect(devServerOrigin('file:///tmp/index.html')).toBeNull();
    expect(devServerOrigin(undefined)).toBeNull();
  });
});

describe('navigation and window.open', () => {
  const HELP = externalLinkHosts('https://billing.example.com/api');

  it('lets the app navigate within itself', () => {
    expect(decideNavigation('app://settle/index.html', {}, HELP)).toEqual({ allow: true, openExternal: null });
  });

  it('denies leaving the app, handing only the allowed help pages to the OS browser', () => {
    expect(decideNavigation('https://support.stripe.com/questions/x', {}, HELP)).toEqual({ allow: false, openExternal: 'https://support.stripe.com/questions/x' });
    expect(decideNavigation('https://billing.example.com/help', {}, HELP)).toEqual({ allow: false, openExternal: 'https://billing.example.com/help' });
    for (const url of ['https://example.com/help', 'http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://other/', 'smb://host/share', 'ms-settings:']) {
      expect(decideNavigation(url, {}, HELP)).toEqual({ allow: false, openExternal: null });
    }
  });

  it('never opens a new window', () => {
    expect(decideWindowOpen('https://stripe.com/docs', HELP)).toEqual({ allow: false, openExternal: 'https://stripe.com/docs' });
    expect(decideWindowOpen('https://example.com/', HELP)).toEqual({ allow: false, openExternal: null });
    expect(decideWindowOpen('app://settle/index.html', HELP)).toEqual({ allow: false, openExternal: null });
    expect(decideWindowOpen('http://stripe.com/', HELP)).toEqual({ allow: false, openExternal: null });
  });

  it.each([
    ['https://stripe.com/', true],
    ['HTTPS://Support.Stripe.com/a?b=c', true],
    ['https://billing.example.com/help#billing', true],
    ['http://stripe.com/', false],
    ['https://stripe.com:8443/', false],
    ['https://user:secret@stripe.com/', false],
    ['https://evil.stripe.com/', false],
    ['https://stripe.com.evil.example/', false],
    ['https://example.com/', false],
    ['file:///C:/Windows/System32/calc.exe', false],
    ['javascript:alert(1)', false],
    ['mailto:someone@example.com', false],
    ['https:', false],
    ['garbage', false],
  ])('isExternalUrlAllowed(%s) is %s', (url, allowed) => expect(isExternalUrlAllowed(url, HELP)).toBe(allowed));
});

describe('externalLinkHosts', () => {
  it('is the payment processor’s help, and the billing service’s host when a real billing API is configured', () => {
    expect([...externalLinkHosts(undefined)].sort()).toEqual(['stripe.com', 'support.stripe.com']);
    expect([...externalLinkHosts('https://Billing.Example.com:8443/v1')].sort()).toEqual(['billing.example.com', 'stripe.com', 'support.stripe.com']);
    // The demo sandbox, or a test double, on loopback http: not a help page.
    expect([...externalLinkHosts('http://127.0.0.1:4010')].sort()).toEqual(['stripe.com', 'support.stripe.com']);
    expect([...externalLinkHosts('not a url')].sort()).toEqual(['stripe.com', 'support.stripe.com']);
  });
});

describe('isTrustedIpcSender', () => {
  it('trusts only frames showing the app', () => {
    expect(isTrustedIpcSender('app://settle/index.html')).toBe(true);
    expect(isTrustedIpcSender('https://example.com/')).toBe(false);
    expect(isTrustedIpcSender('about:blank')).toBe(false);
    expect(isTrustedIpcSender(null)).toBe(false);
    expect(isTrustedIpcSender(undefined)).toBe(false);
    expect(isTrustedIpcSender('http://localhost:5173/', DEV)).toBe(true);
    expect(isTrustedIpcSender('http://localhost:5173/')).toBe(false);
  });
});

describe('resolveAppRequestPath', () => {
  const root = path.resolve('/srv/settle/out/renderer');

  it('maps app paths into the renderer build', () => {
    expect(resolveAppRequestPath('app://settle/index.html', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequestPath('app://settle/assets/index-1a2b.js?v=1#x', root)).toBe(path.join(root, 'assets', 'index-1a2b.js'));
    expect(resolveAppRequestPath('app://settle/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequestPath('app://settle', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequestPath('app://settle/assets/', root)).toBe(path.join(root, 'assets', 'index.html'));
    expect(resolveAppRequestPath('app://settle/fonts/Noto%20Sans.woff2', root)).toBe(path.join(root, 'fonts', 'Noto Sans.woff2'));
  });

  it.each([
    'app://settle/../../etc/passwd',
    'app://settle/assets/../../../etc/passwd',
    'app://settle/./index.html',
    'app://settle/%2e%2e/%2e%2e/etc/passwd',
    'app://settle/%2E%2E/secret',
    'app://settle/.%2e/secret',
    'app://settle/%2e./secret',
    'app://settle/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://settle/assets%2f..%2f..%2fsecret',
    'app://settle/..%5c..%5cwindows%5cwin.ini',
    'app://settle/..\\..\\windows\\win.ini',
    'app://settle/C:%5cWindows%5cwin.ini',
    'app://settle/C:/Windows/win.ini',
    'app://settle/index.html%00.png',
    'app://settle/%E0%A4%A',
    'app://other/index.html',
    'app://settle.evil/index.html',
    'file:///etc/passwd',
    'https://settle/index.html',
  ])('rejects %s', (url) => expect(resolveAppRequestPath(url, root)).toBeNull());

  it('contains Windows paths too', () => {
    const winRoot = 'C:\\Program Files\\Settle\\resources\\app.asar\\out\\renderer';
    expect(resolveAppRequestPath('app://settle/assets/a.js', winRoot, path.win32)).toBe(`${winRoot}\\assets\\a.js`);
    expect(resolveAppRequestPath('app://settle/..%5c..%5csecret', winRoot, path.win32)).toBeNull();
    expect(resolveAppRequestPath('app://settle/D:%5csecret', winRoot, path.win32)).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows the renderer build files and falls back to opaque bytes', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/README')).toBe('application/octet-stream');
  });
});

describe('createAppProtocolHandler', () => {
  let root: string;
  const rejected: string[] = [];

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'settle-renderer-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Settle</title>');
    writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(root), 'outside-secret.txt'), 'secret');
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(path.join(path.dirname(root), 'outside-secret.txt'), { force: true });
  });

  const handler = () => createAppProtocolHandler({ rootDir: root, onRejected: (reason) => rejected.push(reason) });

  it('serves index.html with the CSP and nosniff', async () => {
    const res = await handler()(new Request(APP_ENTRY_URL));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Settle</title>');
  });

  it('serves assets with their content type', async () => {
    const res = await handler()(new Request('app://settle/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers 404 for a missing file and for a directory', async () => {
    expect((await handler()(new Request('app://settle/nope.js'))).status).toBe(404);
    expect((await handler()({ url: 'app://settle/assets', method: 'GET' })).status).toBe(404);
  });

  it('refuses traversal before touching the disk', async () => {
    const name = path.basename(root);
    const reads: string[] = [];
    const spy = createAppProtocolHandler({ rootDir: root, readFile: async (f) => (reads.push(f), new Uint8Array()) });
    for (const url of [`app://settle/../${name}/../outside-secret.txt`, 'app://settle/%2e%2e/outside-secret.txt', 'app://settle/..%2foutside-secret.txt']) {
      const res = await spy({ url, method: 'GET' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    }
    expect(reads).toEqual([]);
  });

  it('accepts only GET and HEAD', async () => {
    expect((await handler()({ url: APP_ENTRY_URL, method: 'POST' })).status).toBe(405);
    const head = await handler()({ url: APP_ENTRY_URL, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect(rejected).toContain('method');
  });

  it('answers 500 without details when reading fails otherwise', async () => {
    const failing = createAppProtocolHandler({
      rootDir: root,
      readFile: async () => {
        throw Object.assign(new Error('EACCES: permission denied, open /secret/path'), { code: 'EACCES' });
      },
    });
    const res = await failing({ url: APP_ENTRY_URL, method: 'GET' });
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('/secret/path');
  });
});

/**
 * The URL decisions of the Electron shell, as pure functions: which URLs are the app, where the
 * window may navigate, what may open in the OS browser, which frames may call IPC, and how an
 * app:// request maps to a file. No electron import here, so vitest tests it under plain Node.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'settle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Where the app's own pages come from: always app://settle, plus the Vite dev server in development. */
export interface AppOrigins {
  /** `ELECTRON_RENDERER_URL` under `electron-vite dev`; never set in packaged builds. */
  readonly devServerUrl?: string | null;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The origin of the dev server, or null when unset or not a plain loopback http(s) URL. */
export function devServerOrigin(devServerUrl: string | null | undefined): string | null {
  if (!devServerUrl) return null;
  const url = parse(devServerUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  if (!['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return null;
  return url.origin;
}

/** True for URLs of the app itself: app://settle/… (and the dev server's origin when one is configured). */
export function isAppUrl(url: string, origins: AppOrigins = {}): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.username || parsed.password) return false;
  if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host.toLowerCase() === APP_HOST; // opaque host in Node, lowercased by Chromium
  const dev = devServerOrigin(origins.devServerUrl);
  return dev !== null && parsed.origin === dev;
}

/**
 * What may be handed to the OS browser: https:// on the default port, without credentials, to one
 * of `allowedHosts` (see external-links.ts).
 */
export function isExternalUrlAllowed(url: string, allowedHosts: ReadonlySet<string>): boolean {
  const parsed = parse(url);
  return !!parsed && parsed.protocol === 'https:' && parsed.port === '' && !parsed.username && !parsed.password && allowedHosts.has(parsed.hostname);
}

export interface NavigationDecision {
  readonly allow: boolean;
  /** When set, open this URL in the OS browser instead (the caller uses shell.openExternal). */
  readonly openExternal: string | null;
}

/**
 * will-navigate, will-frame-navigate, will-redirect, for the main frame and every subframe alike:
 * stay on the app; a link to an allowed host goes to the OS browser instead.
 */
export function decideNavigation(url: string, origins: AppOrigins, externalHosts: ReadonlySet<string>): NavigationDecision {
  if (isAppUrl(url, origins)) return { allow: true, openExternal: null };
  return { allow: false, openExternal: isExternalUrlAllowed(url, externalHosts) ? url : null };
}

/** setWindowOpenHandler: never a new Electron window; a link to an allowed host goes to the OS browser. */
export function decideWindowOpen(url: string, externalHosts: ReadonlySet<string>): NavigationDecision {
  return { allow: false, openExternal: isExternalUrlAllowed(url, externalHosts) ? url : null };
}

/**
 * IPC sender check: the frame that sent the message must be the app's own page. `frameUrl` is
 * `event.senderFrame?.url` (null when the frame is gone).
 */
export function isTrustedIpcSender(frameUrl: string | null | undefined, origins: AppOrigins = {}): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl, origins);
}

// ---------------------------------------------------------------------------------------------
// app:// request → file inside the renderer build

type PathApi = Pick<typeof path, 'resolve' | 'sep'>;

const APP_URL_PATH = /^app:\/\/settle(\/[^?#]*)?(?:[?#].*)?$/i;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_SEGMENT = /[/\\:\u0000-\u001f\u007f]/;

/**
 * Maps an app:// request URL to a file inside `rootDir` (out/renderer), or null when the URL is not
 * ours or tries to leave the root. The raw URL is checked before WHATWG normalization, so any dot
 * segment (`..`, `.`, `%2e%2e`, `.%2E`…), encoded separator (`%2f`, `%5c`), backslash, drive
 * letter or NUL is refused outright rather than quietly resolved. `/` serves index.html.
 */
export function resolveAppRequestPath(requestUrl: string, rootDir: string, pathApi: PathApi = path): string | null {
  if (requestUrl.includes('\\')) return null;
  const match = APP_URL_PATH.exec(requestUrl);
  if (!match) return null;
  const rawPath = match[1] ?? '/';

  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '.' || segment === '..' || FORBIDDEN_IN_SEGMENT.test(segment)) return null;
    segments.push(segment);
  }
  if (segments.length === 0 || rawPath.endsWith('/')) segments.push('index.html');

  const root = pathApi.resolve(rootDir);
  const file = pathApi.resolve(root, ...segments);
  return file.startsWith(root + pathApi.sep) ? file : null;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Content-Type by extension; unknown files are served as opaque bytes (with nosniff). */
export function contentTypeFor(filePath: string): string {
  const dot = filePath.lastIndexOf('.');
  const ext = dot >= 0 ? filePath.slice(dot).toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

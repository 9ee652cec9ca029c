/**
 * The app:// protocol handler: serves the renderer build (out/renderer) with the CSP as a response
 * header. Written against the fetch Request/Response globals and an injected file reader, with no
 * electron import, so it is tested under plain Node; main.ts hands it to `protocol.handle('app', …)`.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { NO_CARD_FORM, rendererCsp } from '../csp';
import { contentTypeFor, resolveAppRequestPath } from './navigation-policy';

/** The headers on every app:// response, besides its CSP. */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
};

export interface AppProtocolOptions {
  /** Absolute path of the renderer build. */
  readonly rootDir: string;
  readonly readFile?: (file: string) => Promise<Uint8Array>;
  /** Told about refused and failed requests (the URL only; app:// URLs carry no secrets). */
  readonly onRejected?: (reason: string, url: string) => void;
  /** The page's CSP (see startBuiltSettle); without a card form if not given. */
  readonly rendererCsp?: () => Promise<string>;
}

export type AppRequest = Pick<Request, 'url' | 'method'>;

const BASE_CSP = rendererCsp(NO_CARD_FORM);

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...APP_RESPONSE_HEADERS, 'Content-Security-Policy': BASE_CSP, 'Content-Type': 'text/plain; charset=utf-8' } });
}

function isMissingFile(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

export function createAppProtocolHandler(options: AppProtocolOptions): (request: AppRequest) => Promise<Response> {
  const readFile = options.readFile ?? ((file: string) => fsReadFile(file));
  const reject = (reason: string, url: string): void => options.onRejected?.(reason, url);
  const csp = options.rendererCsp ?? (() => Promise.resolve(BASE_CSP));

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      reject('method', request.url);
      return plain(405, 'Method Not Allowed');
    }
    const file = resolveAppRequestPath(request.url, options.rootDir);
    if (!file) {
      reject('path', request.url);
      return plain(400, 'Bad Request');
    }
    try {
      const body = await readFile(file);
      const headers = { ...APP_RESPONSE_HEADERS, 'Content-Security-Policy': await csp(), 'Content-Type': contentTypeFor(file) };
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
    } catch (error) {
      if (isMissingFile(error)) return plain(404, 'Not Found');
      reject('read', request.url);
      return plain(500, 'Internal Server Error');
    }
  };
}

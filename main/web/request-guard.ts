import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may call the web face's API: only the page this server handed out. The per-launch token keeps
 * other local processes out; the Host check defeats DNS rebinding; the Origin / Sec-Fetch-Site checks
 * keep other pages in the same browser out even if they guessed the port.
 */
export interface RequestGuard {
  readonly origin: string;
  check(request: IncomingMessage, presentedToken: string | null): 'ok' | 'forbidden-host' | 'forbidden-origin' | 'unauthorized';
}

export function createRequestGuard(origin: string, token: string): RequestGuard {
  const expectedHost = new URL(origin).host;
  const expectedToken = Buffer.from(token);
  const tokenMatches = (presented: string | null): boolean => {
    if (presented === null) return false;
    const given = Buffer.from(presented);
    return given.length === expectedToken.length && timingSafeEqual(given, expectedToken);
  };
  return {
    origin,
    check(request, presentedToken) {
      if (request.headers.host !== expectedHost) return 'forbidden-host';
      const requestOrigin = request.headers.origin;
      if (requestOrigin !== undefined && requestOrigin !== origin) return 'forbidden-origin';
      const fetchSite = request.headers['sec-fetch-site'];
      if (fetchSite !== undefined && fetchSite !== 'same-origin') return 'forbidden-origin';
      return tokenMatches(presentedToken) ? 'ok' : 'unauthorized';
    },
  };
}

export function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultProxy {
  readonly url: string;
  /** The cursor each request for a page of orders carried (null for a sync's first page), in order. */
  readonly orderPageCursors: (string | null)[];
  /**
   * From now on, serves `pages` more pages of orders and then answers every request for one with
   * a 503; null serves them all again.
   */
  failOrderPagesAfter(pages: number | null): void;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of the sandbox that can cut a sync off after an exact number of pages
 * have been served, which the sandbox's random faults can't promise. Everything else passes through.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const orderPageCursors: (string | null)[] = [];
  let pagesLeft: number | null = null;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (url.pathname === '/v1/orders') {
      orderPageCursors.push(url.searchParams.get('cursor') || null);
      if (pagesLeft !== null && pagesLeft <= 0) {
        res.writeHead(503, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error_code: 'CBC.5000', error_msg: 'service unavailable (fault proxy)' }));
        return;
      }
      if (pagesLeft !== null) pagesLeft -= 1;
    }
    const forwarded = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    orderPageCursors,
    failOrderPagesAfter(pages) {
      pagesLeft = pages;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossyFault {
  /** Drops the last record of every page. */
  readonly dropOneRecordPerPage?: boolean;
  /** From the (N+1)th page request on, strips the first record's order_id. */
  readonly unreadableFromRequest?: number;
}

/**
 * A billing API in front of the sandbox that loses records the ways a broken service or network
 * would: one record a page silently dropped, or one record's order id stripped. `heal()` makes it
 * pass everything through unchanged.
 */
export async function lossyBillingApi(target: string, fault: LossyFault) {
  let healed = false;
  let dropped = 0;
  const orderRequests: URLSearchParams[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', target);
    void (async () => {
      const upstream = await fetch(url, { headers: { Authorization: request.headers.authorization ?? '' } });
      let body = await upstream.text();
      if (url.pathname === '/v1/orders' && upstream.ok) {
        orderRequests.push(url.searchParams);
        const page = JSON.parse(body) as { orders: Record<string, unknown>[] };
        if (!healed && fault.dropOneRecordPerPage && page.orders.length > 0) {
          page.orders.pop();
          dropped += 1;
        }
        if (!healed && fault.unreadableFromRequest !== undefined && orderRequests.length > fault.unreadableFromRequest && page.orders[0]) delete page.orders[0].order_id;
        body = JSON.stringify(page);
      }
      response.writeHead(upstream.status, { 'Content-Type': 'application/json' });
      response.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    orderRequests,
    dropped: () => dropped,
    heal: () => {
      healed = true;
      orderRequests.length = 0;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The billing sandbox: a real HTTP server implementing the billing API contract on 127.0.0.1, with
 * its state in SQLite, seeded deterministically. The app's demo mode starts it in-process; every
 * integration and e2e test runs against it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { ErrorCode } from '../shared/billing-api/schemas';
import { HttpError, type Reply } from './http';
import { dispatch, type Route } from './router';
import { stripeCardProcessor } from './card-processor';
import { billingRoutes } from './routes-billing';
import { controlRoutes, refuseWebPages } from './routes-control';
import { authenticate } from './routes-billing';
import { paymentRoutes } from './routes-payments';
import { savingsControlRoutes, savingsRoutes } from './routes-savings';
import { DEFAULT_LARGE_ACCOUNT_ORDERS, DEFAULT_ORDERS_PER_ACCOUNT, DEFAULT_SEED } from './seed';
import { SandboxState, type DemoAccount } from './state';
import { SandboxStore } from './store';
import { stripeControlRoutes } from './stripe/control';
import { startStripeApi, type StripeApi } from './stripe/server';

export type { DemoAccount } from './state';
export { EXPIRY_SWEEP_LAG_MS } from './state';

export interface SandboxOptions {
  /** A file path (kept across restarts) or ':memory:'. */
  dbPath: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Used only when the database holds no data yet. */
  seed?: number;
  ordersPerAccount?: number;
  largeAccountOrders?: number;
  /** The port of the emulated Stripe API (sandbox/stripe/); 0 (the default) picks a free port. */
  stripePort?: number;
  /** A real Stripe account's test keys: card payments then go to Stripe itself instead of the emulation. */
  stripeKeys?: { readonly secretKey: string; readonly publishableKey: string };
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The demo accounts with their tokens, as of the last reset. */
  readonly accounts: readonly DemoAccount[];
  /** The emulated Stripe API on its own loopback port, with its test-mode keys. */
  readonly stripe: StripeApi;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** The server error code of the BSS API ("system error"). */
const SYSTEM_ERROR_CODE = 'CBC.0999';

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const store = new SandboxStore(options.dbPath);
  const state = new SandboxState(store, options.seed ?? DEFAULT_SEED, {
    ordersPerAccount: options.ordersPerAccount ?? DEFAULT_ORDERS_PER_ACCOUNT,
    largeAccountOrders: options.largeAccountOrders ?? DEFAULT_LARGE_ACCOUNT_ORDERS,
  });
  const stripe = await startStripeApi({ store: store.stripe, now: () => state.clock.now(), port: options.stripePort ?? 0 }).catch((error: unknown) => {
    store.close();
    throw error;
  });
  const cards = stripeCardProcessor(options.stripeKeys ?? { secretKey: stripe.secretKey, publishableKey: stripe.publishableKey, local: { host: HOST, port: stripe.port } });
  const payments = paymentRoutes(state, (req) => authenticate(state, req), cards);
  const billing = [...billingRoutes(state), ...savingsRoutes(state), ...payments.filter((r) => !isControl(r))];
  const control = [...controlRoutes(state), ...savingsControlRoutes(state), ...payments.filter(isControl), ...stripeControlRoutes(() => stripe, store.stripe, () => state.clock.now())];

  const server = createServer((req, res) => {
    const { port } = server.address() as AddressInfo;
    const ownOrigins = [`http://${HOST}:${port}`, `http://localhost:${port}`];
    handle(state, billing, control, ownOrigins, req, res).catch((error: unknown) => {
      console.error('billing sandbox: request failed', error);
      if (!res.headersSent) send(res, new HttpError(500, SYSTEM_ERROR_CODE, 'internal error').toReply());
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, HOST, () => resolve());
    });
  } catch (error) {
    await stripe.close();
    store.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${HOST}:${port}`,
    get accounts() {
      return state.demoAccounts();
    },
    stripe,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          void stripe.close().then(() => {
            store.close();
            resolve();
          });
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handle(
  state: SandboxState,
  billing: readonly Route[],
  control: readonly Route[],
  ownOrigins: readonly string[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  if (!isLoopbackHost(req.headers.host)) {
    // Refusing foreign Host names stops a web page from reaching the sandbox through DNS rebinding.
    send(res, new HttpError(421, ErrorCode.AccessDenied, 'the sandbox answers only to 127.0.0.1 or localhost').toReply());
    return;
  }
  state.sweepExpired();
  if (!url.pathname.startsWith('/v1/')) {
    send(
      res,
      await replyOrError(() => {
        refuseWebPages(req, ownOrigins);
        return dispatch(control, req, url);
      }),
    );
    return;
  }

  if (req.method === 'POST' && url.pathname === '/v1/payments' && state.faults.takePaymentAnswerDrop()) {
    await replyOrError(() => dispatch(billing, req, url));
    req.socket.destroy();
    return;
  }
  const fault = state.faults.decide();
  const latency = state.faults.latencyMs();
  if (latency > 0) await delay(latency);
  switch (fault.kind) {
    case 'drop':
      // A request that changes something is carried out and its answer lost: the hard case for a
      // client, which can't tell whether it took effect (a payment must then be sent again with its key).
      if (req.method !== 'GET') await replyOrError(() => dispatch(billing, req, url));
      req.socket.destroy();
      return;
    case 'error':
      send(res, new HttpError(fault.status, SYSTEM_ERROR_CODE, 'service temporarily unavailable (injected fault)').toReply());
      return;
    case 'rate_limit':
      send(res, new HttpError(429, ErrorCode.TooFrequent, 'too frequent; back off and retry', { 'retry-after': String(fault.retryAfterSeconds) }).toReply());
      return;
    case 'malformed': {
      const reply = await replyOrError(() => dispatch(billing, req, url));
      send(res, reply.status === 200 ? { ...reply, body: state.faults.corrupt(reply.body) } : reply);
      return;
    }
    case 'none':
      send(res, await replyOrError(() => dispatch(billing, req, url)));
  }
}

async function replyOrError(run: () => Reply | Promise<Reply>): Promise<Reply> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof HttpError) return error.toReply();
    throw error;
  }
}

const isControl = (route: Route): boolean => route.path.source.startsWith('^\\/sandbox');

function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && /^(127\.0\.0\.1|localhost)(:\d+)?$/i.test(host);
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(reply.body),
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(reply.body);
}

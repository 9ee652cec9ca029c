/**
 * The order feed's worker thread: fetches, parses, validates and converts sync pages, so that the
 * main thread, which owns the cache's one connection, only writes them. Started by OrderFeed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BillingApiError } from '../billing/billing-api-error';
import { BillingClient, loadAxios } from '../billing/billing-client';
import type { Logger } from '../logger';
import type { FeedFailure, FromOrderFeedWorker, OrderFeedWorkerData, ToOrderFeedWorker } from './order-feed-protocol';
import { orderPages } from './order-pages';

if (!parentPort) throw new Error('order-feed-worker runs only as a worker thread');
const port = parentPort;
const send = (message: FromOrderFeedWorker) => port.postMessage(message);

const log: Logger = {
  info: (msg, meta) => send({ type: 'log', level: 'info', msg, meta }),
  warn: (msg, meta) => send({ type: 'log', level: 'warn', msg, meta }),
  error: (msg, meta) => send({ type: 'log', level: 'error', msg, meta }),
};
const client = new BillingClient({ ...(workerData as OrderFeedWorkerData), log });

/** The one session that may send pages, and how many more it may send before one is taken. */
let current: { readonly session: number; credit: number; wake: (() => void) | null } | null = null;

port.on('message', (message: ToOrderFeedWorker) => {
  const before = current;
  if (message.type === 'start') {
    current = { session: message.session, credit: message.readAhead, wake: null };
    void run(current, message.cursor, message.limit);
  } else if (before?.session === message.session) {
    if (message.type === 'taken') before.credit += 1;
    else current = null;
  }
  // A session waiting for credit goes on, or, if it is over, ends.
  before?.wake?.();
});

async function run(session: NonNullable<typeof current>, cursor: string | null, limit: number): Promise<void> {
  const live = () => current === session;
  try {
    for await (const page of orderPages(client, cursor, limit)) {
      while (live() && session.credit === 0) {
        await new Promise<void>((resolve) => (session.wake = resolve));
        session.wake = null;
      }
      if (!live()) return;
      session.credit -= 1;
      send({ type: 'page', session: session.session, page });
    }
  } catch (error) {
    if (live()) send({ type: 'failed', session: session.session, failure: describe(error) });
  }
}

function describe(error: unknown): FeedFailure {
  if (error instanceof BillingApiError) return { kind: error.kind, message: error.message, details: { ...error.details } };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}

// Ready once its HTTP client has loaded too, so that the first page (which OrderFeed.warmUp lets
// wait for this) doesn't pay for it. A client that can't load is reported by that first page.
void loadAxios()
  .catch(() => undefined)
  .finally(() => send({ type: 'ready' }));

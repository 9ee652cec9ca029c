/** The messages between the sync (main thread) and its order feed worker. */
import type { BillingFailureKind } from '../billing/billing-api-error';
import type { BillingClientOptions } from '../billing/billing-client';
import type { PreparedPage } from './order-pages';

/** What the worker's billing client is made from: plain data, since functions can't cross threads. */
export type OrderFeedWorkerData = Pick<BillingClientOptions, 'baseUrl' | 'token' | 'timeoutMs' | 'retry'>;

export type ToOrderFeedWorker =
  /** Starts reading pages from `cursor`; any session before it is over. */
  | { readonly type: 'start'; readonly session: number; readonly cursor: string | null; readonly limit: number; readonly readAhead: number }
  /** One page of the session was taken: the worker may send one more. */
  | { readonly type: 'taken'; readonly session: number }
  | { readonly type: 'stop'; readonly session: number };

export type FeedFailure =
  | { readonly kind: BillingFailureKind; readonly message: string; readonly details: { httpStatus?: number; errorCode?: string; retryAfterMs?: number } }
  | { readonly kind: 'internal'; readonly message: string };

export type FromOrderFeedWorker =
  /** Its modules, its HTTP client's among them, are loaded: it can read pages now. */
  | { readonly type: 'ready' }
  | { readonly type: 'page'; readonly session: number; readonly page: PreparedPage }
  | { readonly type: 'failed'; readonly session: number; readonly failure: FeedFailure }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly msg: string; readonly meta?: object };

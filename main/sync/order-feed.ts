import { Worker } from 'node:worker_threads';
import { BillingApiError } from '../billing/billing-api-error';
import { BillingClient } from '../billing/billing-client';
import type { Logger } from '../logger';
import type { FeedFailure, FromOrderFeedWorker, OrderFeedWorkerData, ToOrderFeedWorker } from './order-feed-protocol';
import { orderPages, type PreparedPage } from './order-pages';

/** Where the sync reads its pages of order changes from. */
export interface OrderPageSource {
  /**
   * The pages from `cursor` on, read ahead of the consumer. Leaving the loop early (a break or a
   * throw) stops the reading. Fails with a BillingApiError, as BillingClient does.
   */
  pages(cursor: string | null, limit: number): AsyncGenerator<PreparedPage, void, undefined>;
}

export interface OrderFeedOptions {
  /** The built order-feed-worker module (out/main/order-feed-worker.js next to the entry points). */
  readonly workerUrl: URL;
  readonly client: OrderFeedWorkerData;
  readonly log: Logger;
  /** Pages the worker may prepare before the sync has taken them. */
  readonly readAhead?: number;
}

/**
 * Reads sync pages on a worker thread (order-feed-worker.ts): the HTTP, JSON parsing, validation
 * and conversion of 100k orders take as long as writing them, and on their own thread they overlap
 * with the writing instead of adding to it. The worker is started on first use and kept; one
 * reading runs at a time, a new one ending the one before. A worker that dies is replaced at the
 * next reading; one that can't start at all (a broken install, say) leaves the feed reading pages
 * on the main thread with the same code, slower but syncing.
 */
export class OrderFeed implements OrderPageSource {
  private worker: Worker | null = null;
  private ready: Promise<void> = Promise.resolve();
  private cannotStart: string | null = null;
  private inThreadClient: BillingClient | null = null;
  private sessions = 0;
  private active: { readonly session: number; readonly inbox: Inbox } | null = null;
  private readonly readAhead: number;

  constructor(private readonly options: OrderFeedOptions) {
    this.readAhead = options.readAhead ?? 2;
    // With no credit the worker could never send the first page.
    if (!Number.isInteger(this.readAhead) || this.readAhead < 1) throw new RangeError('readAhead must be a positive integer');
  }

  async *pages(cursor: string | null, limit: number): AsyncGenerator<PreparedPage, void, undefined> {
    const session = ++this.sessions;
    this.active?.inbox.fail(new Error('order feed: a newer reading took over'));
    this.active = null;
    await this.warmUp();
    const worker = this.worker;
    if (!worker) {
      this.inThreadClient ??= new BillingClient({ ...this.options.client, log: this.options.log });
      yield* orderPages(this.inThreadClient, cursor, limit);
      return;
    }
    const inbox = new Inbox();
    this.active = { session, inbox };
    // Keeps the process alive only while pages are being read.
    worker.ref();
    this.send({ type: 'start', session, cursor, limit, readAhead: this.readAhead });
    try {
      for (;;) {
        const page = await inbox.next();
        if (this.active?.session !== session) throw new Error('order feed: a newer reading took over');
        this.send({ type: 'taken', session });
        yield page;
        if (!page.hasMore) return;
      }
    } finally {
      if (this.active?.session === session) {
        this.active = null;
        this.send({ type: 'stop', session });
        this.worker?.unref();
      }
    }
  }

  /**
   * Starts the worker ahead of the first reading: loading its modules takes about 0.4 s, which
   * then overlaps with the sync's first requests (account, service types) instead of delaying its
   * first page. Resolves when the worker is ready, or has failed to start.
   */
  warmUp(): Promise<void> {
    if (this.cannotStart === null) this.startedWorker();
    return this.ready;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.active?.inbox.fail(new Error('order feed closed'));
    await worker?.terminate();
  }

  private startedWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerUrl, { workerData: this.options.client });
    let started = false;
    worker.on('message', (message: FromOrderFeedWorker) => this.receive(message));
    // Kept referenced while it starts, so that a process awaiting warmUp() waits for it; once
    // ready, it keeps the process alive only while a reading runs.
    this.ready = new Promise<void>((resolve) => {
      worker.on('message', (message: FromOrderFeedWorker) => {
        if (message.type !== 'ready') return;
        started = true;
        resolve();
      });
      worker.once('exit', () => resolve());
    }).then(() => {
      if (!this.active) worker.unref();
    });
    const lost = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      // After a message it couldn't read, the thread may still be running.
      worker.unref();
      void worker.terminate();
      if (!started) {
        this.cannotStart = reason;
        this.options.log.error('order feed worker could not start; reading sync pages on the main thread', { reason });
        return;
      }
      this.options.log.error('order feed worker stopped', { reason });
      this.active?.inbox.fail(new Error(`order feed worker stopped: ${reason}`));
    };
    worker.on('error', (error) => lost(error.message));
    worker.on('messageerror', (error) => lost(`unreadable message: ${error.message}`));
    worker.on('exit', (code) => lost(`exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private receive(message: FromOrderFeedWorker): void {
    if (message.type === 'ready') return;
    if (message.type === 'log') {
      this.options.log[message.level](message.msg, message.meta);
      return;
    }
    if (message.session !== this.active?.session) return;
    if (message.type === 'page') this.active.inbox.push(message.page);
    else this.active.inbox.fail(toError(message.failure));
  }

  private send(message: ToOrderFeedWorker): void {
    this.worker?.postMessage(message);
  }
}

function toError(failure: FeedFailure): Error {
  return failure.kind === 'internal'
    ? new Error(`order feed: ${failure.message}`)
    : new BillingApiError(failure.kind, failure.message, failure.details);
}

/** Pages in arrival order, then the failure that ended them, if any. */
class Inbox {
  private readonly pages: PreparedPage[] = [];
  private failure: Error | null = null;
  private waiting: { resolve: (page: PreparedPage) => void; reject: (error: Error) => void } | null = null;

  push(page: PreparedPage): void {
    if (this.waiting) this.take().resolve(page);
    else this.pages.push(page);
  }

  fail(error: Error): void {
    this.failure ??= error;
    if (this.waiting) this.take().reject(error);
  }

  next(): Promise<PreparedPage> {
    const page = this.pages.shift();
    if (page) return Promise.resolve(page);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private take() {
    const waiting = this.waiting!;
    this.waiting = null;
    return waiting;
  }
}

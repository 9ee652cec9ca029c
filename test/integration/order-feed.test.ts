import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillingApiError } from '../../main/billing/billing-api-error';
import { createMemoryLogger } from '../../main/logger';
import { OrderFeed } from '../../main/sync/order-feed';
import type { PreparedPage } from '../../main/sync/order-pages';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { orderFeedFor } from '../support/workers';
import { SandboxControl } from '../support/sandbox-control';

const TOKEN = 'sbx_postpaid_demo';
let sandbox: Sandbox;
let control: SandboxControl;
let feed: OrderFeed;
const log = createMemoryLogger();

beforeEach(async () => {
  sandbox = await startSandbox({ dbPath: join(mkdtempSync(join(tmpdir(), 'settle-feed-')), 'sandbox.db'), port: 0, seed: 5, ordersPerAccount: 90 });
  control = new SandboxControl(sandbox.url);
  feed = await orderFeedFor({ baseUrl: sandbox.url, token: TOKEN, retry: { maxAttempts: 6, baseDelayMs: 1, maxDelayMs: 5 } }, log);
});
afterEach(async () => {
  await feed.close();
  await sandbox.close();
});

async function readAll(pages: AsyncGenerator<PreparedPage, void, undefined>): Promise<PreparedPage[]> {
  const all: PreparedPage[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('OrderFeed: sync pages read on a worker thread', () => {
  it('brings every unpaid order once, in the cache’s shape, ending with the page that has no more', async () => {
    const pages = await readAll(feed.pages(null, 20));
    const expected = (await control.unpaidOrders(TOKEN)).map((o) => o.order_id).sort();

    expect(pages.map((p) => p.orders.map((o) => o.orderId)).flat().sort()).toEqual(expected);
    expect(pages.slice(0, -1).every((p) => p.hasMore)).toBe(true);
    expect(pages.at(-1)?.hasMore).toBe(false);
    const first = pages[0]!.orders[0]!;
    expect(typeof first.createTime).toBe('number');
    expect(JSON.parse(first.lineItems)).toEqual(expect.arrayContaining([expect.objectContaining({ line_item_id: expect.any(String) })]));
  });

  it('after a reading left early, a new one from a later cursor brings what follows it', async () => {
    const early = feed.pages(null, 20);
    const first = (await early.next()).value as PreparedPage;
    await early.return();

    const rest = await readAll(feed.pages(first.nextCursor, 20));
    const all = [first, ...rest].flatMap((p) => p.orders.map((o) => o.orderId)).sort();
    expect(all).toEqual((await control.unpaidOrders(TOKEN)).map((o) => o.order_id).sort());
  });

  it('passes the worker’s retries to the app’s log and still brings every order', async () => {
    await control.faults({ error_rate: 0.3 });
    const pages = await readAll(feed.pages(null, 15));
    await control.faults({});

    expect(log.lines.some((l) => l.level === 'warn' && l.msg === 'billing API call failed; retrying')).toBe(true);
    expect(pages.flatMap((p) => p.orders).length).toBe((await control.unpaidOrders(TOKEN)).length);
  });

  it('fails a reading with the billing client’s error when the service is gone', async () => {
    await sandbox.close();
    const failure = await readAll(feed.pages(null, 20)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(BillingApiError);
    expect(failure).toMatchObject({ kind: 'network', unreachable: true });
  });

  it('fails the reading when its worker dies, and starts a new worker for the next one', async () => {
    const reading = feed.pages(null, 20);
    await reading.next();
    await (feed as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();

    await expect(readAll(reading)).rejects.toThrow(/order feed worker stopped/);
    expect((await readAll(feed.pages(null, 20))).at(-1)?.hasMore).toBe(false);
  });

  it('ends a reading when a newer one starts: the older yields no more pages', async () => {
    const older = feed.pages(null, 10);
    await older.next();
    await new Promise((r) => setTimeout(r, 200)); // lets read-ahead pages arrive
    const newer = feed.pages(null, 10);
    const first = await newer.next();

    await expect(older.next()).rejects.toThrow(/newer reading took over/);
    expect(first.value).toMatchObject({ hasMore: true });
    await newer.return();
  });

  it('reads on the main thread, with the same code, when its worker can’t start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-feed-broken-'));
    const broken = join(dir, 'broken-worker.mjs');
    writeFileSync(broken, "throw new Error('cannot load a module');\n");
    const fallback = new OrderFeed({ workerUrl: pathToFileURL(broken), client: { baseUrl: sandbox.url, token: TOKEN }, log });

    const pages = await readAll(fallback.pages(null, 25));

    expect(pages.flatMap((p) => p.orders).length).toBe((await control.unpaidOrders(TOKEN)).length);
    expect(log.lines.some((l) => l.msg.startsWith('order feed worker could not start'))).toBe(true);
    await fallback.close();
  });

  it('refuses a read-ahead of less than one page, with which no page could ever come', () => {
    expect(() => new OrderFeed({ workerUrl: new URL('file:///unused.mjs'), client: { baseUrl: sandbox.url, token: TOKEN }, log, readAhead: 0 })).toThrow(RangeError);
  });
});


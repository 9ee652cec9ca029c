/**
 * Measures the order cache on N orders: applying a full sync in pages of 500 (into an empty cache,
 * then again over a full one), and the queries the UI makes (p50/p95 over varied inputs).
 * `npm run bench` calls `benchCacheQueries`; `tsx bench/cache-queries.ts [orders]` runs it alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Order } from '../shared/billing-api/schemas';
import { OrderStatus, OrderType } from '../shared/domain/orders';
import type { OrdersFilter, OrdersSort } from '../shared/ipc/contract';
import { Cache } from '../main/cache/cache';
import { SERVICE_TYPES, cached, randomOrders } from '../test/support/orders';

export interface SyncMeasurement {
  readonly orders: number;
  readonly ms: number;
  readonly ordersPerSecond: number;
}

export interface QueryMeasurement {
  readonly name: string;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** Rows matched, averaged over the samples, to show how selective the query was. */
  readonly meanMatches: number;
}

export interface CacheBenchResult {
  readonly orders: number;
  readonly firstSync: SyncMeasurement;
  readonly resync: SyncMeasurement;
  readonly queries: readonly QueryMeasurement[];
}

const PAGE_SIZE = 500;
const PAGE_ROWS = 50;

export function benchCacheQueries(options: { orders?: number; samples?: number; seed?: number } = {}): CacheBenchResult {
  const count = options.orders ?? 100_000;
  const samples = options.samples ?? 200;
  const orders = randomOrders(count, options.seed ?? 42);
  const dir = mkdtempSync(join(tmpdir(), 'settle-bench-'));
  const cache = Cache.open(join(dir, 'cache.db'), { warn: () => {}, info: () => {} });
  try {
    const firstSync = applyFullSync(cache, orders);
    const resync = applyFullSync(cache, orders);
    const random = seeded(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const anyId = () => pick(orders).order_id;
    const page = (filter: OrdersFilter, sort: OrdersSort, offset = 0) => () =>
      cache.orders.list({ filter, sort, offset, limit: PAGE_ROWS }).total;
    const sorts: OrdersSort[] = [
      { by: 'expire_time', dir: 'asc' },
      { by: 'create_time', dir: 'desc' },
      { by: 'amount', dir: 'desc' },
      { by: 'amount', dir: 'asc' },
    ];
    const someServiceTypes = () => [pick(SERVICE_TYPES).code, pick(SERVICE_TYPES).code];
    const someOrderTypes = () => [pick(Object.values(OrderType)), pick(Object.values(OrderType))];

    const queries: [string, () => () => number][] = [
      ['page: no filter, any sort, first pages', () => page({}, pick(sorts), PAGE_ROWS * Math.floor(random() * 5))],
      ['page: status + 2 service types, any sort', () => page({ statuses: [OrderStatus.PendingPayment], serviceTypes: someServiceTypes() }, pick(sorts))],
      ['page: all three filters, any sort', () =>
        page({ statuses: [OrderStatus.PendingPayment], serviceTypes: someServiceTypes(), orderTypes: someOrderTypes() }, pick(sorts))],
      ['page: no filter, deep offset (scroll to the middle)', () => page({}, pick(sorts), Math.floor(random() * count))],
      ['search: substring of 5', () => { const id = anyId(); const at = 4 + Math.floor(random() * (id.length - 9)); return page({ search: id.slice(at, at + 5).toLowerCase() }, pick(sorts)); }],
      ['search: whole order number', () => page({ search: anyId() }, pick(sorts))],
      ['search: prefix of 10 (creation day)', () => page({ search: anyId().slice(0, 10) }, pick(sorts))],
      ['search: 2 characters', () => page({ search: anyId().slice(-2) }, pick(sorts))],
      ['search: matches every order ("CS25")', () => page({ search: 'CS25' }, pick(sorts))],
      ['facets: no filter', () => () => cache.orders.facets({}).statuses.length],
      ['facets: status + service type + search', () => () =>
        cache.orders.facets({ statuses: [OrderStatus.PendingPayment], serviceTypes: someServiceTypes(), search: anyId().slice(6, 10) }).statuses.length],
      ['get: one order with group members', () => () => cache.orders.get(anyId())?.groupSize ?? 0],
    ];
    return {
      orders: count,
      firstSync,
      resync,
      queries: queries.map(([name, sample]) => measure(name, samples, sample)),
    };
  } finally {
    cache.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function applyFullSync(cache: Cache, orders: readonly Order[]): SyncMeasurement {
  const generation = cache.syncState.beginFullSync();
  const started = performance.now();
  for (let at = 0; at < orders.length; at += PAGE_SIZE) {
    cache.applySyncPage({
      orders: cached(orders.slice(at, at + PAGE_SIZE)),
      nextCursor: `cursor-${at}`,
      serverTime: Date.now(),
      generation,
      completesFullSync: at + PAGE_SIZE >= orders.length,
    });
  }
  const ms = performance.now() - started;
  return { orders: orders.length, ms: round(ms), ordersPerSecond: Math.round((orders.length / ms) * 1000) };
}

/** Each sample builds its own inputs, timed apart from the query, so runs don't repeat one lookup. */
export function measure(name: string, samples: number, sample: () => () => number): QueryMeasurement {
  for (let i = 0; i < 10; i++) sample()();
  const times: number[] = [];
  let matches = 0;
  for (let i = 0; i < samples; i++) {
    const run = sample();
    const started = performance.now();
    matches += run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0);
  return { name, p50Ms: at(0.5), p95Ms: at(0.95), meanMatches: Math.round(matches / samples) };
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = benchCacheQueries({ orders: Number(process.argv[2] ?? 100_000) });
  console.log(`${result.orders} orders`);
  for (const [label, s] of [['full sync, empty cache', result.firstSync], ['full sync, over a full cache', result.resync]] as const) {
    console.log(`${label}: ${s.ms} ms, ${s.ordersPerSecond} orders/s`);
  }
  console.table(result.queries);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import { OrderStatus, OrderType } from '../../shared/domain/orders';
import { Cache } from '../../main/cache/cache';
import { FEW_SEARCH_MATCHES } from '../../main/cache/orders-repository';
import { BASE_TIME, buildOrder, iso, randomOrders, thirdPartyLineItem, cached } from '../support/orders';

const DAY = 86_400_000;
const EC2 = { service_type_code: 'hws.service.type.ec2', service_type_name: 'Elastic Cloud Server' };
const EVS = { service_type_code: 'hws.service.type.ebs', service_type_name: 'Elastic Volume Service' };
const RDS = { service_type_code: 'hws.service.type.rds', service_type_name: 'Relational Database Service' };

/** Five orders whose sort keys all order them differently. */
const orders = [
  buildOrder({ order_id: 'CS2501AAA01', ...EC2, amount_after_discount: 500, create_time: iso(BASE_TIME + 3 * DAY), expire_time: iso(BASE_TIME + 9 * DAY) }),
  buildOrder({ order_id: 'CS2501BBB02', ...EVS, amount_after_discount: 300, create_time: iso(BASE_TIME + 1 * DAY), expire_time: iso(BASE_TIME + 8 * DAY), status: OrderStatus.PendingApproval }),
  buildOrder({ order_id: 'CS2502ccc03', ...EC2, amount_after_discount: 900, create_time: iso(BASE_TIME + 2 * DAY), expire_time: iso(BASE_TIME + 10 * DAY), order_type: OrderType.Renewal }),
  buildOrder({ order_id: 'CS2502DDD04', ...RDS, amount_after_discount: 100, create_time: iso(BASE_TIME + 5 * DAY), expire_time: iso(BASE_TIME + 8 * DAY), order_type: OrderType.Renewal }),
  buildOrder({ order_id: 'XB9A01', ...EC2, amount_after_discount: 500, create_time: iso(BASE_TIME + 4 * DAY), expire_time: iso(BASE_TIME + 6 * DAY), line_items: [thirdPartyLineItem()] }),
];

let cache: Cache;
beforeAll(() => {
  cache = Cache.open(':memory:', { warn: () => {}, info: () => {} });
  cache.applySyncPage({ orders: cached(orders), nextCursor: 'c', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
});
afterAll(() => cache.close());

function ids(filter: OrdersFilter, sort: OrdersSort = { by: 'expire_time', dir: 'asc' }, offset = 0, limit = 50): string[] {
  return cache.orders.list({ filter, sort, offset, limit }).rows.map((r) => r.orderId);
}

describe('OrdersRepository.list', () => {
  it('sorts by each key both ways, breaking ties by order number', () => {
    expect(ids({}, { by: 'expire_time', dir: 'asc' })).toEqual(['XB9A01', 'CS2501BBB02', 'CS2502DDD04', 'CS2501AAA01', 'CS2502ccc03']);
    expect(ids({}, { by: 'expire_time', dir: 'desc' })).toEqual(['CS2502ccc03', 'CS2501AAA01', 'CS2502DDD04', 'CS2501BBB02', 'XB9A01']);
    expect(ids({}, { by: 'create_time', dir: 'asc' })).toEqual(['CS2501BBB02', 'CS2502ccc03', 'CS2501AAA01', 'XB9A01', 'CS2502DDD04']);
    expect(ids({}, { by: 'amount', dir: 'asc' })).toEqual(['CS2502DDD04', 'CS2501BBB02', 'CS2501AAA01', 'XB9A01', 'CS2502ccc03']);
    expect(ids({}, { by: 'amount', dir: 'desc' })).toEqual(['CS2502ccc03', 'XB9A01', 'CS2501AAA01', 'CS2501BBB02', 'CS2502DDD04']);
  });

  it('pages with offset and limit and counts every match', () => {
    const page = cache.orders.list({ filter: {}, sort: { by: 'amount', dir: 'asc' }, offset: 1, limit: 2 });
    expect(page.rows.map((r) => r.orderId)).toEqual(['CS2501BBB02', 'CS2501AAA01']);
    expect(page.total).toBe(5);
    expect(cache.orders.list({ filter: {}, sort: { by: 'amount', dir: 'asc' }, offset: 10, limit: 2 })).toEqual({ rows: [], total: 5 });
  });

  it('filters by service types, order types and statuses, combined', () => {
    expect(ids({ serviceTypes: [EVS.service_type_code, RDS.service_type_code] })).toEqual(['CS2501BBB02', 'CS2502DDD04']);
    expect(ids({ orderTypes: [OrderType.Renewal] })).toEqual(['CS2502DDD04', 'CS2502ccc03']);
    expect(ids({ statuses: [OrderStatus.PendingApproval] })).toEqual(['CS2501BBB02']);
    expect(ids({ serviceTypes: [EC2.service_type_code], orderTypes: [OrderType.NewPurchase], statuses: [OrderStatus.PendingPayment] })).toEqual([
      'XB9A01',
      'CS2501AAA01',
    ]);
    expect(ids({ serviceTypes: [], orderTypes: [], statuses: [] })).toHaveLength(5);
    expect(cache.orders.list({ filter: { serviceTypes: ['hws.service.type.none'] }, sort: { by: 'amount', dir: 'asc' }, offset: 0, limit: 5 }).total).toBe(0);
  });

  it('searches order numbers by prefix and substring, ignoring case', () => {
    expect(ids({ search: 'CS2502' })).toEqual(['CS2502DDD04', 'CS2502ccc03']);
    expect(ids({ search: 'bbb0' })).toEqual(['CS2501BBB02']);
    expect(ids({ search: 'CCC03' })).toEqual(['CS2502ccc03']);
    expect(ids({ search: 'a01' })).toEqual(['XB9A01', 'CS2501AAA01']);
    expect(ids({ search: 'nothing-like-it' })).toEqual([]);
  });

  it('finds an order by number as soon as a page brings it, and not once a page takes it away', () => {
    const arriving = buildOrder({ order_id: 'CS2599NEW01', ...EC2 });
    expect(ids({ search: 'new01' })).toEqual([]);
    cache.applySyncPage({ orders: cached([arriving]), nextCursor: 'c2', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
    expect(ids({ search: 'new01' })).toEqual(['CS2599NEW01']);
    cache.applySyncPage({ orders: cached([{ ...arriving, status: OrderStatus.Cancelled }]), nextCursor: 'c3', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
    expect(ids({ search: 'new01' })).toEqual([]);
  });

  it('answers every query shape the same after more shapes than it keeps prepared', () => {
    const sorts: OrdersSort[] = [{ by: 'expire_time', dir: 'asc' }, { by: 'amount', dir: 'desc' }, { by: 'create_time', dir: 'asc' }];
    const first = ids({ serviceTypes: [EC2.service_type_code] }, sorts[0]);
    for (let padding = 0; padding < 200; padding++) {
      const unknownTypes = Array.from({ length: padding }, (_, i) => `x.${i}`);
      for (const sort of sorts) expect(ids({ serviceTypes: [...unknownTypes, EVS.service_type_code] }, sort)).toEqual(['CS2501BBB02']);
    }
    expect(ids({ serviceTypes: [EC2.service_type_code] }, sorts[0])).toEqual(first);
  });

  it('can read the order numbers ahead of a search, and skips that once the cache is closed', () => {
    const other = Cache.open(':memory:', { warn: () => {}, info: () => {} });
    other.applySyncPage({ orders: cached(orders), nextCursor: 'c', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
    other.orders.prepareSearch();
    expect(other.orders.list({ filter: { search: 'ccc' }, sort: { by: 'amount', dir: 'asc' }, offset: 0, limit: 5 }).rows.map((r) => r.orderId)).toEqual(['CS2502ccc03']);
    other.close();
    expect(() => other.orders.prepareSearch()).not.toThrow();
  });

  it('searches with one or two characters too, treating LIKE wildcards as text', () => {
    expect(ids({ search: 'xb' })).toEqual(['XB9A01']);
    expect(ids({ search: '9' })).toEqual(['XB9A01']);
    expect(ids({ search: '%' })).toEqual([]);
    expect(ids({ search: '_' })).toEqual([]);
  });

  it('combines the search with the filters and the total', () => {
    const page = cache.orders.list({ filter: { search: 'cs25', orderTypes: [OrderType.Renewal] }, sort: { by: 'amount', dir: 'desc' }, offset: 0, limit: 1 });
    expect(page).toMatchObject({ total: 2, rows: [{ orderId: 'CS2502ccc03' }] });
  });

  it('leaves out orders past their deadline when given the time', () => {
    const now = BASE_TIME + 8 * DAY;
    const page = cache.orders.list({ filter: {}, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 50 }, now);
    expect(page.rows.map((r) => r.orderId)).toEqual(['CS2501AAA01', 'CS2502ccc03']);
    expect(page.total).toBe(2);
  });

  it('returns rows as the IPC types describe them', () => {
    const [row] = cache.orders.list({ filter: { search: 'XB9A01' }, sort: { by: 'amount', dir: 'asc' }, offset: 0, limit: 1 }).rows;
    expect(row).toEqual({
      orderId: 'XB9A01',
      status: OrderStatus.PendingPayment,
      orderType: OrderType.NewPurchase,
      serviceTypeCode: EC2.service_type_code,
      serviceTypeName: EC2.service_type_name,
      officialAmount: 10_000,
      amountAfterDiscount: 500,
      currency: 'USD',
      createTime: BASE_TIME + 4 * DAY,
      updateTime: Date.parse(orders[4]!.update_time),
      expireTime: BASE_TIME + 6 * DAY,
      combinedOrderId: null,
      groupSize: 1,
      contractOverlap: false,
      thirdPartyItemCount: 1,
    });
  });
});

describe('OrdersRepository.list on more orders than a search reads by row id', () => {
  const many = randomOrders(FEW_SEARCH_MATCHES + 250, 5);
  const byAmountDesc = [...many].sort((a, b) => b.amount_after_discount - a.amount_after_discount || (a.order_id < b.order_id ? 1 : -1));
  let big: Cache;
  beforeAll(() => {
    big = Cache.open(':memory:', { warn: () => {}, info: () => {} });
    big.applySyncPage({ orders: cached(many), nextCursor: 'c', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
  });
  afterAll(() => big.close());
  const list = (filter: OrdersFilter, offset: number, limit: number) =>
    big.orders.list({ filter, sort: { by: 'amount', dir: 'desc' }, offset, limit });

  it('pages near and far with the same order and total', () => {
    for (const [offset, limit] of [[0, 50], [150, 50], [180, 40], [400, 100]] as const) {
      const page = list({}, offset, limit);
      expect(page.rows.map((r) => r.orderId)).toEqual(byAmountDesc.slice(offset, offset + limit).map((o) => o.order_id));
      expect(page.total).toBe(many.length);
    }
  });

  it('counts a search or a filter matching many, and one matching few', () => {
    const renewals = byAmountDesc.filter((o) => o.order_type === OrderType.Renewal);
    expect(list({ orderTypes: [OrderType.Renewal] }, 0, 10)).toMatchObject({ total: renewals.length });
    expect(list({ orderTypes: [OrderType.Renewal] }, 0, 10).rows.map((r) => r.orderId)).toEqual(renewals.slice(0, 10).map((o) => o.order_id));
    expect(list({ search: 'cs25' }, 10, 5).total).toBe(many.length);
    const one = many[123]!.order_id;
    expect(list({ search: one.toLowerCase() }, 0, 50)).toMatchObject({ total: 1, rows: [{ orderId: one }] });
  });
});

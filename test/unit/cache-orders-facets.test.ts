import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderStatus, OrderType } from '../../shared/domain/orders';
import { Cache } from '../../main/cache/cache';
import { BASE_TIME, buildOrder, iso, cached } from '../support/orders';

const EC2 = { service_type_code: 'hws.service.type.ec2', service_type_name: 'Elastic Cloud Server' };
const EVS = { service_type_code: 'hws.service.type.ebs', service_type_name: 'Elastic Volume Service' };
const { NewPurchase, Renewal } = OrderType;
const { PendingApproval, PendingPayment } = OrderStatus;

let cache: Cache;
beforeAll(() => {
  cache = Cache.open(':memory:', { warn: () => {}, info: () => {} });
  cache.syncState.saveServiceTypes([{ code: 'hws.service.type.rds', name: 'Relational Database Service' }]);
  const orders = [
    buildOrder({ order_id: 'CS-A1', ...EC2, order_type: NewPurchase, status: PendingPayment }),
    buildOrder({ order_id: 'CS-A2', ...EC2, order_type: NewPurchase, status: PendingApproval }),
    buildOrder({ order_id: 'CS-A3', ...EC2, order_type: Renewal, status: PendingPayment, currency: 'CNY' }),
    buildOrder({ order_id: 'CS-B1', ...EVS, order_type: Renewal, status: PendingPayment }),
    buildOrder({ order_id: 'XX-B2', ...EVS, order_type: Renewal, status: PendingPayment, expire_time: iso(BASE_TIME) }),
  ];
  cache.applySyncPage({ orders: cached(orders), nextCursor: 'c', serverTime: BASE_TIME, generation: 0, completesFullSync: false });
});
afterAll(() => cache.close());

describe('OrdersRepository.facets', () => {
  it('counts every value with no filter', () => {
    expect(cache.orders.facets({})).toEqual({
      serviceTypes: [
        { value: EC2.service_type_code, label: 'Elastic Cloud Server', count: 3 },
        { value: EVS.service_type_code, label: 'Elastic Volume Service', count: 2 },
      ],
      orderTypes: [
        { value: NewPurchase, label: '1', count: 2 },
        { value: Renewal, label: '2', count: 3 },
      ],
      statuses: [
        { value: PendingApproval, label: '1', count: 1 },
        { value: PendingPayment, label: '6', count: 4 },
      ],
      currencies: [
        { value: 'CNY', label: 'CNY', count: 1 },
        { value: 'USD', label: 'USD', count: 4 },
      ],
      expired: 0,
    });
  });

  it("counts each facet with the other facets' filters but not its own", () => {
    const facets = cache.orders.facets({ serviceTypes: [EVS.service_type_code], orderTypes: [Renewal] });

    // Service types: filtered by order type only.
    expect(facets.serviceTypes.map((f) => [f.value, f.count])).toEqual([
      [EC2.service_type_code, 1],
      [EVS.service_type_code, 2],
    ]);
    // Order types: filtered by service type only.
    expect(facets.orderTypes.map((f) => [f.value, f.count])).toEqual([[Renewal, 2]]);
    // Statuses: filtered by both.
    expect(facets.statuses.map((f) => [f.value, f.count])).toEqual([[PendingPayment, 2]]);
  });

  it('applies the search to every facet', () => {
    const facets = cache.orders.facets({ search: 'cs-a' });
    expect(facets.serviceTypes.map((f) => [f.value, f.count])).toEqual([[EC2.service_type_code, 3]]);
    expect(facets.statuses.map((f) => [f.value, f.count])).toEqual([
      [PendingApproval, 1],
      [PendingPayment, 2],
    ]);
  });

  it('keeps a selected value that matches nothing, with 0, so that it can be unticked', () => {
    const facets = cache.orders.facets({ search: 'cs-a', serviceTypes: ['hws.service.type.rds', 'hws.service.type.gone'] });
    expect(facets.serviceTypes).toEqual([
      { value: EC2.service_type_code, label: 'Elastic Cloud Server', count: 3 },
      { value: 'hws.service.type.gone', label: 'hws.service.type.gone', count: 0 },
      { value: 'hws.service.type.rds', label: 'Relational Database Service', count: 0 },
    ]);
    expect(cache.orders.facets({ search: 'cs-a', orderTypes: [Renewal, OrderType.Trial] }).orderTypes).toEqual([
      { value: NewPurchase, label: '1', count: 2 },
      { value: Renewal, label: '2', count: 1 },
      { value: OrderType.Trial, label: '13', count: 0 },
    ]);
  });

  it('leaves out orders past their deadline when given the time, and counts them apart', () => {
    const hidden = cache.orders.facets({}, { now: BASE_TIME + 1, hideExpired: true });
    expect(hidden.serviceTypes.map((f) => [f.value, f.count])).toEqual([
      [EC2.service_type_code, 3],
      [EVS.service_type_code, 1],
    ]);
    const shown = cache.orders.facets({}, { now: BASE_TIME + 1, hideExpired: false });
    const all = (f: typeof shown) => f.serviceTypes.reduce((n, c) => n + c.count, 0);
    expect(all(shown) - all(hidden)).toBe(hidden.expired);
    expect(hidden.expired).toBeGreaterThan(0);
    expect(shown.expired).toBe(hidden.expired);
    // Expired orders of other service types are not counted when a service type is filtered.
    expect(cache.orders.facets({ serviceTypes: [EVS.service_type_code] }, { now: BASE_TIME + 1, hideExpired: true }).expired).toBe(1);
    expect(cache.orders.facets({ serviceTypes: [EC2.service_type_code] }, { now: BASE_TIME + 1, hideExpired: true }).expired).toBe(0);
  });

  it('counts currencies with the other filters, and filters by currency', () => {
    const facets = cache.orders.facets({ serviceTypes: [EC2.service_type_code] });
    const ec2 = cache.orders.list({ filter: { serviceTypes: [EC2.service_type_code] }, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 50 }).rows;
    const byCurrency = new Map<string, number>();
    for (const r of ec2) byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + 1);
    expect(facets.currencies.map((f) => [f.value, f.count])).toEqual([...byCurrency].sort());
    const usd = cache.orders.list({ filter: { currencies: ['USD'] }, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 50 });
    expect(usd.rows.every((r) => r.currency === 'USD')).toBe(true);
    expect(usd.total).toBe(cache.orders.facets({}).currencies.find((f) => f.value === 'USD')?.count);
  });
});

/**
 * What a renderer may send on the orders channels (shared/ipc/orders-contract.ts): the defaults a
 * bare call gets, and the bounds past which main refuses the input before any query runs. The
 * dispatch tests send some garbage through the handlers; mutation testing found most bounds and
 * every default unpinned.
 */
import { describe, expect, it } from 'vitest';
import { CheckOrdersPayableInput, CountOrderFacetsInput, ExportOrdersInput, GetOrderInput, ListOrdersInput, OrdersFilter, OrdersSort } from '../../shared/ipc/orders-contract';

const accepts = (schema: { safeParse(input: unknown): { success: boolean } }, input: unknown) => schema.safeParse(input).success;
const DEFAULT_SORT = { by: 'expire_time', dir: 'asc' };

describe('orders contract: defaults', () => {
  it('lists the first 50 orders by deadline, soonest first, unfiltered, when nothing is given', () => {
    expect(ListOrdersInput.parse({})).toEqual({ filter: {}, sort: DEFAULT_SORT, offset: 0, limit: 50 });
    expect(CountOrderFacetsInput.parse({})).toEqual({ filter: {} });
  });

  it('exports the filtered view with the same defaults', () => {
    expect(ExportOrdersInput.parse({ scope: 'filter' })).toEqual({ scope: 'filter', filter: {}, sort: DEFAULT_SORT });
  });

  it('keeps what is given', () => {
    const input = { filter: { search: 'ecs', statuses: [6], showExpired: true }, sort: { by: 'amount', dir: 'desc' }, offset: 100, limit: 500 };
    expect(ListOrdersInput.parse(input)).toEqual(input);
    expect(CountOrderFacetsInput.parse({ filter: { currencies: ['USD'] } })).toEqual({ filter: { currencies: ['USD'] } });
  });
});

describe('orders contract: bounds', () => {
  it('pages from offset 0 to 10,000,000 and 1 to 500 rows, in whole numbers', () => {
    for (const offset of [0, 10_000_000]) expect(accepts(ListOrdersInput, { offset }), `offset ${offset}`).toBe(true);
    for (const offset of [-1, 10_000_001, 1.5]) expect(accepts(ListOrdersInput, { offset }), `offset ${offset}`).toBe(false);
    for (const limit of [1, 500]) expect(accepts(ListOrdersInput, { limit }), `limit ${limit}`).toBe(true);
    for (const limit of [0, 501, 2.5]) expect(accepts(ListOrdersInput, { limit }), `limit ${limit}`).toBe(false);
  });

  it('searches for at most 64 characters, ignoring the spaces around them', () => {
    expect(OrdersFilter.parse({ search: '  CS2611  ' })).toEqual({ search: 'CS2611' });
    expect(accepts(OrdersFilter, { search: ` ${'x'.repeat(64)} ` })).toBe(true);
    expect(accepts(OrdersFilter, { search: 'x'.repeat(65) })).toBe(false);
  });

  it('filters by up to 200 service types of 1 to 128 characters', () => {
    const codes = (n: number) => Array.from({ length: n }, (_, i) => `hws.service.type.${i}`);
    expect(accepts(OrdersFilter, { serviceTypes: ['ecs'] })).toBe(true);
    expect(accepts(OrdersFilter, { serviceTypes: codes(200) })).toBe(true);
    expect(accepts(OrdersFilter, { serviceTypes: codes(201) })).toBe(false);
    expect(accepts(OrdersFilter, { serviceTypes: ['x'.repeat(128)] })).toBe(true);
    expect(accepts(OrdersFilter, { serviceTypes: ['x'.repeat(129)] })).toBe(false);
    expect(accepts(OrdersFilter, { serviceTypes: [''] })).toBe(false);
  });

  it('filters by known order types, unpaid statuses and currency codes only', () => {
    expect(accepts(OrdersFilter, { orderTypes: [1, 2, 3, 4, 10, 11, 13, 14, 15] })).toBe(true);
    expect(accepts(OrdersFilter, { orderTypes: [5] })).toBe(false);
    expect(accepts(OrdersFilter, { orderTypes: Array.from({ length: 21 }, () => 1) })).toBe(false);
    expect(accepts(OrdersFilter, { statuses: [1, 6] })).toBe(true);
    for (const status of [3, 4, 5, 9]) expect(accepts(OrdersFilter, { statuses: [status] }), `status ${status}`).toBe(false);
    expect(accepts(OrdersFilter, { statuses: [1, 6, 1] })).toBe(false);
    expect(accepts(OrdersFilter, { currencies: ['USD', 'CNY'] })).toBe(true);
    for (const currency of ['usd', 'US', 'USDT']) expect(accepts(OrdersFilter, { currencies: [currency] }), currency).toBe(false);
    expect(accepts(OrdersFilter, { currencies: Array.from({ length: 21 }, () => 'USD') })).toBe(false);
    expect(accepts(OrdersFilter, { showExpired: 'yes' })).toBe(false);
  });

  it('sorts by deadline, creation or amount, either way', () => {
    for (const by of ['expire_time', 'create_time', 'amount']) for (const dir of ['asc', 'desc']) expect(accepts(OrdersSort, { by, dir }), `${by} ${dir}`).toBe(true);
    expect(accepts(OrdersSort, { by: 'order_id', dir: 'asc' })).toBe(false);
    expect(accepts(OrdersSort, { by: 'amount', dir: 'up' })).toBe(false);
  });

  it('refuses fields it does not know, at every level', () => {
    expect(accepts(ListOrdersInput, { filter: { search: 'a', sql: '1=1' } })).toBe(false);
    expect(accepts(ListOrdersInput, { sort: { ...DEFAULT_SORT, nulls: 'first' } })).toBe(false);
    expect(accepts(CountOrderFacetsInput, { filter: {}, offset: 0 })).toBe(false);
    expect(accepts(GetOrderInput, { orderId: 'A', withLines: true })).toBe(false);
  });

  it('names an order by an id of 1 to 64 characters', () => {
    expect(GetOrderInput.parse({ orderId: 'CS2611261200ABCDE' })).toEqual({ orderId: 'CS2611261200ABCDE' });
    expect(accepts(GetOrderInput, { orderId: 'x'.repeat(64) })).toBe(true);
    expect(accepts(GetOrderInput, { orderId: 'x'.repeat(65) })).toBe(false);
    expect(accepts(GetOrderInput, { orderId: '' })).toBe(false);
  });

  it('checks 1 to 500 orders for the checkout in one call', () => {
    const orderIds = (n: number) => Array.from({ length: n }, (_, i) => `O${i}`);
    expect(CheckOrdersPayableInput.parse({ orderIds: orderIds(1) })).toEqual({ orderIds: ['O0'] });
    expect(accepts(CheckOrdersPayableInput, { orderIds: orderIds(500) })).toBe(true);
    expect(accepts(CheckOrdersPayableInput, { orderIds: orderIds(501) })).toBe(false);
    expect(accepts(CheckOrdersPayableInput, { orderIds: [] })).toBe(false);
    expect(accepts(CheckOrdersPayableInput, { orderIds: ['x'.repeat(65)] })).toBe(false);
  });
});

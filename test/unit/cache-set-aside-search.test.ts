/**
 * A cached order found unreadable is set aside (out of the cache, remembered to be fetched again):
 * the next search by number must see the cache as it now stands, whatever pages came in between.
 * A real cache file, damaged through a second connection as a stray write would.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Cache } from '../../main/cache/cache';
import { buildOrder, cached } from '../support/orders';
import { tempCachePaths } from '../support/temp-files';

const silent = { warn: () => {}, info: () => {} };
const cachePath = tempCachePaths();
let cache: Cache | null = null;
afterEach(() => {
  cache?.close();
  cache = null;
});

describe('a search after an order was set aside', () => {
  it('finds the orders a page added since the last search, and not the one set aside', () => {
    const path = cachePath();
    const opened = Cache.open(path, silent);
    cache = opened;
    const apply = (orderIds: string[], cursor: string) =>
      opened.applySyncPage({ orders: cached(orderIds.map((id) => buildOrder({ order_id: id }))), nextCursor: cursor, serverTime: 0, generation: 0, completesFullSync: false });
    const search = (text: string) => opened.orders.list({ filter: { search: text }, sort: { by: 'expire_time', dir: 'asc' }, offset: 0, limit: 10 });

    apply(['CS-SEEN-1', 'CS-SEEN-2'], 'c1');
    expect(search('seen').rows.map((r) => r.orderId)).toEqual(['CS-SEEN-1', 'CS-SEEN-2']);
    apply(['CS-SEEN-3'], 'c2');
    const raw = new Database(path);
    raw.prepare('UPDATE orders SET currency = ? WHERE order_id = ?').run('u$d', 'CS-SEEN-1');
    raw.close();
    expect(opened.orders.get('CS-SEEN-1')).toBeNull();
    expect(opened.rejectedOrders.all().map((r) => r.orderId)).toEqual(['CS-SEEN-1']);

    expect(search('seen')).toMatchObject({ rows: [expect.objectContaining({ orderId: 'CS-SEEN-2' }), expect.objectContaining({ orderId: 'CS-SEEN-3' })], total: 2 });
  });
});

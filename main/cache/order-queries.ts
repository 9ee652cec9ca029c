import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';

/** A SQL condition over the orders table `o`, with its parameters in order. */
export interface Condition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** The trigram index needs at least three characters; shorter searches scan the order numbers. */
const TRIGRAM_LENGTH = 3;

export type FilterFacet = 'serviceTypes' | 'orderTypes' | 'statuses';

/**
 * The WHERE clause for a filter. `except` leaves one facet's own filter out, which is how each facet
 * is counted with only the other facets applied. With `now`, orders past their payment deadline are
 * left out: the service cancels them at that moment, so they are no longer owed.
 *
 * IN lists are bound as one JSON array so that the SQL text, and so the prepared statement, depends
 * only on which filters are present and not on how many values each has.
 */
export function whereClause(filter: OrdersFilter, now?: number, except?: FilterFacet): Condition {
  const parts: string[] = [];
  const params: unknown[] = [];
  const search = filter.search?.trim();
  if (search) {
    if ([...search].length >= TRIGRAM_LENGTH) {
      parts.push('o.rowid IN (SELECT rowid FROM orders_search WHERE orders_search MATCH ?)');
      params.push(`"${search.replaceAll('"', '""')}"`);
    } else {
      parts.push(`o.order_id LIKE ? ESCAPE '\\'`);
      params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
  }
  const inList = (facet: FilterFacet, column: string, values: readonly unknown[] | undefined): void => {
    if (facet === except || !values || values.length === 0) return;
    parts.push(`o.${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  inList('serviceTypes', 'service_type_code', filter.serviceTypes);
  inList('orderTypes', 'order_type', filter.orderTypes);
  inList('statuses', 'status', filter.statuses);
  if (now !== undefined) {
    parts.push('o.expire_time > ?');
    params.push(now);
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

const SORT_COLUMNS: Record<OrdersSort['by'], string> = {
  expire_time: 'expire_time',
  create_time: 'create_time',
  amount: 'amount_after_discount',
};

/**
 * The tiebreaker runs in the same direction as the key, so that each sort is one walk, forwards or
 * backwards, of an index on (key, order_id).
 */
export function orderByClause(sort: OrdersSort, table: string): string {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  return `ORDER BY ${table}.${SORT_COLUMNS[sort.by]} ${dir}, ${table}.order_id ${dir}`;
}

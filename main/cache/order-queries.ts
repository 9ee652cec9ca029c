import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';

/** The FROM and WHERE clauses of a query on the orders table `o`, with their parameters in order. */
export interface Condition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export interface ConditionOptions {
  /** Leaves out orders past their payment deadline: the service cancels them at that moment. */
  readonly now?: number;
  /** Only the orders past their payment deadline at this time (the count behind "Show expired"). */
  readonly expiredBy?: number;
  /**
   * Keeps the facet filters from using an index, so that a page is read by walking the sort
   * key's covering index, which holds the filter columns too: its cost is bounded by how far the
   * page is, whereas a filter index followed by a sort costs as much as the filter matches.
   */
  readonly walkSortIndex?: boolean;
  /**
   * The orders the search matches, when they are few and known (see OrderNumberIndex): they are
   * then read by row id and sorted, instead of testing the search on every index entry.
   */
  readonly searchMatches?: readonly number[] | null;
}

/**
 * FROM and WHERE for the search and the facet filters. IN lists are written out, one parameter per
 * value: tested on every index entry a page walks, they cost half what a json_each() list does.
 *
 * A search whose matches aren't given is a substring match, which no B-tree can seek, so it is
 * tested on index entries: every index that a page or a count reads holds order_id, so no row is
 * read to test it, and a page walking its sort key's index stops at its last row. That is cheap
 * when many orders match, which is when the matches aren't given. A trigram index was tried and
 * dropped: order numbers share long substrings (the date digits), so a short search matched
 * thousands of orders that then all had to be fetched and sorted.
 */
export function whereClause(filter: OrdersFilter, options: ConditionOptions = {}): Condition {
  const parts: string[] = [];
  const params: unknown[] = [];
  let from = 'FROM orders o';
  const search = filter.search?.trim();
  if (search && options.searchMatches) {
    // CROSS JOIN keeps the matches outermost: one row id lookup each, however the filters look.
    from = 'FROM json_each(?) AS matched CROSS JOIN orders o ON o.rowid = matched.value';
    params.push(JSON.stringify(options.searchMatches));
  } else if (search) {
    // LIKE ignores ASCII case, as order numbers need; % and _ typed by the user are literal.
    parts.push(`o.order_id LIKE ? ESCAPE '\\'`);
    params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const column = (name: string) => (options.walkSortIndex ? `+o.${name}` : `o.${name}`);
  const inList = (name: string, values: readonly unknown[] | undefined): void => {
    if (!values || values.length === 0) return;
    parts.push(`${column(name)} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('service_type_code', filter.serviceTypes);
  inList('order_type', filter.orderTypes);
  inList('status', filter.statuses);
  inList('currency', filter.currencies);
  if (options.now !== undefined) {
    parts.push(`${column('expire_time')} > ?`);
    params.push(options.now);
  }
  if (options.expiredBy !== undefined) {
    parts.push(`${column('expire_time')} <= ?`);
    params.push(options.expiredBy);
  }
  return { sql: parts.length > 0 ? `${from} WHERE ${parts.join(' AND ')}` : from, params };
}

const SORT_COLUMNS: Record<OrdersSort['by'], string> = {
  expire_time: 'expire_time',
  create_time: 'create_time',
  amount: 'amount_after_discount',
};

/**
 * The tiebreaker runs in the same direction as the key, so that each sort is one walk, forwards or
 * backwards, of an index on (key, order_id). Amounts are compared within a currency only: the
 * currency leads, in the same direction, as it does in the amount index.
 */
export function orderByClause(sort: OrdersSort): string {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  const currency = sort.by === 'amount' ? `o.currency ${dir}, ` : '';
  return `ORDER BY ${currency}o.${SORT_COLUMNS[sort.by]} ${dir}, o.order_id ${dir}`;
}

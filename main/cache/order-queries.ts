import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';

/** A SQL condition over the orders table `o`, with its parameters in order. */
export interface Condition {
  readonly sql: string;
  readonly params: readonly unknown[];
}

export interface ConditionOptions {
  /** Leaves out orders past their payment deadline: the service cancels them at that moment. */
  readonly now?: number;
  /**
   * Keeps the facet filters from using an index, so that a page is read by walking the sort
   * key's covering index, which holds the filter columns too: its cost is bounded by how far the
   * page is, whereas a filter index followed by a sort costs as much as the filter matches.
   */
  readonly walkSortIndex?: boolean;
}

/**
 * The WHERE clause for the search and the facet filters. IN lists are bound as one JSON array so
 * that the SQL text, and so the prepared statement, depends only on which filters are present and
 * not on how many values each has.
 *
 * The search is a substring match, which no B-tree can seek, so it is tested on index entries:
 * every index that a page or a count reads holds order_id, so no row is read to test it, and a
 * page walking its sort key's index stops at its last row however many orders match. A trigram
 * index was tried and dropped: order numbers share long substrings (the date digits), so a short
 * search matched thousands of orders that then all had to be fetched and sorted.
 */
export function whereClause(filter: OrdersFilter, options: ConditionOptions = {}): Condition {
  const parts: string[] = [];
  const params: unknown[] = [];
  const search = filter.search?.trim();
  if (search) {
    // LIKE ignores ASCII case, as order numbers need; % and _ typed by the user are literal.
    parts.push(`o.order_id LIKE ? ESCAPE '\\'`);
    params.push(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  const column = (name: string) => (options.walkSortIndex ? `+o.${name}` : `o.${name}`);
  const inList = (name: string, values: readonly unknown[] | undefined): void => {
    if (!values || values.length === 0) return;
    parts.push(`${column(name)} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  inList('service_type_code', filter.serviceTypes);
  inList('order_type', filter.orderTypes);
  inList('status', filter.statuses);
  if (options.now !== undefined) {
    parts.push(`${column('expire_time')} > ?`);
    params.push(options.now);
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
export function orderByClause(sort: OrdersSort): string {
  const dir = sort.dir === 'desc' ? 'DESC' : 'ASC';
  return `ORDER BY o.${SORT_COLUMNS[sort.by]} ${dir}, o.order_id ${dir}`;
}

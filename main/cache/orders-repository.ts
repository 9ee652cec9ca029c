import type { Database, Statement } from 'better-sqlite3';
import { OrderStatus, type OrderStatusCode, type OrderTypeCode } from '../../shared/domain/orders';
import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import type { FacetCount, OrderDetail, OrderFacets, OrderListPage, OrderRow } from '../../shared/ipc/types';
import { OrderNumberIndex } from './order-number-index';
import { orderByClause, whereClause, type ConditionOptions } from './order-queries';
import { ORDER_ROW_SELECT, UnreadableOrderRecord, toOrderLineItems, toOrderRow, type OrderRecord } from './order-records';

/** Drops unreadable cached orders and has them fetched again by id; see Cache. */
export type SetAside = (unreadable: readonly UnreadableOrderRecord[]) => void;

/**
 * Raised by an export that met orders it could not read: they were set aside to be fetched again,
 * and an export without them would silently leave them out.
 */
export class UnreadableOrdersError extends Error {
  constructor(readonly count: number) {
    super(`${count} cached order(s) could not be read; they are fetched again at the next sync. Export again after it.`);
  }
}

export interface OrdersQuery {
  readonly filter: OrdersFilter;
  readonly sort: OrdersSort;
  readonly offset: number;
  readonly limit: number;
}

/**
 * Up to this many search matches are read by row id and sorted; more are found by walking the sort
 * key's index, where they are dense enough for a page to end early. Sorting 1000 rows takes about
 * as long as walking the index for the 50 of a page when 1 order in 100 matches.
 */
export const FEW_SEARCH_MATCHES = 1000;

const MAX_STATEMENTS = 500;

/** Orders counted per combination of the four facet values. */
interface FacetCell {
  serviceType: string;
  orderType: OrderTypeCode;
  status: OrderStatusCode;
  currency: string;
  count: number;
}

/** Reads the cached orders; only `Cache.applySyncPage` writes them. */
export class OrdersRepository {
  /**
   * Prepared statements by SQL text. A query's text depends on its filters' shape, including how
   * many values each IN list has, not on the values: a few hundred shapes at most in practice,
   * and the least recently used are dropped past MAX_STATEMENTS.
   */
  private readonly statements = new Map<string, Statement>();
  private readonly sql;
  private readonly orderNumbers: OrderNumberIndex;

  /** `orderIdsVersion` moves when orders are added or removed; see SyncPageWriter. */
  constructor(
    private readonly db: Database,
    orderIdsVersion: () => number,
    private readonly setAside: SetAside,
  ) {
    this.orderNumbers = new OrderNumberIndex(db, orderIdsVersion);
    this.sql = {
      byId: db.prepare<[string], OrderRecord & { line_items: string }>(`SELECT ${ORDER_ROW_SELECT}, o.line_items FROM orders o WHERE o.order_id = ?`),
      groupMembersOf: db.prepare<[string, string], OrderRecord>(
        `SELECT ${ORDER_ROW_SELECT} FROM orders o WHERE o.combined_order_id = ? AND o.order_id <> ? ORDER BY o.order_id`,
      ),
      byIds: db.prepare<[string], OrderRecord>(`SELECT ${ORDER_ROW_SELECT} FROM orders o WHERE o.order_id IN (SELECT value FROM json_each(?))`),
      withGroups: db.prepare<{ ids: string }, OrderRecord>(
        `SELECT ${ORDER_ROW_SELECT} FROM orders o
         WHERE o.order_id IN (SELECT value FROM json_each(:ids))
            OR o.combined_order_id IN (SELECT g.combined_order_id FROM orders g WHERE g.order_id IN (SELECT value FROM json_each(:ids)))`,
      ),
      total: db.prepare<[], number>('SELECT count(*) FROM orders').pluck(),
      pendingApproval: db.prepare<[], number>(`SELECT count(*) FROM orders WHERE status = ${OrderStatus.PendingApproval}`).pluck(),
      cachedServiceTypeName: db.prepare<[string], string>('SELECT service_type_name FROM orders WHERE service_type_code = ? LIMIT 1').pluck(),
      listedServiceTypeName: db.prepare<[string], string>('SELECT name FROM service_types WHERE code = ?').pluck(),
    };
  }

  /**
   * The page's row ids are chosen first, by walking the sort key's index, which holds every
   * filtered column and order_id, or from the few orders a search matches, so that only the rows
   * shown are read in full and the group size subquery runs once per row shown, not once per
   * matching order. The total is a count over the narrowest covering index or over those matches;
   * for a search alone, it is the number of matches.
   */
  list(q: OrdersQuery, now?: number): OrderListPage {
    const search = this.search(q.filter);
    const where = whereClause(q.filter, { now, walkSortIndex: true, searchMatches: search?.few });
    const ids = this.statement(`SELECT o.rowid ${where.sql} ${orderByClause(q.sort)} LIMIT ? OFFSET ?`)
      .pluck()
      .all(...where.params, q.limit, q.offset) as number[];
    const rows = this.readable(this.rowsOf(ids));
    // The unreadable rows are gone now: read the page again, so that it is full and its total true.
    if (rows === null) return this.list(q, now);
    const searchAlone = search !== null && now === undefined && !hasFacetFilter(q.filter);
    const total = searchAlone ? search.count : this.countMatching(q.filter, { now, searchMatches: search?.few });
    return { rows, total };
  }

  /**
   * Reads the order numbers a search tests into memory now (about 50 ms for 100k), at a moment no
   * one waits on, instead of in the first search after the orders changed.
   */
  prepareSearch(): void {
    // Scheduled ahead, it may come after the app closed the cache.
    if (this.db.open) this.orderNumbers.current();
  }

  /**
   * Every matching order, in the list's order, read one row at a time (a CSV export of 100k).
   * Consume it without awaiting in between: while it is open the connection can't write, so a
   * sync page would fail. Its statement is its own, since an open iterator keeps it busy.
   */
  iterate(filter: OrdersFilter, sort: OrdersSort, now?: number): IterableIterator<OrderRow> {
    const where = whereClause(filter, { now, walkSortIndex: true });
    const records = this.db
      .prepare<unknown[], OrderRecord>(`SELECT ${ORDER_ROW_SELECT} ${where.sql} ${orderByClause(sort)}`)
      .iterate(...where.params);
    const setAside = this.setAside;
    return (function* () {
      const unreadable: UnreadableOrderRecord[] = [];
      for (const record of records) {
        try {
          yield toOrderRow(record);
        } catch (error) {
          if (!(error instanceof UnreadableOrderRecord)) throw error;
          unreadable.push(error);
        }
      }
      // Only now is the connection free to write.
      if (unreadable.length > 0) {
        setAside(unreadable);
        throw new UnreadableOrdersError(unreadable.length);
      }
    })();
  }

  /** The cached orders among `ids`, in no particular order; each once, unknown ids and unreadable orders skipped. */
  byIds(ids: readonly string[]): OrderRow[] {
    return this.readable(this.sql.byIds.all(JSON.stringify(ids))) ?? this.byIds(ids);
  }

  /** The cached orders among `ids` and every member of their combined purchases, each once, in no particular order. */
  withGroups(ids: readonly string[]): OrderRow[] {
    return this.readable(this.sql.withGroups.all({ ids: JSON.stringify(ids) })) ?? this.withGroups(ids);
  }

  /** The rows, or null when some were unreadable: those are set aside, and the caller reads again. */
  private readable(records: readonly OrderRecord[]): OrderRow[] | null {
    const rows: OrderRow[] = [];
    const unreadable: UnreadableOrderRecord[] = [];
    for (const record of records) {
      try {
        rows.push(toOrderRow(record));
      } catch (error) {
        if (!(error instanceof UnreadableOrderRecord)) throw error;
        unreadable.push(error);
      }
    }
    if (unreadable.length === 0) return rows;
    this.setAside(unreadable);
    return null;
  }

  private countMatching(filter: OrdersFilter, options: ConditionOptions): number {
    const where = whereClause(filter, options);
    return this.statement(`SELECT count(*) ${where.sql}`).pluck().get(...where.params) as number;
  }

  /** How many orders the search matches, and their row ids when they are few; null without a search. */
  private search(filter: OrdersFilter): { count: number; few: number[] | null } | null {
    const text = filter.search?.trim();
    if (!text) return null;
    const matches = this.orderNumbers.matching(text);
    return { count: matches.length, few: matches.length <= FEW_SEARCH_MATCHES ? matches : null };
  }

  /** The rows in the order of `ids`; CROSS JOIN keeps the ids outermost, so each row is one rowid lookup. */
  private rowsOf(ids: readonly number[]): OrderRecord[] {
    return this.statement(
      `SELECT ${ORDER_ROW_SELECT} FROM json_each(?) AS page CROSS JOIN orders o ON o.rowid = page.value ORDER BY page.key`,
    ).all(JSON.stringify(ids)) as OrderRecord[];
  }

  /**
   * Standard faceted search: each facet is counted with the search and the other facets' filters,
   * not its own, so the counts say what ticking one more value would add. All four come from one
   * count per combination of values (a few hundred at most) read off the service type index. A
   * selected value that no longer matches anything is still listed, with 0, so it can be unticked.
   * With `clock`, orders past their deadline at `clock.now` are counted apart, and left out of the
   * facets when hidden.
   */
  facets(filter: OrdersFilter, clock?: { readonly now: number; readonly hideExpired: boolean }): OrderFacets {
    const searchMatches = this.search(filter)?.few;
    const where = whereClause({ search: filter.search }, { now: clock?.hideExpired ? clock.now : undefined, searchMatches });
    const cells = this.statement(
      `SELECT o.service_type_code AS serviceType, o.order_type AS orderType, o.status AS status, o.currency AS currency, count(*) AS count
       ${where.sql} GROUP BY 1, 2, 3, 4`,
    ).all(...where.params) as FacetCell[];
    const selected = (values: readonly unknown[] | undefined) => (v: unknown) => !values || values.length === 0 || values.includes(v);
    const tests = {
      serviceType: (c: FacetCell) => selected(filter.serviceTypes)(c.serviceType),
      orderType: (c: FacetCell) => selected(filter.orderTypes)(c.orderType),
      status: (c: FacetCell) => selected(filter.statuses)(c.status),
      currency: (c: FacetCell) => selected(filter.currencies)(c.currency),
    };
    const allBut = (facet: keyof typeof tests) => cells.filter((c) => Object.entries(tests).every(([name, test]) => name === facet || test(c)));

    const serviceTypes = countBy(allBut('serviceType'), (c) => c.serviceType, filter.serviceTypes)
      .map(({ value, count }) => ({ value, count, label: this.serviceTypeName(value) }))
      .sort((a, b) => a.label.localeCompare(b.label) || a.value.localeCompare(b.value));
    const orderTypes = countBy(allBut('orderType'), (c) => c.orderType, filter.orderTypes)
      .map(({ value, count }) => ({ value, count, label: String(value) }))
      .sort((a, b) => a.value - b.value);
    const statuses = countBy(allBut('status'), (c) => c.status, filter.statuses)
      .map(({ value, count }) => ({ value, count, label: String(value) }))
      .sort((a, b) => a.value - b.value);
    const currencies = countBy(allBut('currency'), (c) => c.currency, filter.currencies)
      .map(({ value, count }) => ({ value, count, label: value }))
      .sort((a, b) => a.value.localeCompare(b.value));
    const expired = clock ? this.countMatching(filter, { expiredBy: clock.now, searchMatches }) : 0;
    return { serviceTypes, orderTypes, statuses, currencies, expired };
  }

  /** Null for an order not cached, or one that was unreadable and is now set aside to be fetched again. */
  get(orderId: string): OrderDetail | null {
    const record = this.sql.byId.get(orderId);
    if (!record) return null;
    let order: OrderDetail;
    try {
      order = { ...toOrderRow(record), lineItems: toOrderLineItems(orderId, record.line_items), groupMembers: [] };
    } catch (error) {
      if (!(error instanceof UnreadableOrderRecord)) throw error;
      this.setAside([error]);
      return null;
    }
    const members = record.combined_order_id === null ? [] : this.sql.groupMembersOf.all(record.combined_order_id, orderId);
    const groupMembers = this.readable(members);
    // A member set aside leaves the group: read the order again, with its group as it now stands.
    return groupMembers === null ? this.get(orderId) : { ...order, groupMembers };
  }

  count(): number {
    return this.sql.total.get() ?? 0;
  }

  pendingApprovalCount(): number {
    return this.sql.pendingApproval.get() ?? 0;
  }

  /** The name the orders carry; for a selected type no order has any more, the listed name. */
  private serviceTypeName(code: string): string {
    return this.sql.cachedServiceTypeName.get(code) ?? this.sql.listedServiceTypeName.get(code) ?? code;
  }

  private statement(sql: string): Statement {
    const statement = this.statements.get(sql) ?? this.db.prepare(sql);
    // Re-inserted, so the Map's order is from least to most recently used.
    this.statements.delete(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
    return statement;
  }
}

function hasFacetFilter(filter: OrdersFilter): boolean {
  return [filter.serviceTypes, filter.orderTypes, filter.statuses, filter.currencies].some((values) => values !== undefined && values.length > 0);
}

/** Sums cell counts per value; values in `alsoList` that no cell has are listed with 0. */
function countBy<V>(cells: readonly FacetCell[], value: (c: FacetCell) => V, alsoList: readonly V[] | undefined): Omit<FacetCount<V>, 'label'>[] {
  const counts = new Map<V, number>((alsoList ?? []).map((v) => [v, 0]));
  for (const cell of cells) counts.set(value(cell), (counts.get(value(cell)) ?? 0) + cell.count);
  return [...counts].map(([v, count]) => ({ value: v, count }));
}

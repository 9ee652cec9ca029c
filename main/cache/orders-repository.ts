import type { Database, Statement } from 'better-sqlite3';
import type { OrderStatusCode, OrderTypeCode } from '../../shared/domain/orders';
import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import type { FacetCount, OrderDetail, OrderFacets, OrderListPage } from '../../shared/ipc/types';
import { orderByClause, whereClause, type FilterFacet } from './order-queries';
import { ORDER_ROW_SELECT, toOrderLineItems, toOrderRow, type OrderRecord } from './order-records';

export interface OrdersQuery {
  readonly filter: OrdersFilter;
  readonly sort: OrdersSort;
  readonly offset: number;
  readonly limit: number;
}

interface FacetRecord {
  value: string | number;
  label: string;
  count: number;
}

/** Reads the cached orders; only `Cache.applySyncPage` writes them. */
export class OrdersRepository {
  /** One prepared statement per query shape: a filter's shape, not its values, decides the SQL. */
  private readonly statements = new Map<string, Statement>();
  private readonly byId: Statement<[string], OrderRecord & { line_items: string }>;
  private readonly groupMembersOf: Statement<[string, string], OrderRecord>;
  private readonly total: Statement<[], number>;
  private readonly serviceTypeName: Statement<[string], string>;

  constructor(private readonly db: Database) {
    this.byId = db.prepare(`SELECT ${ORDER_ROW_SELECT}, o.line_items FROM orders o WHERE o.order_id = ?`);
    this.groupMembersOf = db.prepare(
      `SELECT ${ORDER_ROW_SELECT} FROM orders o WHERE o.combined_order_id = ? AND o.order_id <> ? ORDER BY o.order_id`,
    );
    this.total = db.prepare<[], number>('SELECT count(*) FROM orders').pluck();
    this.serviceTypeName = db.prepare<[string], string>('SELECT name FROM service_types WHERE code = ?').pluck();
  }

  /**
   * The page's row ids are chosen first, from an index, and only those rows are then read in full,
   * so the group size subquery runs 50 times and not once per matching order.
   */
  list(q: OrdersQuery, now?: number): OrderListPage {
    const where = whereClause(q.filter, now);
    const rows = this.statement(
      `SELECT ${ORDER_ROW_SELECT} FROM (
         SELECT o.rowid AS rid FROM orders o ${where.sql} ${orderByClause(q.sort, 'o')} LIMIT ? OFFSET ?
       ) AS page JOIN orders o ON o.rowid = page.rid
       ${orderByClause(q.sort, 'o')}`,
    ).all(...where.params, q.limit, q.offset) as OrderRecord[];
    const total = this.statement(`SELECT count(*) AS n FROM orders o ${where.sql}`).get(...where.params) as { n: number };
    return { rows: rows.map(toOrderRow), total: total.n };
  }

  /**
   * Standard faceted search: each facet is counted with the search and the other facets' filters,
   * not its own, so the counts say what ticking one more value would add. A selected value that no
   * longer matches anything is still listed, with 0, so that it can be unticked.
   */
  facets(filter: OrdersFilter, now?: number): OrderFacets {
    const serviceTypes = this.facet(filter, now, 'serviceTypes', 'service_type_code', 'max(o.service_type_name)');
    const orderTypes = this.facet(filter, now, 'orderTypes', 'order_type', 'o.order_type');
    const statuses = this.facet(filter, now, 'statuses', 'status', 'o.status');
    return {
      serviceTypes: withSelected(serviceTypes as FacetCount<string>[], filter.serviceTypes, (code) => this.serviceTypeName.get(code) ?? code)
        .sort((a, b) => a.label.localeCompare(b.label) || a.value.localeCompare(b.value)),
      orderTypes: withSelected(orderTypes.map(numericFacet<OrderTypeCode>), filter.orderTypes, String).sort((a, b) => a.value - b.value),
      statuses: withSelected(statuses.map(numericFacet<OrderStatusCode>), filter.statuses, String).sort((a, b) => a.value - b.value),
    };
  }

  get(orderId: string): OrderDetail | null {
    const record = this.byId.get(orderId);
    if (!record) return null;
    const groupMembers = record.combined_order_id === null ? [] : this.groupMembersOf.all(record.combined_order_id, orderId);
    return { ...toOrderRow(record), lineItems: toOrderLineItems(record.line_items), groupMembers: groupMembers.map(toOrderRow) };
  }

  count(): number {
    return this.total.get() ?? 0;
  }

  private facet(filter: OrdersFilter, now: number | undefined, facet: FilterFacet, column: string, label: string): FacetRecord[] {
    const where = whereClause(filter, now, facet);
    return this.statement(
      `SELECT o.${column} AS value, ${label} AS label, count(*) AS count FROM orders o ${where.sql} GROUP BY o.${column}`,
    ).all(...where.params) as FacetRecord[];
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function numericFacet<V extends number>(r: FacetRecord): FacetCount<V> {
  return { value: r.value as V, label: String(r.value), count: r.count };
}

function withSelected<V extends string | number>(
  counts: FacetCount<V>[],
  selected: readonly V[] | undefined,
  label: (value: V) => string,
): FacetCount<V>[] {
  const missing = [...new Set(selected)].filter((v) => !counts.some((c) => c.value === v));
  return [...counts, ...missing.map((value) => ({ value, label: label(value), count: 0 }))];
}

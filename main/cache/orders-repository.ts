import type { Database, Statement } from 'better-sqlite3';
import type { OrderStatusCode, OrderTypeCode } from '../../shared/domain/orders';
import type { OrdersFilter, OrdersSort } from '../../shared/ipc/contract';
import type { FacetCount, OrderDetail, OrderFacets, OrderListPage } from '../../shared/ipc/types';
import type { BulkLoad } from './bulk-load';
import { orderByClause, whereClause } from './order-queries';
import { ORDER_ROW_SELECT, toOrderLineItems, toOrderRow, type OrderRecord } from './order-records';

export interface OrdersQuery {
  readonly filter: OrdersFilter;
  readonly sort: OrdersSort;
  readonly offset: number;
  readonly limit: number;
}

/** Orders counted per combination of the three facet values. */
interface FacetCell {
  serviceType: string;
  orderType: OrderTypeCode;
  status: OrderStatusCode;
  count: number;
}

/** Reads the cached orders; only `Cache.applySyncPage` writes them. */
export class OrdersRepository {
  /** One prepared statement per query shape: a filter's shape, not its values, decides the SQL. */
  private readonly statements = new Map<string, Statement>();
  private readonly sql;

  constructor(
    private readonly db: Database,
    private readonly bulkLoad: BulkLoad,
  ) {
    this.sql = {
      byId: db.prepare<[string], OrderRecord & { line_items: string }>(`SELECT ${ORDER_ROW_SELECT}, o.line_items FROM orders o WHERE o.order_id = ?`),
      groupMembersOf: db.prepare<[string, string], OrderRecord>(
        `SELECT ${ORDER_ROW_SELECT} FROM orders o WHERE o.combined_order_id = ? AND o.order_id <> ? ORDER BY o.order_id`,
      ),
      total: db.prepare<[], number>('SELECT count(*) FROM orders').pluck(),
      cachedServiceTypeName: db.prepare<[string], string>('SELECT service_type_name FROM orders WHERE service_type_code = ? LIMIT 1').pluck(),
      listedServiceTypeName: db.prepare<[string], string>('SELECT name FROM service_types WHERE code = ?').pluck(),
    };
  }

  /**
   * The page's row ids are chosen first, from an index, and only those rows are then read in full,
   * so the group size subquery runs once per row shown and not once per matching order. CROSS JOIN
   * pins that join order: with the limit a bound parameter, the planner would otherwise walk all
   * orders and probe the page.
   */
  list(q: OrdersQuery, now?: number): OrderListPage {
    const searchIndexReady = !this.bulkLoad.active;
    const page = whereClause(q.filter, { now, searchIndexReady, walkSortIndex: true });
    const rows = this.statement(
      `SELECT ${ORDER_ROW_SELECT} FROM (
         SELECT o.rowid AS rid FROM orders o ${page.sql} ${orderByClause(q.sort)} LIMIT ? OFFSET ?
       ) AS page CROSS JOIN orders o ON o.rowid = page.rid
       ${orderByClause(q.sort)}`,
    ).all(...page.params, q.limit, q.offset) as OrderRecord[];
    const matching = whereClause(q.filter, { now, searchIndexReady });
    const total = this.statement(`SELECT count(*) AS n FROM orders o ${matching.sql}`).get(...matching.params) as { n: number };
    return { rows: rows.map(toOrderRow), total: total.n };
  }

  /**
   * Standard faceted search: each facet is counted with the search and the other facets' filters,
   * not its own, so the counts say what ticking one more value would add. All three come from one
   * count per combination of values (a few hundred at most) read off the service type index. A
   * selected value that no longer matches anything is still listed, with 0, so it can be unticked.
   */
  facets(filter: OrdersFilter, now?: number): OrderFacets {
    const where = whereClause({ search: filter.search }, { now, searchIndexReady: !this.bulkLoad.active });
    const cells = this.statement(
      `SELECT o.service_type_code AS serviceType, o.order_type AS orderType, o.status AS status, count(*) AS count
       FROM orders o ${where.sql} GROUP BY 1, 2, 3`,
    ).all(...where.params) as FacetCell[];
    const selected = (values: readonly unknown[] | undefined) => (v: unknown) => !values || values.length === 0 || values.includes(v);
    const byServiceType = selected(filter.serviceTypes);
    const byOrderType = selected(filter.orderTypes);
    const byStatus = selected(filter.statuses);

    const serviceTypes = countBy(cells.filter((c) => byOrderType(c.orderType) && byStatus(c.status)), (c) => c.serviceType, filter.serviceTypes)
      .map(({ value, count }) => ({ value, count, label: this.serviceTypeName(value) }))
      .sort((a, b) => a.label.localeCompare(b.label) || a.value.localeCompare(b.value));
    const orderTypes = countBy(cells.filter((c) => byServiceType(c.serviceType) && byStatus(c.status)), (c) => c.orderType, filter.orderTypes)
      .map(({ value, count }) => ({ value, count, label: String(value) }))
      .sort((a, b) => a.value - b.value);
    const statuses = countBy(cells.filter((c) => byServiceType(c.serviceType) && byOrderType(c.orderType)), (c) => c.status, filter.statuses)
      .map(({ value, count }) => ({ value, count, label: String(value) }))
      .sort((a, b) => a.value - b.value);
    return { serviceTypes, orderTypes, statuses };
  }

  get(orderId: string): OrderDetail | null {
    const record = this.sql.byId.get(orderId);
    if (!record) return null;
    const groupMembers = record.combined_order_id === null ? [] : this.sql.groupMembersOf.all(record.combined_order_id, orderId);
    return { ...toOrderRow(record), lineItems: toOrderLineItems(record.line_items), groupMembers: groupMembers.map(toOrderRow) };
  }

  count(): number {
    return this.sql.total.get() ?? 0;
  }

  /** The name the orders carry; for a selected type no order has any more, the listed name. */
  private serviceTypeName(code: string): string {
    return this.sql.cachedServiceTypeName.get(code) ?? this.sql.listedServiceTypeName.get(code) ?? code;
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

/** Sums cell counts per value; values in `alsoList` that no cell has are listed with 0. */
function countBy<V>(cells: readonly FacetCell[], value: (c: FacetCell) => V, alsoList: readonly V[] | undefined): Omit<FacetCount<V>, 'label'>[] {
  const counts = new Map<V, number>((alsoList ?? []).map((v) => [v, 0]));
  for (const cell of cells) counts.set(value(cell), (counts.get(value(cell)) ?? 0) + cell.count);
  return [...counts].map(([v, count]) => ({ value: v, count }));
}

import { z } from 'zod';
import { LineItem, type Order } from '../../shared/billing-api/schemas';
import { ORDER_STATUS_CODES, ORDER_TYPE_CODES, type OrderStatusCode, type OrderTypeCode } from '../../shared/domain/orders';
import type { OrderLineItem, OrderRow } from '../../shared/ipc/types';

/** The columns of `orders` as the upsert binds them, in this order. */
export const ORDER_COLUMNS = [
  'order_id',
  'status',
  'order_type',
  'service_type_code',
  'service_type_name',
  'official_amount',
  'amount_after_discount',
  'currency',
  'create_time',
  'update_time',
  'expire_time',
  'combined_order_id',
  'contract_overlap',
  'third_party_item_count',
  'line_items',
  'generation',
] as const;

/**
 * An order as the cache stores it, one field per column: times in epoch ms, flags as 0 or 1, line
 * items as JSON text. The sync's worker thread makes these from the billing API's orders, and they
 * cross to the writer's thread as flat objects of primitives, which cost a fifth of what the
 * API's nested orders do to copy.
 */
export interface CachedOrder {
  readonly orderId: string;
  readonly status: OrderStatusCode;
  readonly orderType: OrderTypeCode;
  readonly serviceTypeCode: string;
  readonly serviceTypeName: string;
  readonly officialAmount: number;
  readonly amountAfterDiscount: number;
  readonly currency: string;
  readonly createTime: number;
  readonly updateTime: number;
  readonly expireTime: number;
  readonly combinedOrderId: string | null;
  readonly contractOverlap: 0 | 1;
  readonly thirdPartyItemCount: number;
  readonly lineItems: string;
}

/**
 * Line items keep the billing API's own shape in the JSON column: writing is a plain stringify on
 * the hot sync path, and the mapping to camelCase happens only when one order is opened.
 */
export function toCachedOrder(order: Order): CachedOrder {
  let thirdPartyItemCount = 0;
  for (const item of order.line_items) if (item.provider.kind === 'third_party') thirdPartyItemCount += 1;
  return {
    orderId: order.order_id,
    status: order.status,
    orderType: order.order_type,
    serviceTypeCode: order.service_type_code,
    serviceTypeName: order.service_type_name,
    officialAmount: order.official_amount,
    amountAfterDiscount: order.amount_after_discount,
    currency: order.currency,
    createTime: Date.parse(order.create_time),
    updateTime: Date.parse(order.update_time),
    expireTime: Date.parse(order.expire_time),
    combinedOrderId: order.combined_order_id,
    contractOverlap: order.contract_overlap ? 1 : 0,
    thirdPartyItemCount,
    lineItems: JSON.stringify(order.line_items),
  };
}

/** The values of ORDER_COLUMNS, in order, for `o` stamped with `generation`. */
export function orderParams(o: CachedOrder, generation: number): unknown[] {
  return [
    o.orderId,
    o.status,
    o.orderType,
    o.serviceTypeCode,
    o.serviceTypeName,
    o.officialAmount,
    o.amountAfterDiscount,
    o.currency,
    o.createTime,
    o.updateTime,
    o.expireTime,
    o.combinedOrderId,
    o.contractOverlap,
    o.thirdPartyItemCount,
    o.lineItems,
    generation,
  ];
}

/** The select list that `toOrderRow` reads; `o` is the orders table. */
export const ORDER_ROW_SELECT = `
  o.order_id, o.status, o.order_type, o.service_type_code, o.service_type_name,
  o.official_amount, o.amount_after_discount, o.currency, o.create_time, o.update_time,
  o.expire_time, o.combined_order_id, o.contract_overlap, o.third_party_item_count,
  CASE WHEN o.combined_order_id IS NULL THEN 1
       ELSE (SELECT count(*) FROM orders g WHERE g.combined_order_id = o.combined_order_id) END AS group_size`;

export interface OrderRecord {
  order_id: string;
  status: number;
  order_type: number;
  service_type_code: string;
  service_type_name: string;
  official_amount: number;
  amount_after_discount: number;
  currency: string;
  create_time: number;
  update_time: number;
  expire_time: number;
  combined_order_id: string | null;
  contract_overlap: number;
  third_party_item_count: number;
  group_size: number;
}

/**
 * A cached order that doesn't read back as the sync wrote it: damaged on disk in a way SQLite's
 * own checks don't see (a few bytes of a value overwritten), or edited by hand. It is dropped from
 * the cache and fetched again by id, as a malformed record from the API is.
 */
export class UnreadableOrderRecord extends Error {
  constructor(
    readonly orderId: string,
    readonly problem: string,
  ) {
    super(`cached order ${orderId} is unreadable: ${problem}`);
  }
}

const STATUS_CODES = new Set<number>(ORDER_STATUS_CODES);
const TYPE_CODES = new Set<number>(ORDER_TYPE_CODES);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isInteger = (v: unknown): v is number => Number.isSafeInteger(v);

/** The first column of a row that isn't what the sync writes, or null; cheap enough for every row shown. */
function rowProblem(r: OrderRecord): string | null {
  if (!STATUS_CODES.has(r.status)) return `status ${String(r.status)}`;
  if (!TYPE_CODES.has(r.order_type)) return `order type ${String(r.order_type)}`;
  for (const column of ['service_type_code', 'service_type_name'] as const) if (!isText(r[column])) return column;
  if (typeof r.currency !== 'string' || !/^[A-Z]{3}$/.test(r.currency)) return 'currency';
  for (const column of ['official_amount', 'amount_after_discount', 'create_time', 'update_time', 'expire_time', 'third_party_item_count', 'group_size'] as const) {
    if (!isInteger(r[column])) return column;
  }
  if (r.combined_order_id !== null && !isText(r.combined_order_id)) return 'combined_order_id';
  if (r.contract_overlap !== 0 && r.contract_overlap !== 1) return 'contract_overlap';
  return null;
}

/** Throws UnreadableOrderRecord for a row that isn't what the sync writes. */
export function toOrderRow(r: OrderRecord): OrderRow {
  const problem = rowProblem(r);
  if (problem !== null) throw new UnreadableOrderRecord(String(r.order_id), `bad ${problem}`);
  return {
    orderId: r.order_id,
    status: r.status as OrderStatusCode,
    orderType: r.order_type as OrderTypeCode,
    serviceTypeCode: r.service_type_code,
    serviceTypeName: r.service_type_name,
    officialAmount: r.official_amount,
    amountAfterDiscount: r.amount_after_discount,
    currency: r.currency,
    createTime: r.create_time,
    updateTime: r.update_time,
    expireTime: r.expire_time,
    combinedOrderId: r.combined_order_id,
    groupSize: r.group_size,
    contractOverlap: r.contract_overlap === 1,
    thirdPartyItemCount: r.third_party_item_count,
  };
}

const StoredLineItems = z.array(LineItem);

/** Throws UnreadableOrderRecord when the stored JSON is not the billing API's line items. */
export function toOrderLineItems(orderId: string, json: string): OrderLineItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new UnreadableOrderRecord(orderId, 'line items are not JSON');
  }
  const items = StoredLineItems.safeParse(parsed);
  if (!items.success) throw new UnreadableOrderRecord(orderId, `line items: ${items.error.issues[0]?.message ?? 'invalid'}`);
  return items.data.map((item) => ({
    lineItemId: item.line_item_id,
    productName: item.product_name,
    serviceTypeCode: item.service_type_code,
    officialAmount: item.official_amount,
    amountAfterDiscount: item.amount_after_discount,
    provider:
      item.provider.kind === 'cloud'
        ? { kind: 'cloud' }
        : { kind: 'third_party', vendorName: item.provider.vendor_name, vendorContact: item.provider.vendor_contact },
  }));
}

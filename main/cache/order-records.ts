import type { LineItem, Order } from '../../shared/billing-api/schemas';
import type { OrderStatusCode, OrderTypeCode } from '../../shared/domain/orders';
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

export function toOrderRow(r: OrderRecord): OrderRow {
  return {
    orderId: r.order_id,
    // Only orders validated against the billing API schema are written, so the codes are known ones.
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

export function toOrderLineItems(json: string): OrderLineItem[] {
  return (JSON.parse(json) as LineItem[]).map((item) => ({
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

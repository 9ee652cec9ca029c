/** The orders domain of the IPC contract: the cached orders, their counts, the way into the checkout, the export. */
import { z } from 'zod';
import { MAX_ORDERS_PER_PAYMENT, ORDER_TYPE_CODES, OrderStatus } from '../domain/orders';
import type { OrderChannel } from './channels';
import { channel, type Channel } from './channel';
import type { CheckoutCheck, ExportResult, OrderDetail, OrderFacets, OrderListPage } from './types';

export const ORDER_SORT_KEYS = ['expire_time', 'create_time', 'amount'] as const;
export type OrderSortKey = (typeof ORDER_SORT_KEYS)[number];
export const MAX_LIST_LIMIT = 500;

export const OrdersFilter = z
  .object({
    search: z.string().trim().max(64).optional(),
    serviceTypes: z.array(z.string().min(1).max(128)).max(200).optional(),
    orderTypes: z.array(z.union(ORDER_TYPE_CODES.map((c) => z.literal(c)))).max(20).optional(),
    statuses: z.array(z.union([z.literal(OrderStatus.PendingApproval), z.literal(OrderStatus.PendingPayment)])).max(2).optional(),
    currencies: z.array(z.string().regex(/^[A-Z]{3}$/)).max(20).optional(),
    /** Orders past their payment deadline can't be paid: they are left out unless asked for. */
    showExpired: z.boolean().optional(),
  })
  .strict();
export type OrdersFilter = z.infer<typeof OrdersFilter>;

export const OrdersSort = z
  .object({ by: z.enum(ORDER_SORT_KEYS), dir: z.enum(['asc', 'desc']) })
  .strict();
export type OrdersSort = z.infer<typeof OrdersSort>;

export const ListOrdersInput = z
  .object({
    filter: OrdersFilter.default({}),
    sort: OrdersSort.default({ by: 'expire_time', dir: 'asc' }),
    offset: z.number().int().min(0).max(10_000_000).default(0),
    limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(50),
  })
  .strict();
export type ListOrdersInput = z.input<typeof ListOrdersInput>;

export const CountOrderFacetsInput = z.object({ filter: OrdersFilter.default({}) }).strict();
const OrderId = z.string().min(1).max(64);
export const GetOrderInput = z.object({ orderId: OrderId }).strict();
/** More than a payment holds: the rows in view are resolved into groups in one call (and 31 are refused as a payment). */
export const CheckOrdersPayableInput = z.object({ orderIds: z.array(OrderId).min(1).max(MAX_LIST_LIMIT) }).strict();

/** The selected orders, or every order matching the filters, in the view's order. */
export const ExportOrdersInput = z.discriminatedUnion('scope', [
  z.object({ scope: z.literal('selection'), orderIds: z.array(OrderId).min(1).max(MAX_ORDERS_PER_PAYMENT) }).strict(),
  z.object({ scope: z.literal('filter'), filter: OrdersFilter.default({}), sort: OrdersSort.default({ by: 'expire_time', dir: 'asc' }) }).strict(),
]);

export const ordersContract = {
  listOrders: channel<OrderListPage>()(ListOrdersInput),
  countOrderFacets: channel<OrderFacets>()(CountOrderFacetsInput),
  getOrder: channel<OrderDetail | null>()(GetOrderInput),
  /** The orders with their whole combined purchases, judged by the selection rules: the way into the checkout. */
  checkOrdersPayable: channel<CheckoutCheck>()(CheckOrdersPayableInput),
  exportOrdersCsv: channel<ExportResult>()(ExportOrdersInput),
} satisfies Record<OrderChannel, Channel<z.ZodType, unknown>>;

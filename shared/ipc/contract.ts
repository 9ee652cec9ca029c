/**
 * The IPC contract, written once: channel, input schema and output type. main/ipc implements it,
 * preload/ exposes it, renderer/bridge calls it and main/web serves it over loopback HTTP.
 */
import { z } from 'zod';
import { MAX_ORDERS_PER_PAYMENT, ORDER_TYPE_CODES, OrderStatus } from '../domain/orders';
import type { IpcChannel } from './channels';
import type { AccountView, AppInfo, CheckoutCheck, ExportResult, OrderDetail, OrderFacets, OrderListPage, SyncState } from './types';

const NoInput = z.undefined();

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

interface Channel<I extends z.ZodType, O> {
  readonly input: I;
  /** Phantom: carries the output type; never read at run time. */
  readonly output?: O;
}
const channel = <O>() => <I extends z.ZodType>(input: I): Channel<I, O> => ({ input });

export const ipcContract = {
  getAppInfo: channel<AppInfo>()(NoInput),
  getAccount: channel<AccountView | null>()(NoInput),
  listOrders: channel<OrderListPage>()(ListOrdersInput),
  countOrderFacets: channel<OrderFacets>()(CountOrderFacetsInput),
  getOrder: channel<OrderDetail | null>()(GetOrderInput),
  /** The orders with their whole combined purchases, judged by the selection rules: the way into the checkout. */
  checkOrdersPayable: channel<CheckoutCheck>()(CheckOrdersPayableInput),
  getSyncState: channel<SyncState>()(NoInput),
  syncNow: channel<SyncState>()(NoInput),
  exportOrdersCsv: channel<ExportResult>()(ExportOrdersInput),
  /** The page has painted its first rows (or that there are none): start-up's background work may begin. */
  pageShown: channel<null>()(NoInput),
} satisfies Record<IpcChannel, Channel<z.ZodType, unknown>>;

export type IpcContract = typeof ipcContract;
export type ChannelInput<K extends IpcChannel> = z.input<IpcContract[K]['input']>;
export type ChannelParsedInput<K extends IpcChannel> = z.output<IpcContract[K]['input']>;
export type ChannelOutput<K extends IpcChannel> = Exclude<IpcContract[K]['output'], undefined>;

/** Typed errors the IPC layer returns instead of throwing across the process boundary. */
/** `unauthorised`: the web face refused the page (it was opened without the address's token). */
export type IpcErrorCode = 'invalid_input' | 'unknown_channel' | 'not_found' | 'unavailable' | 'unauthorised' | 'internal';
export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
  readonly issues?: readonly string[];
}
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

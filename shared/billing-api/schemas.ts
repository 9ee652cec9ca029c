/**
 * The billing API contract, written once: the client validates what it receives, the sandbox
 * validates what it receives, and docs/openapi.json is generated from these schemas.
 * Field names and codes follow the Huawei Cloud BSS API so that a connector to it stays possible.
 */
import { z } from 'zod';
import { CARD_NOT_ACCEPTED_CODE } from '../billing/card-acceptance';
import { ORDER_STATUS_CODES, ORDER_TYPE_CODES } from '../domain/orders';

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code').meta({ id: 'CurrencyCode' });
/**
 * An integer count of the currency's minor units; never a float. z.int() is a safe integer in one
 * check, where .int().min().max() were three: with the one-call literal lists below, validating a
 * sync page of 500 orders takes half as long.
 */
export const MinorUnits = z.int();
export const UtcTimestamp = z.iso.datetime({ offset: false }).meta({ description: 'UTC, ISO 8601 with a Z suffix' });

export const Account = z
  .object({
    customer_id: z.string().min(1),
    name: z.string().min(1),
    currency: CurrencyCode,
    country: z.string().regex(/^[A-Z]{2}$/),
    postpaid: z.boolean(),
    monthly_settlement_enabled: z.boolean(),
    bound_mobile_masked: z.string(),
    bound_email_masked: z.string(),
  })
  .meta({ id: 'Account' });
export type Account = z.infer<typeof Account>;

export const ServiceType = z.object({ code: z.string().min(1), name: z.string().min(1) }).meta({ id: 'ServiceType' });
export type ServiceType = z.infer<typeof ServiceType>;
export const ServiceTypeList = z.object({ service_types: z.array(ServiceType) }).meta({ id: 'ServiceTypeList' });

export const Provider = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('cloud') }),
    z.object({ kind: z.literal('third_party'), vendor_name: z.string().min(1), vendor_contact: z.string().min(1) }),
  ])
  .meta({ id: 'Provider' });
export type Provider = z.infer<typeof Provider>;

export const LineItem = z
  .object({
    line_item_id: z.string().min(1),
    product_name: z.string().min(1),
    service_type_code: z.string().min(1),
    official_amount: MinorUnits,
    amount_after_discount: MinorUnits,
    provider: Provider,
  })
  .meta({ id: 'LineItem' });
export type LineItem = z.infer<typeof LineItem>;

const orderStatus = z.literal(ORDER_STATUS_CODES);
const orderType = z.literal(ORDER_TYPE_CODES);

/**
 * An order as the billing service sends it. Amounts cover only the cloud's own line items:
 * third-party items are billed by their vendor and are listed for information.
 */
export const Order = z
  .object({
    order_id: z.string().min(1).max(64),
    status: orderStatus,
    order_type: orderType,
    service_type_code: z.string().min(1),
    service_type_name: z.string().min(1),
    official_amount: MinorUnits,
    amount_after_discount: MinorUnits,
    currency: CurrencyCode,
    create_time: UtcTimestamp,
    update_time: UtcTimestamp,
    expire_time: UtcTimestamp,
    combined_order_id: z.string().min(1).nullable(),
    contract_overlap: z.boolean(),
    line_items: z.array(LineItem),
  })
  .meta({ id: 'Order' });
export type Order = z.infer<typeof Order>;

export const ORDERS_PAGE_MAX_LIMIT = 500;

export const OrdersQuery = z.object({
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(ORDERS_PAGE_MAX_LIMIT).default(100),
});
export type OrdersQuery = z.infer<typeof OrdersQuery>;

/**
 * A page of orders changed since the cursor, including those that left the unpaid set so a cache
 * can drop them. Items are left unvalidated here so that one malformed record can be rejected on
 * its own without losing the page; validate each with `Order`.
 */
export const OrdersPage = z
  .object({
    orders: z.array(z.unknown()).meta({ items: { $ref: '#/components/schemas/Order' } }),
    next_cursor: z.string().min(1),
    has_more: z.boolean(),
    server_time: UtcTimestamp,
    total_count: z
      .int()
      .min(0)
      .optional()
      .meta({
        description:
          'On the first page of a full sync (no cursor) only: how many unpaid orders the account has as the sync begins. Every one of them arrives at least once in the pages that follow, so a client that receives fewer records knows orders are missing.',
      }),
  })
  .meta({ id: 'OrdersPage' });
export type OrdersPage = z.infer<typeof OrdersPage>;

/** Error codes of docs/domain.md (BSS codes, reused). */
export const ErrorCode = {
  OrderNotFound: 'CBC.30000010',
  OrderStatusChanged: 'CBC.99003106',
  DiscountNotApplicable: 'CBC.99003108',
  PaymentDeadlinePassed: 'CBC.99003110',
  CouponLocked: 'CBC.99003112',
  CouponDiscountConflict: 'CBC.99003116',
  CashWithDiscountCoupon: 'CBC.99003147',
  CombinedPurchaseTogether: 'CBC.99000089',
  InsufficientBalance: 'CBC.99005003',
  /** A card other than a Visa or Mastercard credit card (debit, prepaid, another brand). */
  CardNotAccepted: CARD_NOT_ACCEPTED_CODE,
  TooFrequent: 'CBC.99008040',
  BadParameter: 'CBC.0100',
  InvalidParameter: 'CBC.0101',
  AccessDenied: 'CBC.0151',
  OperationNotAllowed: 'CBC.0155',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ApiError = z.object({ error_code: z.string().min(1), error_msg: z.string() }).meta({ id: 'ApiError' });
export type ApiError = z.infer<typeof ApiError>;

/**
 * The HTTP status that says a cursor no longer names a point in the service's history (the data set
 * was reset): the client starts over with a full sync.
 */
export const CURSOR_EXPIRED_HTTP_STATUS = 410;

/**
 * The OpenAPI 3.1 document of the billing API, generated from the zod schemas so that it cannot
 * drift from what the client and the sandbox validate. Pure: `scripts/generate-openapi.ts` writes it
 * to docs/openapi.json.
 */
import { z } from 'zod';
import { Account, ApiError, CurrencyCode, LineItem, Order, OrdersPage, OrdersQuery, Provider, ServiceType, ServiceTypeList, CURSOR_EXPIRED_HTTP_STATUS } from './schemas';
import {
  Coupon,
  CouponList,
  CardPaymentDetails,
  CardPaymentSettings,
  CurrentBill,
  Discount,
  DiscountList,
  IDEMPOTENCY_KEY_HEADER,
  MAX_COUPON_QUERY_ORDERS,
  PAYABLE_CHANGED_HTTP_STATUS,
  Payment,
  PaymentHistoryPage,
  PaymentRefusal,
  PaymentRequest,
  Quote,
  QuoteRequest,
} from './payment-schemas';
import { MAX_ORDERS_PER_PAYMENT } from '../domain/orders';

type JsonObject = Record<string, unknown>;

/** Every schema with a component of its own; nested ones become $refs to these. */
const COMPONENTS = {
  CurrencyCode, Provider, LineItem, ServiceType, ServiceTypeList, Account, Order, OrdersPage, ApiError, Discount, DiscountList, Coupon, CouponList, Quote,
  Payment, PaymentHistoryPage, PaymentRefusal, CurrentBill, CardPaymentSettings, CardPaymentDetails,
} as const;
/** Request bodies, described as the client may send them (a field with a default is optional). */
const REQUEST_COMPONENTS = { QuoteRequest, PaymentRequest } as const;

function componentSchemas(): Record<string, JsonObject> {
  const generate = (components: Record<string, z.ZodType>, io: 'input' | 'output') => {
    const registry = z.registry<{ id: string }>();
    for (const [id, schema] of Object.entries(components)) registry.add(schema, { id });
    return (z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io }) as { schemas: Record<string, JsonObject> }).schemas;
  };
  const schemas = { ...generate(COMPONENTS, 'output'), ...generate(REQUEST_COMPONENTS, 'input') };
  // Components live inside the document, so the per-schema $schema and $id of standalone output go.
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _s, $id: _i, ...schema }]) => [id, schema]));
}

const ref = (id: keyof typeof COMPONENTS | keyof typeof REQUEST_COMPONENTS) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: JsonObject) => ({ 'application/json': { schema } });
const error = (description: string, headers?: JsonObject) => ({ description, content: json(ref('ApiError')), ...(headers ? { headers } : {}) });

const commonErrors = {
  '401': error('Missing or unknown bearer token (CBC.0151).'),
  '429': error('Too frequent (CBC.99008040): back off with jitter and retry.', {
    'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
  }),
  '500': error('Internal error; retry later.'),
  '503': error('Service temporarily unavailable; retry later.'),
};

function ordersQueryParameters(): JsonObject[] {
  const query = z.toJSONSchema(OrdersQuery, { io: 'input' }) as { properties: Record<string, JsonObject> };
  const descriptions: Record<string, string> = {
    cursor: 'The next_cursor of the previous page. Omit it to start a full sync of every unpaid order.',
    limit: 'Orders per page.',
  };
  return Object.entries(query.properties).map(([name, schema]) => ({ name, in: 'query', required: false, description: descriptions[name], schema }));
}

export function buildOpenApiDocument(): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Settle billing API',
      version: '1.0.0',
      description:
        'The billing service the Settle app pays unpaid cloud orders through. Field names and error codes follow the Huawei Cloud BSS API. Money is integer minor units; timestamps are UTC.',
    },
    servers: [{ url: 'http://127.0.0.1:4010', description: 'The billing sandbox (`npm run sandbox`)' }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/v1/account': {
        get: {
          operationId: 'getAccount',
          summary: 'The account the token belongs to',
          responses: { '200': { description: 'The account.', content: json(ref('Account')) }, ...commonErrors },
        },
      },
      '/v1/service-types': {
        get: {
          operationId: 'listServiceTypes',
          summary: 'Service type codes and their display names',
          responses: { '200': { description: 'All service types.', content: json(ref('ServiceTypeList')) }, ...commonErrors },
        },
      },
      '/v1/orders': {
        get: {
          operationId: 'listOrders',
          summary: 'Orders changed since the cursor',
          description:
            'Without a cursor: every unpaid order (status 1 or 6). With one: every order changed since, including those that left the unpaid set, so a cache can drop them. Follow next_cursor while has_more; keep the last next_cursor for the next incremental sync.',
          parameters: ordersQueryParameters(),
          responses: {
            '200': { description: 'A page of orders; validate each record with Order on its own.', content: json(ref('OrdersPage')) },
            '400': error('Bad query parameter or malformed cursor (CBC.0100).'),
            [String(CURSOR_EXPIRED_HTTP_STATUS)]: error('The cursor names a data set that no longer exists (CBC.0100): start a full sync.'),
            ...commonErrors,
          },
        },
      },
      '/v1/orders/{order_id}': {
        get: {
          operationId: 'getOrder',
          summary: 'One order of the account',
          parameters: [{ name: 'order_id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } }],
          responses: {
            '200': { description: 'The order.', content: json(ref('Order')) },
            '404': error('The account has no such order (CBC.30000010).'),
            ...commonErrors,
          },
        },
      },
      '/v1/orders/{order_id}/discounts': {
        get: {
          operationId: 'listOrderDiscounts',
          summary: 'The discounts of one order',
          description:
            'At most one discount applies to an order. A price adjustment (kind 609) is mandatory: it always applies and cannot be swapped. The preselected discount is the one amount_after_discount was priced with.',
          parameters: [{ name: 'order_id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } }],
          responses: {
            '200': { description: 'The order\'s discounts; empty when it has none.', content: json(ref('DiscountList')) },
            '404': error('The account has no such order (CBC.30000010).'),
            ...commonErrors,
          },
        },
      },
      '/v1/coupons': {
        get: {
          operationId: 'listCoupons',
          summary: 'The coupons that could matter to some orders',
          description:
            'Every coupon of the account in the currencies of the orders named, usable or not (expired, not yet valid, used up, locked by another order); judge each with the rules of docs/domain.md, or ask for a quote.',
          parameters: [
            {
              name: 'order_ids',
              in: 'query',
              required: true,
              description: `Order ids separated by commas, at most ${MAX_COUPON_QUERY_ORDERS}.`,
              schema: { type: 'string', minLength: 1 },
            },
          ],
          responses: {
            '200': { description: 'The coupons.', content: json(ref('CouponList')) },
            '400': error(`No order ids or more than ${MAX_COUPON_QUERY_ORDERS} (CBC.0100), or an order the account doesn't have (CBC.30000010).`),
            ...commonErrors,
          },
        },
      },
      '/v1/payments/quote': {
        post: {
          operationId: 'quotePayment',
          summary: 'What a payment would cost, with the chosen discounts and coupons',
          description:
            'Applies each order\'s discount, then its coupons, by the arithmetic of docs/domain.md, and lists every broken discount or coupon rule in the order\'s problems. Changes nothing: no coupon is locked or consumed. With best_savings the choices\' discounts and coupons are ignored and the cheapest combination found is quoted; optimal says whether the search finished.',
          requestBody: { required: true, content: json(ref('QuoteRequest')) },
          responses: {
            '200': { description: 'The quote.', content: json(ref('Quote')) },
            '400': error(
              `No orders, more than ${MAX_ORDERS_PER_PAYMENT}, an order named twice, orders in more than one currency or an invalid body (CBC.0100); an order the account doesn't have (CBC.30000010).`,
            ),
            ...commonErrors,
          },
        },
      },
      '/v1/payments': {
        post: {
          operationId: 'pay',
          summary: 'Pays orders, whole combined purchases, in one currency',
          description:
            'Judged whole first, on the request as sent: a request breaking a rule is refused with every broken rule per order and nothing is charged. Then each combined purchase is paid if every member is still payable, or skipped with its outcome (skipped_status_changed, blocked_pending_approval, expired) while the others are paid; HTTP 200 also when every order was skipped. The same Idempotency-Key with the same body answers the same payment and never charges again. With method card (and payment_method_id, a Stripe PaymentMethod made by the card form): the card is retrieved from the processor and refused unless it is a Visa or Mastercard credit card (CBC.99005010); what is payable now is held on it (a PaymentIntent with capture_method manual) and the answer is status requires_action with client_secret and publishable_key, its payable orders awaiting_card: the card form authorizes the amount, then POST /v1/payments/{payment_id}/confirm pays them.',
          parameters: [
            {
              name: IDEMPOTENCY_KEY_HEADER,
              in: 'header',
              required: true,
              description: 'Scoped to the account. The same key with another body, or while the first request is still being processed, is refused (409, CBC.0100).',
              schema: { type: 'string', minLength: 1, maxLength: 255 },
            },
          ],
          requestBody: { required: true, content: json(ref('PaymentRequest')) },
          responses: {
            '200': { description: 'The payment, with each order\'s outcome.', content: json(ref('Payment')) },
            '400': { description: 'Refused, nothing charged: error_code is the first problem\'s code (CBC.0100, CBC.99000089, CBC.99003108, CBC.99003112, CBC.99003116, CBC.99003147, CBC.0101, CBC.0155, CBC.99005003, CBC.99005010, CBC.30000010); also a missing Idempotency-Key (CBC.0100).', content: json(ref('PaymentRefusal')) },
            '409': error('The Idempotency-Key was used for another body, or its first request is still being processed (CBC.0100).'),
            [String(PAYABLE_CHANGED_HTTP_STATUS)]: { description: 'expected_payable differs from the service\'s total: nothing charged; the answer carries the new quote.', content: json(ref('PaymentRefusal')) },
            ...commonErrors,
          },
        },
        get: {
          operationId: 'listPayments',
          summary: 'The account\'s payments, newest first',
          parameters: [{ name: 'cursor', in: 'query', required: false, description: 'The next_cursor of the previous page.', schema: { type: 'string' } }],
          responses: { '200': { description: 'A page of payments.', content: json(ref('PaymentHistoryPage')) }, ...commonErrors },
        },
      },
      '/v1/payments/{payment_id}': {
        get: {
          operationId: 'getPayment',
          summary: 'One payment of the account',
          parameters: [{ name: 'payment_id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } }],
          responses: { '200': { description: 'The payment.', content: json(ref('Payment')) }, '404': error('The account has no such payment (CBC.0100).'), ...commonErrors },
        },
      },
      '/v1/payments/{payment_id}/confirm': {
        post: {
          operationId: 'confirmCardPayment',
          summary: 'Settles a card payment once the card form is done with its authorization',
          description:
            'Authorized: the orders are judged once more and only what is still payable is captured (amount_to_capture), the rest of the hold released; a card swapped in the form for one not accepted is refused here too (failure CBC.99005010) and released. Never authorized (declined, 3-D Secure failed, abandoned): the authorization is cancelled and the payment fails, its orders card_not_authorized, with the processor\'s reason in failure. Safe to repeat: a settled payment answers as it is.',
          parameters: [{ name: 'payment_id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } }],
          responses: {
            '200': { description: 'The payment, settled.', content: json(ref('Payment')) },
            '404': error('The account has no such payment (CBC.0100).'),
            '409': error('The payment is being confirmed by another request (CBC.0100): ask again.'),
            ...commonErrors,
          },
        },
      },
      '/v1/card-payments': {
        get: {
          operationId: 'getCardPaymentSettings',
          summary: 'How the card form reaches the card processor',
          responses: { '200': { description: 'The processor and its publishable key.', content: json(ref('CardPaymentSettings')) }, '404': error('This service takes no card payments.'), ...commonErrors },
        },
      },
      '/v1/bills/current': {
        get: {
          operationId: 'getCurrentBill',
          summary: 'This month\'s bill so far: what monthly settlement added, per currency',
          description: 'The bill of the current month (UTC), generated on the 3rd of the following month and then charged to the account\'s card.',
          responses: { '200': { description: 'The current bill.', content: json(ref('CurrentBill')) }, ...commonErrors },
        },
      },
      '/v1/orders/{order_id}/cancel': {
        post: {
          operationId: 'cancelOrder',
          summary: 'Cancels a pending-payment order (status 6 → 4); a combined purchase is cancelled whole',
          parameters: [{ name: 'order_id', in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } }],
          responses: {
            '200': { description: 'The orders cancelled.', content: json({ type: 'object', properties: { orders: { type: 'array', items: ref('Order') } }, required: ['orders'] }) },
            '404': error('The account has no such order (CBC.30000010).'),
            '409': error('The order (or a member of its combined purchase) is not pending payment (CBC.99003106); nothing was cancelled.'),
            ...commonErrors,
          },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'The account token, e.g. sbx_postpaid_demo in the sandbox.' } },
      schemas: componentSchemas(),
    },
  };
}

/** The document as committed: two-space indentation and a trailing newline. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

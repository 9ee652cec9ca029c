/**
 * The control API (/sandbox/*): lets tests and demos play the rest of the world — other people acting
 * on orders, approvals, time passing, a flaky network. Loopback only and unauthenticated by design.
 */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ErrorCode } from '../shared/billing-api/schemas';
import { ORDER_STATUS_CODES, OrderStatus, type OrderStatusCode } from '../shared/domain/orders';
import { FaultSettings } from './faults';
import { HttpError, jsonReply, parseInput, readJsonBody } from './http';
import type { Route } from './router';
import type { SandboxState } from './state';
import type { StoredNotification } from './store';

const MAX_ORDERS_PER_ACCOUNT = 1_000_000;

const ResetRequest = z.strictObject({
  seed: z.number().int().min(0).max(0xffffffff),
  orders_per_account: z.number().int().min(0).max(MAX_ORDERS_PER_ACCOUNT).optional(),
  large_account_orders: z.number().int().min(0).max(MAX_ORDERS_PER_ACCOUNT).optional(),
});
const StatusRequest = z.strictObject({ status: z.union(ORDER_STATUS_CODES.map((c) => z.literal(c))) });
const ClockRequest = z.strictObject({ advance_ms: z.number().int().min(0).max(10 * 365 * 24 * 3600 * 1000) });

const SMS_AND_EMAIL = ['sms', 'email'] as const;

function publicNotification(n: StoredNotification) {
  return { order_id: n.order_id, customer_id: n.customer_id, channels: SMS_AND_EMAIL, to_mobile: n.to_mobile, to_email: n.to_email, message: n.message, at: n.at };
}

/**
 * Unauthenticated is safe only while no web page can call it: any page in a browser on this machine
 * can send a POST to a guessed loopback port. Browsers name such a page in Origin and Sec-Fetch-Site,
 * which callers on the machine itself (curl, the tests, the app) don't send; and a page can send
 * text/plain or a form without a CORS preflight, but not application/json. Throws the refusal.
 */
export function refuseWebPages(req: IncomingMessage, ownOrigins: readonly string[]): void {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if ((origin !== undefined && !ownOrigins.includes(origin)) || site === 'cross-site' || site === 'same-site') {
    throw new HttpError(403, ErrorCode.AccessDenied, 'the control API does not answer web pages of other origins');
  }
  if (req.method === 'GET' || req.method === 'HEAD') return;
  const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') throw new HttpError(415, ErrorCode.BadParameter, 'the control API takes only application/json bodies');
}

export function controlRoutes(state: SandboxState): Route[] {
  const orderOr404 = (orderId: string) => {
    const row = state.store.order(orderId);
    if (!row) throw new HttpError(404, ErrorCode.OrderNotFound, 'order does not exist');
    return row;
  };
  const changeStatus = (orderId: string, status: OrderStatusCode) => {
    const row = state.store.setStatus(orderId, status, state.clock.now());
    if (!row) throw new HttpError(404, ErrorCode.OrderNotFound, 'order does not exist');
    return JSON.parse(row.json) as unknown;
  };

  return [
    {
      method: 'GET',
      path: /^\/sandbox\/accounts$/,
      handle: () => jsonReply(200, { accounts: state.demoAccounts() }),
    },
    {
      method: 'POST',
      path: /^\/sandbox\/reset$/,
      handle: async ({ req }) => {
        const body = parseInput(ResetRequest, await readJsonBody(req));
        const current = state.seedInfo;
        const info = state.reseed(body.seed, {
          ordersPerAccount: body.orders_per_account ?? current.ordersPerAccount,
          largeAccountOrders: body.large_account_orders ?? current.largeAccountOrders,
        });
        return jsonReply(200, { seed: info.seed, accounts: state.demoAccounts() });
      },
    },
    {
      method: 'POST',
      path: /^\/sandbox\/orders\/(?<orderId>[^/]+)\/status$/,
      handle: async ({ req, params }) => {
        const { status } = parseInput(StatusRequest, await readJsonBody(req));
        return jsonReply(200, { order: changeStatus(params.orderId ?? '', status) });
      },
    },
    {
      method: 'POST',
      path: /^\/sandbox\/orders\/(?<orderId>[^/]+)\/approve$/,
      handle: ({ params }) => {
        const orderId = params.orderId ?? '';
        const row = orderOr404(orderId);
        if (row.status !== OrderStatus.PendingApproval) {
          throw new HttpError(409, ErrorCode.OrderStatusChanged, `order is not pending approval (status ${row.status})`);
        }
        const order = changeStatus(orderId, OrderStatus.PendingPayment);
        const account = state.accountById(row.customerId);
        if (!account) throw new Error(`order ${orderId} belongs to no demo account`);
        const notification: StoredNotification = {
          order_id: orderId,
          customer_id: account.customer_id,
          to_mobile: account.bound_mobile,
          to_email: account.bound_email,
          message: `Order ${orderId} has been approved and is awaiting payment.`,
          at: state.nowIso(),
        };
        state.store.recordNotification(notification);
        return jsonReply(200, { order, notification: publicNotification(notification) });
      },
    },
    {
      method: 'GET',
      path: /^\/sandbox\/notifications$/,
      handle: () => jsonReply(200, { notifications: state.store.notifications().map(publicNotification) }),
    },
    {
      method: 'GET',
      path: /^\/sandbox\/clock$/,
      handle: () => jsonReply(200, { now: state.nowIso(), offset_ms: state.clock.offsetMs() }),
    },
    {
      method: 'POST',
      path: /^\/sandbox\/clock$/,
      handle: async ({ req }) => {
        const { advance_ms } = parseInput(ClockRequest, await readJsonBody(req));
        state.clock.advance(advance_ms);
        return jsonReply(200, { now: state.nowIso(), offset_ms: state.clock.offsetMs() });
      },
    },
    {
      method: 'POST',
      path: /^\/sandbox\/faults$/,
      handle: async ({ req }) => {
        state.faults.configure(parseInput(FaultSettings, await readJsonBody(req)));
        return jsonReply(200, { faults: state.faults.settings() });
      },
    },
  ];
}

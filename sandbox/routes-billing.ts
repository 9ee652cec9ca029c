/** The billing API (/v1/*) as the app's client sees it: bearer token → one account's data. */
import type { IncomingMessage } from 'node:http';
import { CURSOR_EXPIRED_HTTP_STATUS, ErrorCode, OrdersQuery, type Account, type ServiceType } from '../shared/billing-api/schemas';
import { SERVICE_TYPES, maskEmail, maskMobile, type DemoAccountProfile } from './catalog';
import { decodeCursor, encodeCursor, type Cursor } from './cursor';
import { HttpError, badParameter, jsonReply, parseInput, type Reply } from './http';
import type { Route } from './router';
import type { SandboxState } from './state';

/** The account of the request's bearer token; 401 CBC.0151 without a known one. Every /v1 route starts here. */
function authenticateRequest(state: SandboxState, req: IncomingMessage): DemoAccountProfile {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  const account = match?.[1] === undefined ? undefined : state.accountByToken(match[1]);
  if (!account) {
    throw new HttpError(401, ErrorCode.AccessDenied, 'access denied: missing or unknown bearer token', { 'www-authenticate': 'Bearer' });
  }
  return account;
}

export { authenticateRequest as authenticate };
export type Authenticate = (req: IncomingMessage) => DemoAccountProfile;

export function billingRoutes(state: SandboxState): Route[] {
  const authenticate = (req: IncomingMessage): DemoAccountProfile => authenticateRequest(state, req);

  return [
    {
      method: 'GET',
      path: /^\/v1\/account$/,
      handle: ({ req }) => {
        const p = authenticate(req);
        const account: Account = {
          customer_id: p.customer_id,
          name: p.name,
          currency: p.currency,
          country: p.country,
          ...state.accountSettings(p.customer_id),
          bound_mobile_masked: maskMobile(p.bound_mobile),
          bound_email_masked: maskEmail(p.bound_email),
        };
        return jsonReply(200, account);
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/service-types$/,
      handle: ({ req }) => {
        authenticate(req);
        const list: { service_types: ServiceType[] } = { service_types: SERVICE_TYPES.map(({ code, name }) => ({ code, name })) };
        return jsonReply(200, list);
      },
    },
    {
      method: 'GET',
      path: /^\/v1\/orders$/,
      handle: ({ req, url }) => ordersPage(state, authenticate(req), url),
    },
    {
      method: 'GET',
      path: /^\/v1\/orders\/(?<orderId>[^/]+)$/,
      handle: ({ req, params }) => {
        const account = authenticate(req);
        const row = state.store.order(params.orderId ?? '');
        // Another account's order is reported as missing: ids must not reveal what others bought.
        if (!row || row.customerId !== account.customer_id) throw new HttpError(404, ErrorCode.OrderNotFound, 'order does not exist');
        return { status: 200, body: row.json };
      },
    },
  ];
}

function ordersPage(state: SandboxState, account: DemoAccountProfile, url: URL): Reply {
  // An empty parameter (`?cursor=`) means "not given", as form encoders send absent values.
  const params = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
  const query = parseInput(OrdersQuery, params);
  const { epoch } = state.seedInfo;
  const cursor = query.cursor === undefined ? startCursor(state) : decodeCursor(query.cursor);
  if (!cursor) throw badParameter('malformed cursor');
  if (cursor.epoch !== epoch) throw new HttpError(CURSOR_EXPIRED_HTTP_STATUS, ErrorCode.BadParameter, 'cursor expired; start a full sync');

  const page = state.store.ordersPage(account.customer_id, cursor.after, cursor.snapshot, query.limit);
  // Once nothing more matches, every row up to the current max seq has been judged, so the cursor
  // can move there: later polls then scan only rows changed since.
  const after = page.hasMore ? (page.lastSeq ?? cursor.after) : Math.max(cursor.after, page.maxSeq);
  const next: Cursor = { epoch, after, snapshot: cursor.snapshot };
  // The first page of a full sync says how many unpaid orders the sync is to deliver: each of them
  // comes at least once, in place or, if it changed meanwhile, after the snapshot.
  const total = query.cursor === undefined ? `,"total_count":${state.store.unpaidCount(account.customer_id)}` : '';
  const body = `{"orders":[${page.records.join(',')}],"next_cursor":${JSON.stringify(encodeCursor(next))},"has_more":${page.hasMore},"server_time":"${state.nowIso()}"${total}}`;
  return { status: 200, body };
}

function startCursor(state: SandboxState): Cursor {
  return { epoch: state.seedInfo.epoch, after: 0, snapshot: state.store.maxSeq() };
}

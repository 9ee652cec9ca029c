/**
 * The Stripe-compatible HTTP API of the sandbox, on its own loopback port: Stripe's paths, its form
 * encoding, Bearer (or Basic) auth with test-mode keys, its error shapes and statuses, and its
 * Idempotency-Key semantics — held to Stripe's own SDK in test/integration/stripe-emulation.test.ts.
 * Started by startSandbox; its state lives in the sandbox's SQLite database (sandbox/stripe/store.ts).
 *
 * Besides /v1/*, it serves the 3-D Secure challenge page that next_action points to (/3ds/{id}/challenge,
 * standing in for Stripe's hosted page), a Stripe.js-compatible script at /js/v3.js (sandbox/stripe/stripe-js.ts)
 * and the frames it mounts under /elements/ (sandbox/stripe/card-element-page.ts).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  cardFingerprintKey,
  completeChallenge,
  confirmPaymentIntent,
  createPaymentIntent,
  createPaymentMethod,
  renderIntent,
  retrieveCharge,
  retrievePaymentIntent,
  retrievePaymentMethod,
  type ApiContext,
  type KeyKind,
} from './api';
import { StripeApiError, authenticationError, errorBody, idempotencyError, invalidRequest } from './errors';
import { FormError, canonical, parseForm, type FormObject, type FormValue } from './form';
import { STRIPE_API_VERSION, STRIPE_PUBLISHABLE_KEY, STRIPE_SECRET_KEY, redactKey } from './keys';
import { randomId, type PaymentIntent } from './objects';
import type { StripeStore } from './store';
import { elementsAsset } from './card-element-page';
import { stripeJsSource } from './stripe-js';

export interface StripeApiOptions {
  readonly store: StripeStore;
  /** The sandbox clock (ms since the epoch). */
  readonly now: () => number;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

export interface StripeApi {
  /** http://127.0.0.1:PORT — pass host 127.0.0.1, this port and protocol 'http' to `new Stripe(…)`. */
  readonly url: string;
  readonly port: number;
  /** Where the Stripe.js-compatible script is served (also at /endive/stripe.js). */
  readonly jsUrl: string;
  readonly publishableKey: string;
  readonly secretKey: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const MAX_BODY_BYTES = 64 * 1024;
const MAX_IDEMPOTENCY_KEY = 255;

interface ApiReply {
  readonly status: number;
  readonly value: unknown;
  /** Whether an Idempotency-Key keeps it (see StripeApiError.replayable). */
  readonly replayable: boolean;
}

/** Who may call a route: the secret key only, or also the publishable one (Stripe.js's calls). */
type Access = 'secret' | 'publishable';

interface ApiRoute {
  readonly method: 'GET' | 'POST';
  readonly path: RegExp;
  readonly access: Access;
  handle(params: FormObject, ctx: ApiContext, id: string): ApiReply;
}

const ok = (value: unknown): ApiReply => ({ status: 200, value, replayable: true });

/** An intent answer whose attempt may have been declined: the 402 then carries the changed intent. */
function attemptReply(result: { intent: PaymentIntent; error?: StripeApiError }, params: FormObject, ctx: ApiContext): ApiReply {
  if (result.error) return { status: result.error.status, value: errorBody(result.error), replayable: true };
  return ok(renderIntent(result.intent, params, ctx));
}

const ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: /^\/v1\/payment_methods$/, access: 'publishable', handle: (p, ctx) => ok(createPaymentMethod(p, ctx)) },
  { method: 'GET', path: /^\/v1\/payment_methods\/([^/]+)$/, access: 'secret', handle: (p, ctx, id) => ok(retrievePaymentMethod(id, p, ctx)) },
  { method: 'POST', path: /^\/v1\/payment_intents$/, access: 'secret', handle: (p, ctx) => attemptReply(createPaymentIntent(p, ctx), p, ctx) },
  {
    method: 'GET',
    path: /^\/v1\/payment_intents\/([^/]+)$/,
    access: 'publishable',
    handle: (p, ctx, id) => ok(renderIntent(retrievePaymentIntent(id, p, ctx), p, ctx)),
  },
  {
    method: 'POST',
    path: /^\/v1\/payment_intents\/([^/]+)\/confirm$/,
    access: 'publishable',
    handle: (p, ctx, id) => attemptReply(confirmPaymentIntent(id, p, ctx), p, ctx),
  },
  {
    method: 'POST',
    path: /^\/v1\/payment_intents\/([^/]+)\/capture$/,
    access: 'secret',
    handle: (p, ctx, id) => ok(renderIntent(capturePaymentIntent(id, p, ctx), p, ctx)),
  },
  {
    method: 'POST',
    path: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
    access: 'secret',
    handle: (p, ctx, id) => ok(renderIntent(cancelPaymentIntent(id, p, ctx), p, ctx)),
  },
  { method: 'GET', path: /^\/v1\/charges\/([^/]+)$/, access: 'secret', handle: (p, ctx, id) => ok(retrieveCharge(id, p, ctx)) },
];

export async function startStripeApi(options: StripeApiOptions): Promise<StripeApi> {
  let apiUrl = '';
  const server = createServer((req, res) => {
    serve(options, apiUrl, req, res).catch((error: unknown) => {
      console.error('stripe emulation: request failed', error);
      if (!res.headersSent) sendJson(res, 500, errorBody(new StripeApiError(500, { type: 'api_error', message: 'An unknown error occurred in the Settle sandbox.' })), {});
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  apiUrl = `http://${HOST}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: apiUrl,
    port,
    jsUrl: `${apiUrl}/js/v3.js`,
    publishableKey: STRIPE_PUBLISHABLE_KEY,
    secretKey: STRIPE_SECRET_KEY,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function serve(options: StripeApiOptions, apiUrl: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', apiUrl);
  if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/i.test(req.headers.host ?? '')) {
    // As the billing sandbox does: a foreign Host name is a web page reaching in through DNS rebinding.
    sendJson(res, 421, errorBody(invalidRequest('The Settle sandbox answers only to 127.0.0.1 or localhost.')), {});
    return;
  }
  if (req.method === 'OPTIONS') {
    // Stripe's API answers CORS preflights for any origin: Stripe.js calls it from the shop's pages.
    res.writeHead(204, {
      ...CORS_HEADERS,
      'access-control-allow-methods': 'GET, HEAD, POST, DELETE',
      'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type, idempotency-key, stripe-version',
      'access-control-max-age': '300',
    });
    res.end();
    return;
  }
  let text: string;
  try {
    text = await readBody(req);
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    sendJson(res, error.status, errorBody(error), {});
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (url.pathname === '/js/v3.js' || url.pathname === '/endive/stripe.js') {
      // The page-side Stripe.js (sandbox/stripe/stripe-js.ts), for the origin the page reached us by.
      const body = stripeJsSource(`http://${(req.headers.host ?? '').toLowerCase()}`);
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...CORS_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const asset = elementsAsset(url.pathname, options.now());
    if (asset) {
      // The card Element's frame and the 3DS modal's frame (sandbox/stripe/card-element-page.ts), with their own CSP.
      res.writeHead(200, {
        'content-type': asset.contentType,
        'content-length': Buffer.byteLength(asset.body),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        ...(asset.csp === undefined ? {} : { 'content-security-policy': asset.csp }),
      });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
      return;
    }
  }
  const challenge = /^\/3ds\/([^/]+)\/challenge$/.exec(url.pathname);
  if (challenge?.[1]) {
    challengePage(options, decodeURIComponent(challenge[1]), req, url, text, res);
    return;
  }
  const reply = answer(options, apiUrl, req, url, text);
  sendJson(res, reply.status, reply.value, reply.headers);
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-credentials': 'true',
  'access-control-expose-headers': 'Request-Id, Stripe-Should-Retry, Idempotent-Replayed, Original-Request',
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new StripeApiError(413, { type: 'invalid_request_error', message: 'Request body too large.' }, false);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface HttpAnswer {
  readonly status: number;
  readonly value: unknown;
  readonly headers: Record<string, string>;
}

/** One API request, start to end; synchronous from here on, so no two requests interleave. */
function answer(options: StripeApiOptions, apiUrl: string, req: IncomingMessage, url: URL, text: string): HttpAnswer {
  const requestId = randomId('req', 14);
  const headers: Record<string, string> = { 'request-id': requestId, 'stripe-version': headerText(req, 'stripe-version') ?? STRIPE_API_VERSION };
  const fail = (error: StripeApiError): HttpAnswer => ({ status: error.status, value: errorBody(error), headers });
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  const matched = ROUTES.map((r) => ({ route: r, match: r.path.exec(url.pathname) })).find((m) => m.match && m.route.method === method);
  if (!matched?.match) {
    return {
      status: 404,
      value: errorBody(invalidRequest(`Unrecognized request URL (${req.method ?? ''}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`)),
      headers,
    };
  }
  const { route } = matched;
  let params: FormObject;
  try {
    params = paramsOf(req, url, text);
  } catch (error) {
    if (error instanceof StripeApiError) return fail(error);
    throw error;
  }
  const auth = authenticate(req, params);
  if (auth instanceof StripeApiError) return fail(auth);
  delete params.key;
  if (route.access === 'secret' && auth === 'publishable') {
    return fail(
      new StripeApiError(
        403,
        {
          type: 'invalid_request_error',
          code: 'secret_key_required',
          message: 'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
        },
        false,
      ),
    );
  }
  const ctx: ApiContext = { store: options.store, now: options.now, apiUrl, keyKind: auth };
  const id = decodeURIComponent(matched.match[1] ?? '');
  const run = (): ApiReply => {
    try {
      return route.handle(params, ctx, id);
    } catch (error) {
      if (error instanceof StripeApiError) return { status: error.status, value: errorBody(error), replayable: error.replayable };
      throw error;
    }
  };

  const key = method === 'POST' ? headerText(req, 'idempotency-key') : undefined;
  if (key === undefined) {
    const reply = run();
    return { status: reply.status, value: reply.value, headers };
  }
  if (key.length > MAX_IDEMPOTENCY_KEY) return fail(invalidRequest(`Invalid idempotency_key: must be at most ${MAX_IDEMPOTENCY_KEY} characters`, { param: 'idempotency_key' }));
  headers['idempotency-key'] = key;
  const fingerprint = createHash('sha256')
    .update(`${method} ${url.pathname} ${auth} ${canonical(withoutCardSecrets(params))}`)
    .digest('hex');
  return options.store.transaction(() => {
    const earlier = options.store.reply(key);
    if (earlier) {
      if (earlier.fingerprint !== fingerprint) return fail(idempotencyError(key));
      return { status: earlier.status, value: JSON.parse(earlier.body) as unknown, headers: { ...headers, 'idempotent-replayed': 'true', 'original-request': earlier.requestId } };
    }
    const reply = run();
    if (reply.replayable) options.store.saveReply(key, { fingerprint, status: reply.status, body: JSON.stringify(reply.value), requestId });
    return { status: reply.status, value: reply.value, headers };
  });
}

function paramsOf(req: IncomingMessage, url: URL, text: string): FormObject {
  const mediaType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (text.trim() !== '' && mediaType !== undefined && mediaType !== 'application/x-www-form-urlencoded') {
    throw invalidRequest(`Invalid request: the Stripe API takes application/x-www-form-urlencoded bodies, not ${mediaType}.`);
  }
  try {
    return req.method === 'POST' ? parseForm(text) : parseForm(url.search.slice(1));
  } catch (error) {
    if (error instanceof FormError) throw invalidRequest(error.message, { param: error.param });
    throw error;
  }
}

/** The key of the request: `Authorization: Bearer …` (or Basic, the key as user name), or Stripe.js's `key` param. */
function authenticate(req: IncomingMessage, params: FormObject): KeyKind | StripeApiError {
  const header = req.headers.authorization?.trim();
  let key: string | undefined;
  if (header !== undefined && header !== '') {
    const [scheme, value = ''] = header.split(/\s+/, 2);
    if (/^bearer$/i.test(scheme ?? '')) key = value;
    else if (/^basic$/i.test(scheme ?? '')) key = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
    else return authenticationError(`Invalid authorization header: the Stripe API takes Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').`);
  } else if (typeof params.key === 'string') {
    // Stripe.js sends the publishable key as a param; a secret key never goes that way.
    if (params.key !== STRIPE_PUBLISHABLE_KEY) return authenticationError(`Invalid API Key provided: ${redactKey(params.key)}`);
    key = params.key;
  }
  if (key === undefined || key === '') {
    return authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (key === STRIPE_SECRET_KEY) return 'secret';
  if (key === STRIPE_PUBLISHABLE_KEY) return 'publishable';
  return authenticationError(`Invalid API Key provided: ${redactKey(key)}`);
}

/** The params with card numbers and CVCs replaced, so the fingerprint stored for a key derives from neither. */
function withoutCardSecrets(value: FormObject, parent = ''): FormObject {
  const out: FormObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (parent === 'card' && k === 'number' && typeof v === 'string') out[k] = cardFingerprintKey(v);
    else if (parent === 'card' && k === 'cvc') out[k] = 'given';
    else out[k] = typeof v === 'string' ? v : withoutCardSecrets(v, k);
  }
  return out;
}

function headerText(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string>): void {
  const body = `${JSON.stringify(value, null, 2)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-cache, no-store',
    ...CORS_HEADERS,
    ...headers,
  });
  res.end(body);
}

// ---- the 3-D Secure challenge page ---------------------------------------------------------------

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Stands in for the bank's 3-D Secure page that Stripe hosts: next_action points here (an iframe for
 * use_stripe_sdk, a redirect for redirect_to_url). Its buttons post back to it with the client secret;
 * the answer redirects to the return_url as Stripe does (?payment_intent=…&redirect_status=…) or, in an
 * iframe, tells the parent page with postMessage. The sandbox control API does the same without a page.
 */
function challengePage(options: StripeApiOptions, id: string, req: IncomingMessage, url: URL, text: string, res: ServerResponse): void {
  const html = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>3D Secure test authentication</title></head><body style="font-family: sans-serif; max-width: 28rem; margin: 2rem auto">${body}</body></html>`);
  };
  const form: Record<string, FormValue> = req.method === 'POST' ? safeForm(text) : safeForm(url.search.slice(1));
  const secret = typeof form.client_secret === 'string' ? form.client_secret : '';
  const intent = options.store.intent(id);
  if (!intent || secret !== intent.client_secret) {
    html(404, '<h1>No such payment</h1><p>The link is wrong or its client secret does not match.</p>');
    return;
  }
  if (req.method === 'GET') {
    if (intent.status !== 'requires_action') {
      html(200, `<h1>Nothing to authenticate</h1><p>This payment is ${escapeHtml(intent.status)}.</p>`);
      return;
    }
    const amount = `${(intent.amount / 100).toFixed(2)} ${intent.currency.toUpperCase()}`;
    const button = (result: string, label: string) =>
      `<form method="post" style="display:inline"><input type="hidden" name="client_secret" value="${escapeHtml(secret)}"><input type="hidden" name="result" value="${result}"><button type="submit" name="${result}">${label}</button></form> `;
    html(200, `<h1>3D Secure 2 test page</h1><p>Settle sandbox: authenticate the payment of ${escapeHtml(amount)}.</p>${button('succeed', 'Complete')}${button('fail', 'Fail')}`);
    return;
  }
  if (req.method !== 'POST' || (form.result !== 'succeed' && form.result !== 'fail')) {
    html(400, '<h1>Bad request</h1>');
    return;
  }
  const returnUrl = intent.next_action?.type === 'redirect_to_url' ? intent.next_action.redirect_to_url.return_url : undefined;
  let after: PaymentIntent;
  try {
    after = completeChallenge(id, form.result, options);
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    html(409, `<h1>Nothing to authenticate</h1><p>${escapeHtml(error.message)}</p>`);
    return;
  }
  const redirectStatus = after.status === 'requires_payment_method' ? 'failed' : 'succeeded';
  if (returnUrl !== undefined) {
    const target = new URL(returnUrl);
    target.searchParams.set('payment_intent', id);
    target.searchParams.set('payment_intent_client_secret', intent.client_secret);
    target.searchParams.set('redirect_status', redirectStatus);
    res.writeHead(303, { location: target.toString(), 'cache-control': 'no-store' });
    res.end();
    return;
  }
  const message = JSON.stringify({ type: 'settle-sandbox-3ds-complete', payment_intent: id, redirect_status: redirectStatus }).replace(/</g, '\\u003c');
  html(200, `<h1>Authentication ${redirectStatus === 'succeeded' ? 'complete' : 'failed'}</h1><script>window.parent !== window && window.parent.postMessage(${message}, '*');</script>`);
}

function safeForm(text: string): FormObject {
  try {
    return parseForm(text);
  } catch {
    return {};
  }
}

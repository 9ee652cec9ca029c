/** Where the billing API is and how to authenticate; the token stays in the main process. */
export interface BillingEndpoint {
  readonly url: string;
  readonly token: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const isSafeUrl = (url: URL) => url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));

/**
 * Reads BILLING_API_URL and BILLING_API_TOKEN. A real billing API must be https; plain http is
 * accepted only on loopback (a local sandbox or a test double), so a token never crosses a network
 * in clear text.
 */
export function billingEndpointFromEnv(env: NodeJS.ProcessEnv): BillingEndpoint | null {
  const url = safeUrlFromEnv(env, 'BILLING_API_URL');
  if (!url) return null;
  const token = env.BILLING_API_TOKEN?.trim();
  if (!token) throw new Error('BILLING_API_TOKEN must be set together with BILLING_API_URL');
  return { url: url.toString().replace(/\/$/, ''), token };
}

/**
 * SETTLE_STRIPE_JS_URL: a Stripe.js other than Stripe's own for the card form (a billing sandbox's
 * emulation, as the end-to-end tests run it); https, or http on loopback. Unset: js.stripe.com (null).
 */
export function stripeJsUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  return safeUrlFromEnv(env, 'SETTLE_STRIPE_JS_URL')?.toString() ?? null;
}

/** The URL in `name`, if set: https, or plain http on loopback only. */
function safeUrlFromEnv(env: NodeJS.ProcessEnv, name: string): URL | null {
  const raw = env[name]?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`${name} is not a URL: ${raw}`);
  }
  if (!isSafeUrl(url)) throw new Error(`${name} must use https (plain http is allowed only on 127.0.0.1/localhost)`);
  return url;
}

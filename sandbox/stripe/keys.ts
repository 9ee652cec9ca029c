/**
 * The emulated Stripe account's test-mode API keys: fixed, like the sandbox's demo tokens, so that
 * demos and tests can name them. Test-mode prefixes as at Stripe (`sk_test_…` secret, `pk_test_…`
 * publishable); nothing real is behind them, and no real Stripe host is ever called with them.
 */
export const STRIPE_SECRET_KEY = 'sk_test_settle_sandbox_secret';
export const STRIPE_PUBLISHABLE_KEY = 'pk_test_settle_sandbox_publishable';

/** The API version the pinned stripe SDK (23.1.0) sends; answered back as Stripe-Version when a request names none. */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/** How Stripe shows a wrong key in its error: the prefix and the last four characters. */
export function redactKey(key: string): string {
  const prefix = /^(sk|pk|rk)_(test|live)_/.exec(key)?.[0] ?? '';
  return `${prefix}${'*'.repeat(Math.max(0, Math.min(key.length - prefix.length - 4, 20)))}${key.slice(-4)}`;
}

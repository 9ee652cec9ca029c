import { safeUrlProblem } from '../../shared/settings/settings';

/** Where the billing API is and how to authenticate; the token stays in the main process. */
export interface BillingEndpoint {
  readonly url: string;
  readonly token: string;
}

/**
 * SETTLE_STRIPE_JS_URL: a Stripe.js other than Stripe's own for the card form (a billing sandbox's
 * emulation, as the end-to-end tests run it); https, or http on loopback. Unset: js.stripe.com (null).
 */
export function stripeJsUrlFromEnv(env: NodeJS.ProcessEnv): string | null {
  const raw = env.SETTLE_STRIPE_JS_URL?.trim();
  if (!raw) return null;
  const problem = safeUrlProblem(raw);
  if (problem) throw new Error(`SETTLE_STRIPE_JS_URL ${problem}: ${raw}`);
  return new URL(raw).toString();
}

/**
 * The one list of hosts whose pages Settle hands to the OS browser: the help pages of the billing
 * service (the configured billing API's host) and of the payment processor (Stripe). A link to
 * anywhere else is refused and logged, so that a page, or a frame in it, can't use Settle to open
 * arbitrary sites. Hosts match exactly: a subdomain is another site.
 */
export const PAYMENT_PROCESSOR_HELP_HOSTS: readonly string[] = ['stripe.com', 'support.stripe.com'];

/** `billingApiUrl` is BILLING_API_URL: its host counts only when it is https (not the demo sandbox on loopback http). */
export function externalLinkHosts(billingApiUrl: string | undefined): ReadonlySet<string> {
  const hosts = new Set(PAYMENT_PROCESSOR_HELP_HOSTS);
  const billing = httpsHost(billingApiUrl);
  if (billing) hosts.add(billing);
  return hosts;
}

function httpsHost(url: string | undefined): string | null {
  try {
    const parsed = new URL(url ?? '');
    return parsed.protocol === 'https:' ? parsed.hostname : null;
  } catch {
    return null;
  }
}

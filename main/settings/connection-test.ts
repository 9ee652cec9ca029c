import type { ConnectionTestResult } from '../../shared/ipc/settings-types';
import { normalBillingUrl, safeUrlProblem } from '../../shared/settings/settings';
import { BillingApiError } from '../billing/billing-api-error';
import { BillingClient } from '../billing/billing-client';
import type { Logger } from '../logger';

/** One attempt, answered quickly: the clerk is waiting on the Settings screen. */
const TEST_TIMEOUT_MS = 8_000;
const ONE_ATTEMPT = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

/** Node's codes for a certificate or TLS handshake that failed (a proxy's own certificate, an expired one). */
const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_SSL/;

/**
 * "Test connection": asks the billing API for the account and says what it found, or exactly what
 * failed, in terms the clerk (or their IT) can act on.
 */
export async function testConnection(rawUrl: string, token: string | null, log: Logger): Promise<ConnectionTestResult> {
  const problem = safeUrlProblem(rawUrl);
  if (problem) return { ok: false, problem: 'invalid_url', detail: `The address ${problem}.` };
  if (!token) return { ok: false, problem: 'no_token', detail: 'Enter the API token the billing service gave you.' };
  const url = normalBillingUrl(rawUrl);
  const client = new BillingClient({ baseUrl: url, token, log, timeoutMs: TEST_TIMEOUT_MS, retry: ONE_ATTEMPT });
  try {
    const account = await client.getAccount();
    return {
      ok: true,
      currency: account.currency,
      monthlySettlement: account.monthly_settlement_enabled,
      account: {
        customerId: account.customer_id,
        name: account.name,
        currency: account.currency,
        country: account.country,
        postpaid: account.postpaid,
        monthlySettlementEnabled: account.monthly_settlement_enabled,
        boundMobileMasked: account.bound_mobile_masked,
        boundEmailMasked: account.bound_email_masked,
      },
    };
  } catch (error) {
    const failure = error instanceof BillingApiError ? error : new BillingApiError('network', String(error));
    return { ok: false, ...describe(failure, url) };
  }
}

function describe(failure: BillingApiError, url: string): { problem: Exclude<ConnectionTestResult, { ok: true }>['problem']; detail: string } {
  const { networkCode, httpStatus } = failure.details;
  switch (failure.kind) {
    case 'network':
      if (networkCode && TLS_CODE.test(networkCode)) return { problem: 'tls', detail: `The secure connection to ${new URL(url).host} failed (${networkCode}): its certificate is not trusted by this computer.` };
      if (failure.details.timedOut) return { problem: 'unreachable', detail: `${new URL(url).host} did not answer within ${TEST_TIMEOUT_MS / 1000} s.` };
      return { problem: 'unreachable', detail: `${new URL(url).host} could not be reached (${networkCode ?? 'no connection'}).` };
    case 'unauthorized':
      return { problem: 'unauthorized', detail: `The billing service refused the token (HTTP ${httpStatus}).` };
    case 'server':
    case 'rate_limited':
      return { problem: 'server', detail: `The billing service answered with an error (HTTP ${httpStatus}); try again later.` };
    default:
      // 404, not JSON, not the contract's shape: something answers there, but not a billing API.
      return { problem: 'wrong_url', detail: `${url} does not answer as a billing API (${httpStatus ? `HTTP ${httpStatus}` : failure.message}). Check the address.` };
  }
}

/**
 * Why a billing API call failed, in the terms the sync and the UI need: whether the service could be
 * reached at all, whether retrying may help, and the service's own error code when it gave one.
 */
export type BillingFailureKind =
  | 'network' // no answer: connection refused, reset, timed out
  | 'server' // 5xx
  | 'rate_limited' // 429 after the retries
  | 'malformed' // an answer that is not the contract's shape
  | 'cursor_expired' // 410: the cursor names no point in the service's history any more
  | 'unauthorized' // 401/403
  | 'rejected'; // other 4xx: the request itself was wrong

export class BillingApiError extends Error {
  override readonly name = 'BillingApiError';
  constructor(
    readonly kind: BillingFailureKind,
    message: string,
    readonly details: {
      readonly httpStatus?: number;
      readonly errorCode?: string;
      readonly retryAfterMs?: number;
      readonly timedOut?: boolean;
      /** Node's code for a request that got no answer (ECONNREFUSED, ENOTFOUND, a certificate's). */
      readonly networkCode?: string;
      /** The answer's JSON body, when it had one (a refusal lists its problems there). */
      readonly body?: unknown;
    } = {},
  ) {
    super(message);
  }

  /** Worth another attempt: the fault is likely passing. */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rate_limited' || this.kind === 'malformed';
  }

  /** The service could not be reached or could not serve us: the app is offline, not broken. */
  get unreachable(): boolean {
    return this.kind === 'network' || this.kind === 'server' || this.kind === 'rate_limited';
  }
}

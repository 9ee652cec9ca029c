/**
 * Stripe's error replies: `{error: {type, code?, decline_code?, message, param?, …}}` with Stripe's
 * HTTP statuses — 400 a bad request, 401 no or a wrong API key, 402 the card said no, 403 a key that
 * may not make this call, 404 no such route or object. The stripe SDK turns each status into its own
 * error class (StripeInvalidRequestError, StripeAuthenticationError, StripeCardError, …).
 */

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  /** What the request was about, as Stripe attaches them to a decline. */
  payment_intent?: unknown;
  payment_method?: unknown;
  charge?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /**
     * Whether an Idempotency-Key keeps this answer. Stripe keeps the answer of every request that
     * began executing (a decline included) and none of a request refused before that (bad params,
     * a wrong key), so that a corrected request can be sent again with the same key.
     */
    readonly replayable = true,
  ) {
    super(body.message);
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}`;

/** A request refused before it began executing: 400 invalid_request_error, not kept by a key. */
export function invalidRequest(message: string, options: { code?: string; param?: string } = {}): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (options.code !== undefined) Object.assign(body, { code: options.code, doc_url: docUrl(options.code) });
  if (options.param !== undefined) body.param = options.param;
  return new StripeApiError(400, body, false);
}

/** A request refused by the state of the objects it names (400, kept by its key). */
export function unexpectedState(message: string, param?: string): StripeApiError {
  const body: StripeErrorBody = { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', doc_url: docUrl('payment_intent_unexpected_state'), message };
  if (param !== undefined) body.param = param;
  return new StripeApiError(400, body);
}

export const missingParam = (param: string) => invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
export const unknownParam = (param: string) =>
  invalidRequest(`Received unknown parameter: ${param}. (The Settle sandbox emulates only the card-payment part of Stripe's API.)`, {
    code: 'parameter_unknown',
    param,
  });
export const invalidInteger = (param: string, value: string) => invalidRequest(`Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param });
export const invalidEnum = (param: string, value: string, allowed: readonly string[]) =>
  invalidRequest(`Invalid ${param}: must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`, { param });

/** No such object (404 resource_missing): the id in the path names nothing. */
export function noSuch(kind: string, id: string, param: string): StripeApiError {
  return new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', doc_url: docUrl('resource_missing'), message: `No such ${kind}: '${id}'`, param });
}

/** An id given as a parameter that names nothing: Stripe answers 400 resource_missing there. */
export function noSuchParam(kind: string, id: string, param: string): StripeApiError {
  return new StripeApiError(400, { type: 'invalid_request_error', code: 'resource_missing', doc_url: docUrl('resource_missing'), message: `No such ${kind}: '${id}'`, param });
}

/** The card was refused (402 card_error). */
export function cardError(code: string, message: string, options: { declineCode?: string; param?: string; extra?: Partial<StripeErrorBody> } = {}): StripeApiError {
  const body: StripeErrorBody = { type: 'card_error', code, doc_url: docUrl(code), message };
  if (options.declineCode !== undefined) body.decline_code = options.declineCode;
  if (options.param !== undefined) body.param = options.param;
  return new StripeApiError(402, { ...body, ...options.extra });
}

export function authenticationError(message: string): StripeApiError {
  return new StripeApiError(401, { type: 'invalid_request_error', message }, false);
}

export function idempotencyError(key: string): StripeApiError {
  return new StripeApiError(
    400,
    {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    },
    false,
  );
}

export const errorBody = (error: StripeApiError) => ({ error: error.body });

import http from 'node:http';
import https from 'node:https';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse, AxiosStatic } from 'axios';
import { z } from 'zod';
import {
  Account,
  ApiError,
  CURSOR_EXPIRED_HTTP_STATUS,
  Order,
  OrdersPage,
  ServiceTypeList,
  type ServiceType,
} from '../../shared/billing-api/schemas';
import {
  CardPaymentSettings,
  CouponList,
  CurrentBill,
  DiscountList,
  IDEMPOTENCY_KEY_HEADER,
  PAYABLE_CHANGED_HTTP_STATUS,
  Payment,
  PaymentRefusal,
  Quote,
  type Coupon,
  type Discount,
  type PaymentRequest,
  type QuoteRequest,
} from '../../shared/billing-api/payment-schemas';
import type { Logger } from '../logger';
import { SecretScrubber } from '../secret-scrubber';
import { BillingApiError } from './billing-api-error';
import { DEFAULT_RETRY_POLICY, backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from './retry-policy';

/** What the service answered a payment request: the payment, or a refusal (nothing was charged). */
export type PaymentAnswer =
  | { readonly kind: 'paid'; readonly payment: Payment }
  | { readonly kind: 'refused'; readonly httpStatus: number; readonly refusal: PaymentRefusal };

const CancelledOrders = z.object({ orders: z.array(Order) });

export interface BillingClientOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly log: Logger;
  readonly timeoutMs?: number;
  readonly retry?: RetryPolicy;
  /** Injected so tests can run the backoff without waiting and with a known jitter. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** The app's secrets, scrubbed from every failure's text; by default the token alone. */
  readonly scrubber?: SecretScrubber;
}

/** How long one request may take before it counts as failed. */
export const REQUEST_TIMEOUT_MS = 10_000;
/**
 * Attempts at a request that keeps timing out: each costs the whole timeout, so the full retry
 * budget would keep the clerk waiting a minute before the page says offline.
 */
export const MAX_TIMED_OUT_ATTEMPTS = 3;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let loadingAxios: Promise<AxiosStatic> | null = null;
/**
 * axios, with what it brings (form-data, MIME types, proxy support), takes about 200 ms to load on
 * the build VM: it loads with the first call, so the app can show its cached rows before it syncs.
 */
export function loadAxios(): Promise<AxiosStatic> {
  return (loadingAxios ??= import('axios').then((module) => module.default));
}

/**
 * The billing API over HTTP: bearer auth, retries with backoff and jitter for what is transient,
 * and every answer validated against the contract before anyone else sees it.
 */
export class BillingClient {
  private http: AxiosInstance | null = null;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly scrubber: SecretScrubber;
  private readonly timeoutMs: number;

  constructor(private readonly options: BillingClientOptions) {
    this.scrubber = options.scrubber ?? new SecretScrubber([options.token]);
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  getAccount(): Promise<Account> {
    return this.get('/v1/account', Account);
  }

  async getServiceTypes(): Promise<ServiceType[]> {
    return (await this.get('/v1/service-types', ServiceTypeList)).service_types;
  }

  /** A page of changes; its records are left for the caller to validate one by one. */
  listOrders(cursor: string | null, limit: number): Promise<OrdersPage> {
    return this.get('/v1/orders', OrdersPage, cursor ? { cursor, limit } : { limit });
  }

  getOrder(orderId: string): Promise<Order> {
    return this.get(`/v1/orders/${encodeURIComponent(orderId)}`, Order);
  }

  async getDiscounts(orderId: string): Promise<Discount[]> {
    return (await this.get(`/v1/orders/${encodeURIComponent(orderId)}/discounts`, DiscountList)).discounts;
  }

  async getCoupons(orderIds: readonly string[]): Promise<Coupon[]> {
    return (await this.get('/v1/coupons', CouponList, { order_ids: orderIds.join(',') })).coupons;
  }

  getCurrentBill(): Promise<CurrentBill> {
    return this.get('/v1/bills/current', CurrentBill);
  }

  /** A quote changes nothing at the service, so it is retried like a read. */
  quote(request: QuoteRequest): Promise<Quote> {
    return this.withRetries('/v1/payments/quote', Quote, { method: 'POST', data: request });
  }

  /**
   * Sent once: a payment is never retried here. Whoever calls decides whether to send it again,
   * and then only with the same key and body, which the service answers without charging twice.
   * A refusal (400, or 412 when the total changed) is an answer, not a failure; every other
   * outcome throws, and then the payment may or may not have been made.
   */
  async pay(request: PaymentRequest, idempotencyKey: string): Promise<PaymentAnswer> {
    const path = '/v1/payments';
    try {
      return { kind: 'paid', payment: this.parse(path, Payment, await this.send({ method: 'POST', url: path, data: request, headers: { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } })) };
    } catch (error) {
      const failure = this.scrubbed(error instanceof BillingApiError ? error : new BillingApiError('network', String(error)));
      const status = failure.details.httpStatus;
      if (failure.kind === 'rejected' && (status === 400 || status === PAYABLE_CHANGED_HTTP_STATUS)) {
        const refusal = PaymentRefusal.safeParse(failure.details.body);
        if (refusal.success) return { kind: 'refused', httpStatus: status, refusal: refusal.data };
      }
      throw failure;
    }
  }

  /** How the card form reaches the processor; null when this billing service takes no cards (404). */
  async getCardPaymentSettings(): Promise<CardPaymentSettings | null> {
    try {
      return await this.get('/v1/card-payments', CardPaymentSettings);
    } catch (error) {
      if (error instanceof BillingApiError && error.kind === 'rejected' && error.details.httpStatus === 404) return null;
      throw error;
    }
  }

  /**
   * Settles an authorized card payment: the service captures what is still payable and releases the
   * rest, or lets go an authorization that never happened. Safe to repeat (a settled payment answers
   * as it is), so it is retried like a read.
   */
  confirmCardPayment(paymentId: string): Promise<Payment> {
    return this.withRetries(`/v1/payments/${encodeURIComponent(paymentId)}/confirm`, Payment, { method: 'POST', data: {} });
  }

  /** Status 6 → 4, a combined purchase whole; sent once (cancelling twice is refused, not repeated). */
  async cancelOrder(orderId: string): Promise<Order[]> {
    const path = `/v1/orders/${encodeURIComponent(orderId)}/cancel`;
    try {
      return this.parse(path, CancelledOrders, await this.send({ method: 'POST', url: path })).orders;
    } catch (error) {
      throw this.scrubbed(error instanceof BillingApiError ? error : new BillingApiError('network', String(error)));
    }
  }

  private get<S extends z.ZodType>(path: string, schema: S, params?: Record<string, unknown>): Promise<z.output<S>> {
    return this.withRetries(path, schema, { method: 'GET', params });
  }

  /** For what is safe to repeat: reads, and requests whose repeat changes nothing more. */
  private async withRetries<S extends z.ZodType>(path: string, schema: S, request: Omit<AxiosRequestConfig, 'url'>): Promise<z.output<S>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return this.parse(path, schema, await this.send({ ...request, url: path }));
      } catch (error) {
        const failure = this.scrubbed(error instanceof BillingApiError ? error : new BillingApiError('network', String(error)));
        const attempts = failure.details.timedOut ? Math.min(MAX_TIMED_OUT_ATTEMPTS, this.retry.maxAttempts) : this.retry.maxAttempts;
        if (!failure.transient || attempt >= attempts) throw failure;
        const delay = backoffDelayMs(this.retry, attempt, this.random, failure.details.retryAfterMs);
        this.options.log.warn('billing API call failed; retrying', { path, attempt, kind: failure.kind, delayMs: delay, reason: failure.message });
        await this.sleep(delay);
      }
    }
  }

  /**
   * Every failure leaves the client through here: its text quotes the service (error_code,
   * error_msg), which may echo our Authorization header, so the secrets are scrubbed from it once,
   * before anything logs, stores or shows it.
   */
  private scrubbed(failure: BillingApiError): BillingApiError {
    const { errorCode } = failure.details;
    const details = errorCode === undefined ? failure.details : { ...failure.details, errorCode: this.scrubber.scrub(errorCode) };
    // The service's own words (a refusal's messages) are outside text too.
    const body = details.body === undefined ? details : { ...details, body: JSON.parse(this.scrubber.scrub(JSON.stringify(details.body))) as unknown };
    return new BillingApiError(failure.kind, this.scrubber.scrub(failure.message), body);
  }

  private async send(request: AxiosRequestConfig): Promise<AxiosResponse<string>> {
    const axios = await loadAxios();
    this.http ??= this.createHttp(axios);
    try {
      return await this.http.request<string>(request);
    } catch (error) {
      const code = axios.isAxiosError(error) ? (error.code ?? 'ERR_NETWORK') : 'ERR_NETWORK';
      if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') {
        throw new BillingApiError('network', `billing API did not answer within ${this.timeoutMs / 1000} s`, { timedOut: true });
      }
      throw new BillingApiError('network', `billing API unreachable (${code})`, { networkCode: code });
    }
  }

  private createHttp(axios: AxiosStatic): AxiosInstance {
    return axios.create({
      baseURL: this.options.baseUrl,
      timeout: this.timeoutMs,
      headers: { Authorization: `Bearer ${this.options.token}`, Accept: 'application/json' },
      // The body is parsed here, not by axios, so that invalid JSON is a typed failure.
      responseType: 'text',
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
      httpAgent: new http.Agent({ keepAlive: true }),
      httpsAgent: new https.Agent({ keepAlive: true }),
    });
  }

  private parse<S extends z.ZodType>(path: string, schema: S, response: AxiosResponse<string>): z.output<S> {
    const body = parseJson(response.data);
    if (response.status >= 200 && response.status < 300) {
      if (body === undefined) throw new BillingApiError('malformed', `${path}: the answer is not JSON`);
      const parsed = schema.safeParse(body);
      if (!parsed.success) throw new BillingApiError('malformed', `${path}: unexpected answer (${parsed.error.issues[0]?.message ?? 'invalid'})`);
      return parsed.data;
    }
    const apiError = ApiError.safeParse(body);
    const errorCode = apiError.success ? apiError.data.error_code : undefined;
    const detail = apiError.success ? `${apiError.data.error_code}: ${apiError.data.error_msg}` : `HTTP ${response.status}`;
    const details = { httpStatus: response.status, errorCode, body };
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfterMs(headerValue(response, 'retry-after'), Date.now());
      throw new BillingApiError('rate_limited', `billing API rate limit (${detail})`, { ...details, retryAfterMs });
    }
    if (response.status >= 500) throw new BillingApiError('server', `billing API error (${detail})`, details);
    if (response.status === CURSOR_EXPIRED_HTTP_STATUS) throw new BillingApiError('cursor_expired', `sync cursor expired (${detail})`, details);
    if (response.status === 401 || response.status === 403) throw new BillingApiError('unauthorized', `access denied by the billing API (${detail})`, details);
    throw new BillingApiError('rejected', `billing API refused ${path} (${detail})`, details);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function headerValue(response: AxiosResponse, name: string): string | undefined {
  const value: unknown = response.headers[name];
  return typeof value === 'string' ? value : undefined;
}

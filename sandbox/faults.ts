/**
 * Injected failures of the billing API (/v1/* only), so the app's retries, back-off and per-record
 * validation can be exercised. Decisions come from a PRNG reseeded whenever the faults are set, so a
 * test that sends the same requests sees the same failures.
 */
import { z } from 'zod';
import { createPrng, type Prng } from './prng';

const Rate = z.number().min(0).max(1);
export const FaultSettings = z.strictObject({
  latency_ms: z.number().int().min(0).max(60_000).optional(),
  error_rate: Rate.optional(),
  rate_limit_rate: Rate.optional(),
  malformed_rate: Rate.optional(),
  drop_rate: Rate.optional(),
  /** How long a payment takes to process once its key is claimed: a second request meanwhile meets the running key. */
  payment_processing_ms: z.number().int().min(0).max(60_000).optional(),
  /** The next N payment requests are carried out and their answers lost, as a connection dropped after the charge. */
  drop_payment_answers: z.number().int().min(0).max(1_000).optional(),
});
export type FaultSettings = z.infer<typeof FaultSettings>;

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'drop' }
  | { kind: 'error'; status: 500 | 503 }
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'malformed' };

export class FaultInjector {
  private current: FaultSettings = {};
  private prng: Prng;

  constructor(private readonly seed: number) {
    this.prng = createPrng(seed);
  }

  configure(settings: FaultSettings): void {
    this.current = settings;
    this.prng = createPrng(this.seed);
  }

  settings(): FaultSettings {
    return this.current;
  }

  latencyMs(): number {
    return this.current.latency_ms ?? 0;
  }

  /** Runs a payment's processing after the configured delay. */
  async whilePaying<T>(work: () => T): Promise<T> {
    const ms = this.current.payment_processing_ms ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    return work();
  }

  /** Whether this payment request's answer is to be lost; counts the drop down. */
  takePaymentAnswerDrop(): boolean {
    const left = this.current.drop_payment_answers ?? 0;
    if (left <= 0) return false;
    this.current = { ...this.current, drop_payment_answers: left - 1 };
    return true;
  }

  decide(): FaultDecision {
    const s = this.current;
    if (this.happens(s.drop_rate)) return { kind: 'drop' };
    if (this.happens(s.error_rate)) return { kind: 'error', status: this.prng.chance(0.5) ? 500 : 503 };
    if (this.happens(s.rate_limit_rate)) return { kind: 'rate_limit', retryAfterSeconds: 1 };
    if (this.happens(s.malformed_rate)) return { kind: 'malformed' };
    return { kind: 'none' };
  }

  /**
   * Breaks a 200 body: either it stops being JSON, or (for orders) some records break the Order
   * schema while the page stays valid, which the client must reject record by record.
   */
  corrupt(body: string): string {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const records = Array.isArray(parsed.orders) ? (parsed.orders as Record<string, unknown>[]) : typeof parsed.order_id === 'string' ? [parsed] : [];
    if (records.length === 0 || this.prng.chance(0.5)) return body.slice(0, Math.max(1, Math.floor(body.length / 2)));
    const victims = records.filter(() => this.prng.chance(0.2));
    for (const [i, record] of (victims.length > 0 ? victims : [records[0] as Record<string, unknown>]).entries()) {
      if (i % 2 === 0) record.official_amount = (Number(record.official_amount) / 100).toFixed(2);
      else delete record.order_id;
    }
    return JSON.stringify(parsed);
  }

  private happens(rate: number | undefined): boolean {
    return rate !== undefined && rate > 0 && this.prng.chance(rate);
  }
}

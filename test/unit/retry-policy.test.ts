import { afterEach, describe, expect, it } from 'vitest';
import { BillingClient } from '../../main/billing/billing-client';
import { backoffDelayMs, parseRetryAfterMs, type RetryPolicy } from '../../main/billing/retry-policy';
import { createMemoryLogger } from '../../main/logger';
import { json, startScriptedServer } from '../support/scripted-server';

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };
const half = () => 0.5;
const NOW = Date.UTC(2026, 10, 26, 9, 0, 0);

const account = {
  customer_id: 'c1', name: 'Acme', currency: 'USD', country: 'US', postpaid: true, monthly_settlement_enabled: true,
  bound_mobile_masked: '+1 555****12', bound_email_masked: 'fi****@acme.example',
};
const tooFrequent = { error_code: 'CBC.99008040', error_msg: 'too frequent' };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** The delays the client waits before each retry, through a 429 carrying `retryAfter`. */
async function delaysAfter429(retryAfter: string): Promise<number[]> {
  const server = await startScriptedServer([json(429, tooFrequent, { 'Retry-After': retryAfter }), json(200, account)]);
  close = server.close;
  const delays: number[] = [];
  const client = new BillingClient({ baseUrl: server.url, token: 't', log: createMemoryLogger(), retry: policy, sleep: async (ms) => void delays.push(ms), random: half });
  await expect(client.getAccount()).resolves.toEqual(account);
  expect(server.requests).toHaveLength(2);
  return delays;
}

describe('Retry-After', () => {
  it('is read as delta-seconds or as an HTTP date, relative to now', () => {
    expect(parseRetryAfterMs('2', NOW)).toBe(2_000);
    expect(parseRetryAfterMs('0', NOW)).toBe(0);
    expect(parseRetryAfterMs(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 09:00:45 GMT', NOW)).toBe(45_000);
    // A date already past means "now", never a negative wait.
    expect(parseRetryAfterMs('Thu, 26 Nov 2026 08:59:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfterMs(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfterMs('', NOW)).toBeUndefined();
    expect(parseRetryAfterMs('soon', NOW)).toBeUndefined();
    // Neither a negative number of seconds nor an infinite one is a wait.
    expect(parseRetryAfterMs('-5', NOW)).toBe(0);
    expect(parseRetryAfterMs('Infinity', NOW)).toBeUndefined();
  });

  it('is a floor the policy does not shorten, but is obeyed for at most 60 s', () => {
    // Above the policy's 1 s ceiling: the server's word wins.
    expect(backoffDelayMs(policy, 1, half, 45_000)).toBe(45_000 + 50);
    expect(backoffDelayMs(policy, 1, half, 60_000)).toBe(60_000 + 50);
    // A server asking for an hour is not waited out for an hour.
    expect(backoffDelayMs(policy, 1, half, 60_001)).toBe(60_000 + 50);
    expect(backoffDelayMs(policy, 3, half, 3_600_000)).toBe(60_000 + 50);
    expect(backoffDelayMs(policy, 1, () => 0, 3_600_000)).toBe(60_000);
    // Jitter stays below one base delay on top of the cap.
    expect(backoffDelayMs(policy, 1, () => 0.999, 3_600_000)).toBeLessThan(60_000 + policy.baseDelayMs);
  });

  it('without one, backs off exponentially with full jitter up to the policy ceiling', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(policy, attempt, half))).toEqual([50, 100, 200, 400, 500, 500]);
  });

  it('in a 429 from the billing API: an hour asked for is waited as 60 s', async () => {
    expect(await delaysAfter429('3600')).toEqual([60_000 + 50]);
  });

  it('in a 429 from the billing API: an HTTP date is waited until', async () => {
    // HTTP dates have whole seconds: 30 s ahead, rounded up, is 29–31 s from when the client reads it.
    const at = new Date(Math.ceil((Date.now() + 30_000) / 1000) * 1000);
    const [delay] = await delaysAfter429(at.toUTCString());
    expect(delay).toBeGreaterThan(25_000);
    expect(delay).toBeLessThanOrEqual(31_000 + 50);
  });

  it('in a 429 from the billing API: an HTTP date an hour away is waited as 60 s', async () => {
    expect(await delaysAfter429(new Date(Date.now() + 3_600_000).toUTCString())).toEqual([60_000 + 50]);
  });
});

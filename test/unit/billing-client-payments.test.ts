import { afterEach, describe, expect, it } from 'vitest';
import { BillingClient } from '../../main/billing/billing-client';
import { BillingApiError } from '../../main/billing/billing-api-error';
import { createMemoryLogger } from '../../main/logger';
import type { PaymentRequest } from '../../shared/billing-api/payment-schemas';
import { drop, json, startScriptedServer, type ScriptedReply } from '../support/scripted-server';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

async function clientFor(replies: ScriptedReply[]) {
  const server = await startScriptedServer(replies);
  close = server.close;
  const client = new BillingClient({ baseUrl: server.url, token: 'secret-token-123', log: createMemoryLogger(), retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 1 }, sleep: async () => undefined });
  return { client, server };
}

const request: PaymentRequest = { orders: [{ order_id: 'CS1', coupon_ids: [] }], method: 'monthly_settlement', contract_independence_confirmed: [], expected_payable: 1_000 };
const payment = {
  payment_id: 'PAY1', status: 'completed', method: 'monthly_settlement', currency: 'USD', amount_charged: 1_000, savings: 0, created_at: '2026-12-02T04:00:00Z',
  bill: { period: '2026-12', generated_on: '2027-01-03' },
  orders: [{ order_id: 'CS1', outcome: 'paid', new_status: 5, amount_charged: 1_000, discount: null, coupons: [] }],
};

describe('BillingClient.pay', () => {
  it('sends the payment once with its Idempotency-Key and answers the payment', async () => {
    const { client, server } = await clientFor([json(200, payment)]);
    expect(await client.pay(request, 'key-1')).toEqual({ kind: 'paid', payment });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.method).toBe('POST');
    expect(server.requests[0]?.headers['idempotency-key']).toBe('key-1');
  });

  it('never retries a payment by itself: a 503, a dropped connection and a 429 are each one request, thrown', async () => {
    for (const reply of [json(503, { error_code: 'CBC.0999', error_msg: 'down' }), drop, json(429, { error_code: 'CBC.99008040', error_msg: 'slow down' })]) {
      const { client, server } = await clientFor([reply, json(200, payment)]);
      await expect(client.pay(request, 'key-2')).rejects.toBeInstanceOf(BillingApiError);
      expect(server.requests).toHaveLength(1);
      await close?.();
      close = undefined;
    }
  });

  it('answers a refusal (400) and a changed total (412) as refusals with their problems, not as failures', async () => {
    const refusal = { error_code: 'CBC.0155', error_msg: 'confirm the contract', problems: [{ order_id: 'CS1', code: 'CBC.0155', message: 'confirm the contract' }] };
    const { client } = await clientFor([json(400, refusal), json(412, { error_code: 'CBC.0101', error_msg: 'changed', problems: [] })]);
    expect(await client.pay(request, 'k')).toEqual({ kind: 'refused', httpStatus: 400, refusal });
    expect(await client.pay(request, 'k2')).toMatchObject({ kind: 'refused', httpStatus: 412, refusal: { error_code: 'CBC.0101' } });
  });

  it('scrubs the token from a refusal that echoes it', async () => {
    const echoed = { error_code: 'CBC.0100', error_msg: 'bad header Bearer secret-token-123', problems: [{ order_id: null, code: 'CBC.0100', message: 'token secret-token-123 refused' }] };
    const { client } = await clientFor([json(400, echoed)]);
    const answer = await client.pay(request, 'k');
    expect(JSON.stringify(answer)).not.toContain('secret-token-123');
    expect(answer).toMatchObject({ kind: 'refused', refusal: { error_msg: 'bad header Bearer [redacted]' } });
  });

  it('a 409 (the key still running, or used for another body) is a failure to try again later, not a refusal', async () => {
    const { client } = await clientFor([json(409, { error_code: 'CBC.0100', error_msg: 'still being processed' })]);
    await expect(client.pay(request, 'k')).rejects.toMatchObject({ kind: 'rejected', details: { httpStatus: 409 } });
  });
});

describe('BillingClient.quote', () => {
  it('retries a quote like a read, since it changes nothing', async () => {
    const quote = { orders: [], totals: { official: 0, discounts: 0, coupons: 0, payable: 0, currency: 'USD' } };
    const { client, server } = await clientFor([json(503, { error_code: 'CBC.0999', error_msg: 'down' }), json(200, quote)]);
    expect(await client.quote({ orders: [], method: 'monthly_settlement' })).toEqual(quote);
    expect(server.requests).toHaveLength(2);
  });
});

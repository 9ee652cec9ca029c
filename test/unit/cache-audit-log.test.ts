import { describe, expect, it } from 'vitest';
import { Cache } from '../../main/cache/cache';

describe('AuditLog', () => {
  it('returns the latest entries first, with their details as written', () => {
    const cache = Cache.open(':memory:', { warn: () => {}, info: () => {} });
    cache.audit.append('sync.full', { orders: 120 }, 1_000);
    cache.audit.append('payment.submitted', { orderIds: ['CS-1', 'CS-2'], amount: { amountMinor: 1_250, currency: 'USD' } }, 2_000);
    cache.audit.append('payment.settled', { ok: true }, 3_000);

    expect(cache.audit.recent(2)).toEqual([
      { id: 3, at: 3_000, kind: 'payment.settled', detail: { ok: true } },
      { id: 2, at: 2_000, kind: 'payment.submitted', detail: { orderIds: ['CS-1', 'CS-2'], amount: { amountMinor: 1_250, currency: 'USD' } } },
    ]);
    cache.close();
  });

  it('stamps an entry with the current time by default', () => {
    const cache = Cache.open(':memory:', { warn: () => {}, info: () => {} });
    const before = Date.now();
    cache.audit.append('app.started', {});
    const [entry] = cache.audit.recent(1);
    expect(entry?.at).toBeGreaterThanOrEqual(before);
    expect(entry?.at).toBeLessThanOrEqual(Date.now());
    cache.close();
  });
});

import { describe, expect, it } from 'vitest';
import { Cache } from '../../main/cache/cache';
import { Ledger } from '../../main/ledger/ledger';

const quiet = { warn: () => {}, info: () => {} };

describe('AuditLog (in the ledger)', () => {
  it('returns the latest entries first, with their details as written', () => {
    const { audit } = Ledger.inMemory(quiet);
    audit.append('sync.full', { orders: 120 }, 1_000);
    audit.append('payment.submitted', { orderIds: ['CS-1', 'CS-2'], amount: { amountMinor: 1_250, currency: 'USD' } }, 2_000);
    audit.append('payment.settled', { ok: true }, 3_000);

    expect(audit.recent(2)).toEqual([
      { id: 3, at: 3_000, kind: 'payment.settled', detail: { ok: true } },
      { id: 2, at: 2_000, kind: 'payment.submitted', detail: { orderIds: ['CS-1', 'CS-2'], amount: { amountMinor: 1_250, currency: 'USD' } } },
    ]);
  });

  it('forgets entries older than the retention limit, and only those', () => {
    const { audit } = Ledger.inMemory(quiet);
    audit.append('sync.full', {}, 1_000);
    audit.append('payment.submitted', {}, 2_000);
    audit.append('payment.settled', {}, 3_000);
    expect(audit.forgetOlderThan(2_000)).toBe(1);
    expect(audit.recent(10).map((entry) => entry.at)).toEqual([3_000, 2_000]);
  });

  it('stamps an entry with the current time by default', () => {
    const { audit } = Ledger.inMemory(quiet);
    const before = Date.now();
    audit.append('app.started', {});
    const [entry] = audit.recent(1);
    expect(entry?.at).toBeGreaterThanOrEqual(before);
    expect(entry?.at).toBeLessThanOrEqual(Date.now());
  });

  it('is where the cache writes its entries when given one', () => {
    const ledger = Ledger.inMemory(quiet);
    const cache = Cache.open(':memory:', quiet, { audit: ledger.audit });
    cache.audit.append('cache.record_unreadable', { orderId: 'CS-1' }, 5);
    expect(ledger.audit.recent(1)).toEqual([{ id: 1, at: 5, kind: 'cache.record_unreadable', detail: { orderId: 'CS-1' } }]);
    expect(cache.oldAuditEntries()).toEqual([]);
    cache.close();
  });

  it('takes in the entries an older cache held, once, even when the move is repeated after a crash', () => {
    const { audit } = Ledger.inMemory(quiet);
    const old = [
      { id: 7, at: 100, kind: 'sync.full', detail: '{"orders":3}' },
      { id: 8, at: 200, kind: 'order.approved', detail: '{"orderId":"CS-9"}' },
    ];
    audit.adoptCacheEntries(old);
    audit.adoptCacheEntries(old);
    expect(audit.recent(10).map((e) => [e.kind, e.at, e.detail])).toEqual([
      ['order.approved', 200, { orderId: 'CS-9' }],
      ['sync.full', 100, { orders: 3 }],
    ]);
  });
});

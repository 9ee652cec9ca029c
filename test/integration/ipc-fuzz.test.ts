/**
 * Garbage from a renderer, on every channel of the contract, against the real app core (its cache,
 * ledger and sync) on the real sandbox: every answer is a typed result, never `internal`, nothing
 * is charged, and the app answers normally afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/app-core';
import { startSettle } from '../../main/app/start-settle';
import { createMemoryLogger } from '../../main/logger';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { IPC_CHANNELS } from '../../shared/ipc/channels';
import { createPrng } from '../../sandbox/prng';
import { workerUrl } from '../support/workers';

let sandbox: Sandbox;
let core: AppCore;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'settle-fuzz-'));
  sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 9, ordersPerAccount: 60 });
  core = await startSettle({
    dataDir: join(dir, 'app'),
    env: { BILLING_API_URL: sandbox.url, BILLING_API_TOKEN: 'sbx_postpaid_demo' },
    version: 'fuzz',
    log: createMemoryLogger(),
    workers: { orderFeed: await workerUrl('orderFeed'), walCheckpoint: await workerUrl('walCheckpoint') },
  });
  await core.dispatch('syncNow', undefined);
});
afterAll(async () => {
  await core.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Values a page could send: wrong types, huge and deep ones, prototype keys, near-misses of real shapes. */
function garbage(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * 14);
  switch (pick) {
    case 0: return undefined;
    case 1: return null;
    case 2: return random() * 1e12 - 5e11;
    case 3: return Number.NaN;
    case 4: return 'x'.repeat(Math.floor(random() * 5000));
    case 5: return '"; DROP TABLE payments; --';
    case 6: return depth > 4 ? [] : Array.from({ length: Math.floor(random() * 5) }, () => garbage(random, depth + 1));
    case 7: return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as unknown;
    case 8: return { orderIds: Array.from({ length: 600 }, (_, i) => `CS${i}`) };
    case 9: return { orders: [{ orderId: 'CS1', couponIds: ['a', 'b', 'c', 'd'] }], method: 'monthly_settlement', expectedPayable: -1, seen: [] };
    case 10: return { orders: [{ orderId: 'NOPE', couponIds: [] }], method: 'monthly_settlement', expectedPayable: 1, seen: [{ orderId: 'NOPE', updateTime: 0 }], contractConfirmed: [] };
    case 11: return { key: 'not-a-uuid' };
    case 12: return { from: -5, to: 'tomorrow' };
    default: return depth > 4 ? {} : Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`k${i}`, garbage(random, depth + 1)]));
  }
}

describe('the IPC contract under garbage', () => {
  it('answers every call on every channel with a typed result, never internal, and charges nothing', async () => {
    const random = createPrng(20261202).next;
    const codes = new Map<string, number>();
    for (const channel of IPC_CHANNELS) {
      if (channel === 'exportOrdersCsv') continue; // streams a download; fuzzed by the web face's own tests
      for (let i = 0; i < 40; i++) {
        const result = await core.dispatch(channel, garbage(random));
        const code = result.ok ? 'ok' : result.error.code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        expect(code, `${channel} answered internal`).not.toBe('internal');
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(codes.get('invalid_input')).toBeGreaterThan(IPC_CHANNELS.length * 10);
    const charges = ((await (await fetch(`${sandbox.url}/sandbox/charges`)).json()) as { charges: unknown[] }).charges;
    expect(charges).toEqual([]);
    expect(await core.dispatch('getAppInfo', undefined)).toMatchObject({ ok: true });
  });
});

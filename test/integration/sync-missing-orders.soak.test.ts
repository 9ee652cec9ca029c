import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { SandboxControl } from '../support/sandbox-control';
import { expectWholeOrToldSo, syncEngineFor } from '../support/sync-outcome';

/**
 * The soak side of sync-missing-orders.test.ts: full syncs of 50,000 orders through malformed
 * records and mixed faults (4 and 14 s here, far longer when a mutant stalls them). They stay in
 * `npm test`; the mutation runs leave `*.soak.test.ts` out (vitest.mutation.config.ts), while the
 * targeted tests of the same behaviour in sync-missing-orders.test.ts stay in them.
 */
const LARGE = 'sbx_large_demo';
let sandbox: Sandbox;
let control: SandboxControl;
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settle-sync-missing-'));
});
afterEach(async () => sandbox?.close());

describe('a full sync of 50,000 orders through malformed records and faults', () => {
  it('on 50k orders with malformed_rate 0.1 ends with every unpaid order cached, or says orders may be missing', async () => {
    sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 7, ordersPerAccount: 20, largeAccountOrders: 50_000 });
    control = new SandboxControl(sandbox.url);
    const { cache, sync, log, close } = await syncEngineFor(dir, sandbox.url, LARGE);
    await control.faults({ malformed_rate: 0.1 });

    const state = await sync.syncNow();

    // Records without an order id were met, and the pages holding them asked for again.
    expect(log.lines.some((l) => l.msg === 'a sync page held records naming no order; asking for it again')).toBe(true);
    await expectWholeOrToldSo(control, state, cache, LARGE);
    // With the faults gone, one more sync accounts for everything.
    expect(await expectWholeOrToldSo(control, await sync.syncNow(), cache, LARGE)).toBe('whole');
    await close();
  }, 240_000);

  it('under mixed faults (latency, 5xx, 429, drops, malformed) never ends idle with orders missing', async () => {
    sandbox = await startSandbox({ dbPath: join(dir, 'sandbox.db'), port: 0, seed: 7, ordersPerAccount: 20, largeAccountOrders: 50_000 });
    control = new SandboxControl(sandbox.url);
    const { cache, sync, close } = await syncEngineFor(dir, sandbox.url, LARGE);
    const faults = { latency_ms: 20, error_rate: 0.05, rate_limit_rate: 0.05, drop_rate: 0.05, malformed_rate: 0.1 };
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      await control.faults(faults);
      const state = await sync.syncNow();
      // Offline after the retries is also honest: the page says so. Only an "idle" claim is checked.
      if (state.online) outcomes.push(await expectWholeOrToldSo(control, state, cache, LARGE));
    }
    expect(await expectWholeOrToldSo(control, await sync.syncNow(), cache, LARGE)).toBe('whole');
    expect(outcomes.length).toBeGreaterThan(0);
    await close();
  }, 300_000);
});

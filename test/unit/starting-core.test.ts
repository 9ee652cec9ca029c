import { describe, expect, it } from 'vitest';
import type { AppCore } from '../../main/app/app-core';
import { startingCore } from '../../main/app/starting-core';
import type { AppEvent } from '../../shared/ipc/types';

/** A core that answers every call with its channel's name and lets the test emit events. */
function echoCore(): AppCore & { emit(event: AppEvent): void } {
  const listeners = new Set<(event: AppEvent) => void>();
  return {
    info: { version: 'test', demoMode: true, billingApiOrigin: 'http://127.0.0.1:9', cacheNotice: null, ledgerProblem: null },
    dataFolder: '/nowhere',
    paymentOpen: () => false,
    sizes: () => ({ cacheBytes: 0, ledgerBytes: 0, orders: 0 }),
    lastSyncAt: () => null,
    dispatch: async (channel) => ({ ok: true, value: channel }),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event) => listeners.forEach((listener) => listener(event)),
    close: async () => undefined,
  };
}

function later<T>() {
  let settle!: { resolve(value: T): void; reject(error: unknown): void };
  const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
  return { promise, ...settle };
}

const approved: AppEvent = { type: 'order-approved', orderId: 'CS1' };

describe('a face opened before its core has started', () => {
  it('holds calls until the core is up, then answers them', async () => {
    const starting = later<AppCore>();
    const calls = startingCore(starting.promise);
    let answered = false;
    const reply = calls.dispatch('getSyncState', undefined).then((result) => ((answered = true), result));
    await new Promise((done) => setTimeout(done, 10));
    expect(answered).toBe(false);
    starting.resolve(echoCore());
    expect(await reply).toEqual({ ok: true, value: 'getSyncState' });
  });

  it('relays events once the core is up, and not after unsubscribing', async () => {
    const core = echoCore();
    const starting = later<AppCore>();
    const calls = startingCore(starting.promise);
    const heard: AppEvent[] = [];
    const stop = calls.onEvent((event) => heard.push(event));
    const neverHeard: AppEvent[] = [];
    calls.onEvent((event) => neverHeard.push(event))();
    starting.resolve(core);
    await starting.promise;
    core.emit(approved);
    stop();
    core.emit(approved);
    expect(heard).toEqual([approved]);
    expect(neverHeard).toEqual([]);
  });

  it('answers every call with the reason when the core fails to start', async () => {
    const calls = startingCore(Promise.reject(new Error('SETTLE_DEMO_ACCOUNT must be one of postpaid, prepaid, large')));
    expect(await calls.dispatch('listOrders', {})).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'Settle could not start: SETTLE_DEMO_ACCOUNT must be one of postpaid, prepaid, large' },
    });
  });
});

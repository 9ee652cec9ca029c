import type { AppCore } from './app-core';
import type { StartSettleOptions } from './start-settle';

export type CoreCalls = Pick<AppCore, 'dispatch' | 'onEvent'>;

/**
 * The core as a face sees it while the core is still starting, so that the window or web server
 * can open alongside it: calls wait for it, events flow once it is up, and if it fails to start
 * every call says so instead of hanging.
 */
export function startingCore(starting: Promise<AppCore>): CoreCalls {
  return {
    async dispatch(channel, input) {
      let core: AppCore;
      try {
        core = await starting;
      } catch (error) {
        return { ok: false, error: { code: 'unavailable', message: `Settle could not start: ${error instanceof Error ? error.message : String(error)}` } };
      }
      return core.dispatch(channel, input);
    },
    onEvent(listener) {
      let unsubscribe: (() => void) | null = null;
      let done = false;
      void starting.then(
        (core) => {
          if (!done) unsubscribe = core.onEvent(listener);
        },
        () => undefined,
      );
      return () => {
        done = true;
        unsubscribe?.();
      };
    },
  };
}

/**
 * Starts the core from its own chunk, loaded now and not with the face's entry point, so that the
 * face can open first. The worker threads are built next to the entry point whose URL is given.
 */
export function startBuiltSettle(entryUrl: string, options: Omit<StartSettleOptions, 'workers'>): Promise<AppCore> {
  const workers = { orderFeed: new URL('./order-feed-worker.js', entryUrl), walCheckpoint: new URL('./wal-checkpoint-worker.js', entryUrl) };
  return import('./start-settle').then(({ startSettle }) => startSettle({ ...options, workers }));
}

import type { AppCore } from './app-core';

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

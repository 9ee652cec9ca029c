import { NO_CARD_FORM, cardFormSources, rendererCsp as rendererCspOf } from '../csp';
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

export interface StartingSettle {
  readonly core: Promise<AppCore>;
  /**
   * The page's CSP, known as soon as the card form's Stripe.js is (demo mode: once the embedded
   * sandbox listens), well before the core is up; without a card form if the core fails to start.
   */
  readonly rendererCsp: Promise<string>;
}

/**
 * Starts the core from its own chunk, loaded now and not with the face's entry point, so that the
 * face can open first. The worker threads are built next to the entry point whose URL is given.
 */
export function startBuiltSettle(entryUrl: string, options: Omit<StartSettleOptions, 'workers' | 'onCardFormScript'>): StartingSettle {
  const workers = { orderFeed: new URL('./order-feed-worker.js', entryUrl), walCheckpoint: new URL('./wal-checkpoint-worker.js', entryUrl) };
  let announce: (scriptUrl: string | null) => void = () => undefined;
  const script = new Promise<string | null>((resolve) => (announce = resolve));
  const core = import('./start-settle').then(({ startSettle }) => startSettle({ ...options, workers, onCardFormScript: announce }));
  const rendererCsp = Promise.race([script.then((url) => cardFormSources(url)), core.then(() => NO_CARD_FORM, () => NO_CARD_FORM)]).then(rendererCspOf);
  return { core, rendererCsp };
}

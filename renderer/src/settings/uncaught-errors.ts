import { call } from '../bridge';

/**
 * The page's uncaught errors go to the app's log, and are shown once: the same message again
 * (a render loop, a timer) is logged but not shown again.
 */
export function reportUncaughtErrors(show: (message: string) => void): void {
  const shown = new Set<string>();
  const report = (kind: 'error' | 'unhandledrejection', error: unknown, fallback: string) => {
    const message = (error instanceof Error ? error.message : typeof error === 'string' ? error : fallback).slice(0, 2000);
    const stack = error instanceof Error && error.stack ? error.stack.slice(0, 8000) : undefined;
    void call('reportError', stack ? { kind, message, stack } : { kind, message }).catch(() => undefined);
    if (shown.has(message)) return;
    shown.add(message);
    show(message);
  };
  window.addEventListener('error', (event) => report('error', event.error, event.message));
  window.addEventListener('unhandledrejection', (event) => report('unhandledrejection', event.reason, 'a promise was rejected'));
}

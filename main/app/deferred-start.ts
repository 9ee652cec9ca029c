/**
 * Work the app starts with but the clerk isn't waiting for: it runs once, when `now()` is called or
 * after `maxDelayMs`, whichever comes first, and never after `cancel()`.
 */
export interface DeferredStart {
  now(): void;
  cancel(): void;
}

export function deferStart(work: () => void, maxDelayMs: number): DeferredStart {
  let pending = true;
  const timer = setTimeout(() => run(), maxDelayMs);
  const run = () => {
    if (!pending) return;
    pending = false;
    clearTimeout(timer);
    work();
  };
  return {
    now: run,
    cancel() {
      pending = false;
      clearTimeout(timer);
    },
  };
}

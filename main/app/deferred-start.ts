/**
 * Work the app starts with but the clerk isn't waiting for: it runs once, when `now()` is called or
 * after `maxDelayMs`, whichever comes first, and never after `cancel()`. It runs from a timer or
 * an IPC call, where a throw would be nobody's to catch: a failure goes to `onError`.
 */
export interface DeferredStart {
  now(): void;
  cancel(): void;
}

export function deferStart(work: () => void, maxDelayMs: number, onError: (error: unknown) => void): DeferredStart {
  let pending = true;
  const run = () => {
    if (!pending) return;
    pending = false;
    clearTimeout(timer);
    try {
      work();
    } catch (error) {
      onError(error);
    }
  };
  // Waiting for it is no reason to keep the process alive: the face does that.
  const timer = setTimeout(run, maxDelayMs).unref();
  return {
    now: run,
    cancel() {
      pending = false;
      clearTimeout(timer);
    },
  };
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deferStart } from '../../main/app/deferred-start';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('work put off at start', () => {
  it('runs once when asked, and not again at the deadline', () => {
    const work = vi.fn();
    const deferred = deferStart(work, 3_000, () => undefined);
    expect(work).not.toHaveBeenCalled();
    deferred.now();
    deferred.now();
    vi.advanceTimersByTime(5_000);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs at the deadline when nobody asks', () => {
    const work = vi.fn();
    deferStart(work, 3_000, () => undefined);
    vi.advanceTimersByTime(2_999);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('reports a failure instead of throwing it into a timer', () => {
    const failures: unknown[] = [];
    deferStart(() => {
      throw new Error('worker file missing');
    }, 3_000, (error) => failures.push(error));
    expect(() => vi.advanceTimersByTime(3_000)).not.toThrow();
    expect(failures).toEqual([new Error('worker file missing')]);
  });

  it('never runs once cancelled (the app closed first)', () => {
    const work = vi.fn();
    const deferred = deferStart(work, 3_000, () => undefined);
    deferred.cancel();
    deferred.now();
    vi.advanceTimersByTime(5_000);
    expect(work).not.toHaveBeenCalled();
  });
});

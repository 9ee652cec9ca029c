import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryLogger } from '../../main/logger';
import {
  PAYMENT_POLL_INTERVAL_MS,
  type RestartAnswer,
  UPDATE_CHECK_INTERVAL_MS,
  createUpdatePolicy,
  updatesDisabledReason,
  wholePercent,
} from '../../main/updates/update-policy';

const HOUR = 60 * 60 * 1000;

function setUp(options: { paymentOpen?: () => Promise<boolean>; answers?: RestartAnswer[]; check?: () => Promise<unknown> } = {}) {
  const log = createMemoryLogger();
  const answers = [...(options.answers ?? ['restart'])];
  let open = false;
  const ports = {
    check: vi.fn(options.check ?? (async () => undefined)),
    askToRestart: vi.fn(async (_version: string): Promise<RestartAnswer> => answers.shift() ?? 'later'),
    restart: vi.fn(),
    paymentOpen: vi.fn(options.paymentOpen ?? (async () => open)),
    progress: vi.fn(),
    log,
  };
  const policy = createUpdatePolicy(ports);
  return { policy, ports, log, setPaymentOpen: (value: boolean) => (open = value) };
}

describe('update policy', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks at start and every 6 hours, never two checks at once', async () => {
    let finish: () => void = () => undefined;
    const { policy, ports } = setUp({ check: () => new Promise<void>((resolve) => (finish = resolve)) });
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(6 * HOUR);
    policy.start();
    expect(ports.check).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(6 * HOUR - 1);
    expect(ports.check).toHaveBeenCalledTimes(1);
    // The first check still hangs at the 6-hour mark: no second one on top of it.
    await vi.advanceTimersByTimeAsync(1);
    expect(ports.check).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(ports.check).toHaveBeenCalledTimes(2);
    finish();
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(ports.check).toHaveBeenCalledTimes(3);
    policy.start(); // a second start changes nothing
    expect(ports.check).toHaveBeenCalledTimes(3);
    policy.stop();
  });

  it('a failed check is logged and the next one still comes', async () => {
    const { policy, ports, log } = setUp({ check: async () => Promise.reject(new Error('ENOTFOUND github.com')) });
    policy.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(log.lines.some((l) => l.level === 'warn' && l.msg.includes('check failed'))).toBe(true);
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(ports.check).toHaveBeenCalledTimes(2);
    policy.stop();
  });

  it('a downloaded update asks to restart, and "Restart now" restarts', async () => {
    const { policy, ports } = setUp({ answers: ['restart'] });
    await policy.downloaded('1.2.0');
    expect(ports.askToRestart).toHaveBeenCalledWith('1.2.0');
    expect(ports.paymentOpen).toHaveBeenCalledTimes(2); // before the question and after the answer
    expect(ports.restart).toHaveBeenCalledTimes(1);
  });

  it('"Later" does not restart, and asks again at the next check instead of downloading again', async () => {
    const { policy, ports } = setUp({ answers: ['later', 'restart'] });
    policy.start();
    await vi.advanceTimersByTimeAsync(0);
    await policy.downloaded('1.2.0');
    expect(ports.restart).not.toHaveBeenCalled();
    expect(ports.askToRestart).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(6 * HOUR - 1);
    expect(ports.askToRestart).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ports.askToRestart).toHaveBeenCalledTimes(2);
    expect(ports.check).toHaveBeenCalledTimes(1);
    expect(ports.restart).toHaveBeenCalledTimes(1);
    policy.stop();
  });

  it('never restarts while a payment is open: it waits, and asks once the payment has closed', async () => {
    const { policy, ports, setPaymentOpen } = setUp({ answers: ['restart'] });
    setPaymentOpen(true);
    await policy.downloaded('1.2.0');
    expect(ports.askToRestart).not.toHaveBeenCalled();
    expect(ports.restart).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(PAYMENT_POLL_INTERVAL_MS * 3);
    expect(ports.askToRestart).not.toHaveBeenCalled();

    setPaymentOpen(false);
    await vi.advanceTimersByTimeAsync(PAYMENT_POLL_INTERVAL_MS);
    expect(ports.askToRestart).toHaveBeenCalledTimes(1);
    expect(ports.restart).toHaveBeenCalledTimes(1);

    // Once asked, the polling has ended.
    const calls = ports.paymentOpen.mock.calls.length;
    await vi.advanceTimersByTimeAsync(PAYMENT_POLL_INTERVAL_MS * 4);
    expect(ports.paymentOpen.mock.calls.length).toBe(calls);
  });

  it('"Later" after a held-back question is not asked again every poll', async () => {
    const { policy, ports, setPaymentOpen } = setUp({ answers: ['later'] });
    setPaymentOpen(true);
    await policy.downloaded('1.2.0');
    setPaymentOpen(false);
    await vi.advanceTimersByTimeAsync(PAYMENT_POLL_INTERVAL_MS);
    expect(ports.askToRestart).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(PAYMENT_POLL_INTERVAL_MS * 10);
    expect(ports.askToRestart).toHaveBeenCalledTimes(1);
    expect(ports.restart).not.toHaveBeenCalled();
  });

  it('a payment opened while the question was up holds the restart back', async () => {
    let answer: (value: RestartAnswer) => void = () => undefined;
    const { policy, ports, setPaymentOpen } = setUp();
    ports.askToRestart.mockImplementation(() => new Promise<RestartAnswer>((resolve) => (answer = resolve)));
    const asked = policy.downloaded('1.2.0');
    await vi.advanceTimersByTimeAsync(0);
    setPaymentOpen(true);
    answer('restart');
    await asked;
    expect(ports.restart).not.toHaveBeenCalled();

    // It closes: asked again (the clerk may have changed their mind), then restarted.
    setPaymentOpen(false);
    ports.askToRestart.mockResolvedValueOnce('restart');
    await vi.advanceTimersByTimeAsync(PAYMENT_POLL_INTERVAL_MS);
    expect(ports.askToRestart).toHaveBeenCalledTimes(2);
    expect(ports.restart).toHaveBeenCalledTimes(1);
  });

  it('with a payment open at the next check, it still waits', async () => {
    const { policy, ports, setPaymentOpen } = setUp({ answers: ['later', 'restart'] });
    policy.start();
    await policy.downloaded('1.2.0');
    setPaymentOpen(true);
    await vi.advanceTimersByTimeAsync(6 * HOUR);
    expect(ports.askToRestart).toHaveBeenCalledTimes(1);
    setPaymentOpen(false);
    await vi.advanceTimersByTimeAsync(PAYMENT_POLL_INTERVAL_MS);
    expect(ports.askToRestart).toHaveBeenCalledTimes(2);
    expect(ports.restart).toHaveBeenCalledTimes(1);
    policy.stop();
  });

  it('when it cannot tell whether a payment is open, it does not restart', async () => {
    const { policy, ports, log } = setUp({ paymentOpen: async () => Promise.reject(new Error('core closed')) });
    await policy.downloaded('1.2.0');
    expect(ports.askToRestart).not.toHaveBeenCalled();
    expect(ports.restart).not.toHaveBeenCalled();
    expect(log.lines.some((l) => l.level === 'warn' && l.msg.includes('could not tell'))).toBe(true);
    policy.stop();
  });

  it('the same download reported twice asks once', async () => {
    let answer: (value: RestartAnswer) => void = () => undefined;
    const { policy, ports } = setUp();
    ports.askToRestart.mockImplementation(() => new Promise<RestartAnswer>((resolve) => (answer = resolve)));
    const first = policy.downloaded('1.2.0');
    await vi.advanceTimersByTimeAsync(0);
    await policy.downloaded('1.2.0');
    answer('later');
    await first;
    expect(ports.askToRestart).toHaveBeenCalledTimes(1);
  });

  it('reports progress as whole percents, each once, and clears it when downloaded or failed', async () => {
    const { policy, ports } = setUp({ answers: ['later'] });
    for (const p of [0.4, 3.2, 3.9, 50, 99.99, 100]) policy.downloadProgress(p);
    expect(ports.progress.mock.calls.map((c) => c[0])).toEqual([0, 3, 50, 99, 100]);
    await policy.downloaded('1.2.0');
    expect(ports.progress).toHaveBeenLastCalledWith(null);
    policy.downloadProgress(10); // nothing more is downloading
    expect(ports.progress).toHaveBeenLastCalledWith(null);

    const other = setUp();
    other.policy.downloadProgress(42.5);
    other.policy.failed(new Error('sha512 checksum mismatch'));
    expect(other.ports.progress.mock.calls.map((c) => c[0])).toEqual([42, null]);
  });

  it('stop ends the checks, the polling and any answer still to come', async () => {
    let answer: (value: RestartAnswer) => void = () => undefined;
    const { policy, ports } = setUp();
    ports.askToRestart.mockImplementation(() => new Promise<RestartAnswer>((resolve) => (answer = resolve)));
    policy.start();
    const asked = policy.downloaded('1.2.0');
    await vi.advanceTimersByTimeAsync(0);
    policy.stop();
    answer('restart');
    await asked;
    expect(ports.restart).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(24 * HOUR);
    expect(ports.check).toHaveBeenCalledTimes(1);
    await policy.downloaded('1.3.0');
    expect(ports.askToRestart).toHaveBeenCalledTimes(1);
  });
});

describe('updatesDisabledReason', () => {
  it('is off in development builds and for IT roll-outs, on otherwise', () => {
    expect(updatesDisabledReason({ isPackaged: false, env: {} })).toBe('not a packaged build');
    expect(updatesDisabledReason({ isPackaged: true, env: { SETTLE_DISABLE_UPDATES: '1' } })).toBe('SETTLE_DISABLE_UPDATES=1');
    expect(updatesDisabledReason({ isPackaged: true, env: { SETTLE_DISABLE_UPDATES: '0' } })).toBeNull();
    expect(updatesDisabledReason({ isPackaged: true, env: {} })).toBeNull();
  });
});

describe('wholePercent', () => {
  it('floors into 0–100', () => {
    expect([-3, 0, 0.99, 12.5, 99.9, 100, 140, Number.NaN, Infinity].map(wholePercent)).toEqual([0, 0, 0, 12, 99, 100, 100, 0, 100]);
  });
});

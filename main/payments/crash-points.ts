/**
 * Where the exactly-once tests kill the app (`SETTLE_TEST_CRASH_AT`), to prove with real processes
 * that a payment interrupted at any step is neither lost nor paid twice. Unset, these do nothing.
 */
export type CrashStep = 'before-request' | 'after-send' | 'after-response' | 'before-cache-update' | 'before-card-confirmation' | 'after-card-confirmation';

/** A test setting only: the app kills itself at `step`, as a power cut or `kill -9` would. */
const crashStep = (): string | undefined => process.env.SETTLE_TEST_CRASH_AT;

export function crashPoint(step: Exclude<CrashStep, 'after-send'>): void {
  if (crashStep() === step) process.kill(process.pid, 'SIGKILL');
}

/** Once the request is on its way: the kill waits a moment so the request has reached the service. */
export async function crashAfterSend(): Promise<void> {
  if (crashStep() !== 'after-send') return;
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.SETTLE_TEST_CRASH_DELAY_MS ?? 150)));
  process.kill(process.pid, 'SIGKILL');
}

import { useEffect, useState } from 'react';
import { useAppStore } from './store/app-store';

const TICK_MS = 15_000;

/**
 * The billing service's "now": payment deadlines are the service's, so a machine whose clock is off
 * (or a sandbox whose clock was moved) still shows the right countdown. Re-renders every 15 s.
 */
export function useServerNow(): number {
  const offset = useAppStore((s) => s.sync?.serverClockOffsetMs ?? 0);
  const [local, setLocal] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setLocal(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => setLocal(Date.now()), [offset]);
  return local + offset;
}

export const serverNow = (): number => Date.now() + (useAppStore.getState().sync?.serverClockOffsetMs ?? 0);

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS, IPC_EVENT_CHANNEL, ipcChannelName } from '../../shared/ipc/channels';
import type { SettleBridgeApi } from '../../shared/ipc/bridge-api';
import type { AppEvent } from '../../shared/ipc/types';

// The real 'electron' package can't load under Node (and its binary isn't installed): fake the two
// preload APIs and capture what is exposed to the page.
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  return {
    exposed: new Map<string, unknown>(),
    listeners,
    invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 'answer' })),
  };
});

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: electron.invoke,
    on: (channel: string, fn: (...args: unknown[]) => void) => {
      const set = electron.listeners.get(channel) ?? new Set();
      set.add(fn);
      electron.listeners.set(channel, set);
    },
    removeListener: (channel: string, fn: (...args: unknown[]) => void) => electron.listeners.get(channel)?.delete(fn),
  },
}));

await import('../../preload/index');
const api = electron.exposed.get('settle') as SettleBridgeApi;

function emit(event: AppEvent): void {
  const rawIpcEvent = { sender: { secret: 'ipcRenderer' }, ports: [] };
  for (const fn of electron.listeners.get(IPC_EVENT_CHANNEL) ?? []) fn(rawIpcEvent, event);
}

describe('preload', () => {
  beforeEach(() => electron.invoke.mockClear());

  it('exposes exactly one function per contract channel plus onEvent, under window.settle only', () => {
    expect([...electron.exposed.keys()]).toEqual(['settle']);
    expect(Object.keys(api).sort()).toEqual([...IPC_CHANNELS, 'onEvent'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it.each(IPC_CHANNELS)('%s invokes its own namespaced channel with the input only', async (channel) => {
    const call = api[channel] as (input?: unknown, ...rest: unknown[]) => Promise<unknown>;
    await expect(call({ probe: channel }, 'extra', 'args')).resolves.toEqual({ ok: true, value: 'answer' });
    expect(electron.invoke).toHaveBeenCalledTimes(1);
    expect(electron.invoke).toHaveBeenCalledWith(ipcChannelName(channel), { probe: channel });
  });

  it('passes undefined for channels without input', async () => {
    await api.getAppInfo();
    expect(electron.invoke).toHaveBeenCalledWith('settle:getAppInfo', undefined);
  });

  it('relays events without the raw IpcRendererEvent and unsubscribes', () => {
    const seen: unknown[][] = [];
    const unsubscribe = api.onEvent((...args: unknown[]) => seen.push(args));
    const event: AppEvent = { type: 'order-approved', orderId: 'CS2401010000ABCD' };
    emit(event);
    expect(seen).toEqual([[event]]);

    unsubscribe();
    unsubscribe();
    emit(event);
    expect(seen).toHaveLength(1);
    expect(electron.listeners.get(IPC_EVENT_CHANNEL)?.size).toBe(0);
  });

  it('refuses a non-function listener', () => {
    expect(() => api.onEvent('nope' as unknown as () => void)).toThrow(TypeError);
  });
});

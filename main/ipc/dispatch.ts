import { IPC_CHANNELS, type IpcChannel } from '../../shared/ipc/channels';
import { ipcContract, type IpcResult } from '../../shared/ipc/contract';
import type { Logger } from '../logger';
import type { IpcHandlers } from './handlers';
import { IpcRefusal, ipcErrorOf } from './ipc-refusal';

const isChannel = (name: string): name is IpcChannel => (IPC_CHANNELS as readonly string[]).includes(name);

/**
 * The one door into the handlers for both faces (Electron IPC and loopback HTTP): unknown channels
 * and inputs that fail the contract's schema come back as typed errors, and a handler that throws
 * becomes an 'internal' error, logged here; nothing a renderer sends can crash the main process.
 */
export async function dispatch<C extends IpcChannel>(handlers: Pick<IpcHandlers, C>, log: Logger, channel: string, rawInput: unknown): Promise<IpcResult<unknown>> {
  if (!isChannel(channel) || !Object.hasOwn(handlers, channel)) return { ok: false, error: { code: 'unknown_channel', message: `no such channel: ${channel.slice(0, 64)}` } };
  const parsed = ipcContract[channel].input.safeParse(rawInput);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `invalid input for ${channel}`,
        issues: parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`),
      },
    };
  }
  try {
    const handler = (handlers as Record<IpcChannel, (input: unknown) => unknown>)[channel];
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (error instanceof IpcRefusal) log.warn('IPC call refused', { channel, reason });
    else log.error('IPC handler failed', { channel, reason });
    return { ok: false, error: ipcErrorOf(error) };
  }
}

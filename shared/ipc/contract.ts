/**
 * The IPC contract, written once: channel, input schema and output type, one table per domain
 * (app-contract.ts, orders-contract.ts), combined here. main/ipc implements it with one handler
 * map per domain, preload/ exposes it, renderer/bridge calls it and main/web serves it over
 * loopback HTTP.
 */
import type { z } from 'zod';
import { appContract } from './app-contract';
import type { IpcChannel } from './channels';
import type { Channel } from './channel';
import { ordersContract } from './orders-contract';

export * from './orders-contract';

export const ipcContract = { ...appContract, ...ordersContract } satisfies Record<IpcChannel, Channel<z.ZodType, unknown>>;

export type IpcContract = typeof ipcContract;
export type ChannelInput<K extends IpcChannel> = z.input<IpcContract[K]['input']>;
export type ChannelParsedInput<K extends IpcChannel> = z.output<IpcContract[K]['input']>;
export type ChannelOutput<K extends IpcChannel> = Exclude<IpcContract[K]['output'], undefined>;

/**
 * Typed errors the IPC layer returns instead of throwing across the process boundary.
 * `unauthorised`: the web face refused the page (it was opened without the address's token).
 */
export type IpcErrorCode = 'invalid_input' | 'unknown_channel' | 'not_found' | 'unavailable' | 'unauthorised' | 'internal';
export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
  readonly issues?: readonly string[];
}
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

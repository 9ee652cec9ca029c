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
import { paymentsContract } from './payments-contract';
import { settingsContract } from './settings-contract';

export * from './orders-contract';
export * from './payments-contract';
export * from './settings-contract';

export const ipcContract = { ...appContract, ...ordersContract, ...paymentsContract, ...settingsContract } satisfies Record<IpcChannel, Channel<z.ZodType, unknown>>;

export type IpcContract = typeof ipcContract;
export type ChannelInput<K extends IpcChannel> = z.input<IpcContract[K]['input']>;
export type ChannelParsedInput<K extends IpcChannel> = z.output<IpcContract[K]['input']>;
export type ChannelOutput<K extends IpcChannel> = Exclude<IpcContract[K]['output'], undefined>;

/**
 * Typed errors the IPC layer returns instead of throwing across the process boundary.
 * `unauthorised`: the web face refused the page (it was opened without the address's token).
 * `refused`: the billing service refused the request (its code and the broken rules in `details`).
 * `orders_changed`: orders changed at the service since the clerk looked; nothing was sent.
 * `paying_disabled`: the payment ledger can't be used, so nothing may be paid.
 * `payment_in_progress`: a payment is open; what would restart the app waits until it ends.
 */
export type IpcErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'not_found'
  | 'unavailable'
  | 'unauthorised'
  | 'refused'
  | 'orders_changed'
  | 'paying_disabled'
  | 'payment_in_progress'
  | 'internal';

export interface IpcRefusalDetails {
  /** The billing service's error code (CBC.…). */
  readonly bssCode?: string;
  readonly problems?: readonly { readonly orderId: string | null; readonly code: string; readonly message: string }[];
  readonly changedOrderIds?: readonly string[];
}
export interface IpcError {
  readonly code: IpcErrorCode;
  readonly message: string;
  readonly issues?: readonly string[];
  readonly details?: IpcRefusalDetails;
}
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: IpcError };

import type { IpcError, IpcErrorCode } from '../../shared/ipc/contract';

/** Thrown by a handler whose failure the clerk can act on: its message is shown as it is, not as 'internal'. */
export class IpcRefusal extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const INTERNAL_ERROR: IpcError = { code: 'internal', message: 'Settle could not complete that request; the details are in its log.' };

/** The typed error for what a handler threw: its own refusal, else 'internal'. */
export function ipcErrorOf(error: unknown): IpcError {
  return error instanceof IpcRefusal ? { code: error.code, message: error.message } : INTERNAL_ERROR;
}

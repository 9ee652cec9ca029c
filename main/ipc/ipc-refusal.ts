import type { IpcError, IpcErrorCode, IpcRefusalDetails } from '../../shared/ipc/contract';

/** Thrown by a handler whose failure the clerk can act on: its message is shown as it is, not as 'internal'. */
export class IpcRefusal extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
    /** The billing service's code and the broken rules per order, or the orders that changed. */
    readonly details?: IpcRefusalDetails,
  ) {
    super(message);
  }
}

const INTERNAL_ERROR: IpcError = { code: 'internal', message: 'Settle could not complete that request; the details are in its log.' };

/** The typed error for what a handler threw: its own refusal, else 'internal'. */
export function ipcErrorOf(error: unknown): IpcError {
  if (!(error instanceof IpcRefusal)) return INTERNAL_ERROR;
  return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
}

/** The messages between the cache (main thread) and its checkpointer thread. */
export interface WalCheckpointWorkerData {
  /** The cache file, already opened and in WAL mode. */
  readonly path: string;
  /** One Int32 the worker sets to 1, and notifies, once its connection is closed. */
  readonly closed: SharedArrayBuffer;
}

export type ToWalCheckpointWorker = { readonly type: 'checkpoint' } | { readonly type: 'close' };

export type FromWalCheckpointWorker = { readonly type: 'checkpointed' };

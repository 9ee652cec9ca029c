/** The messages between the cache (main thread) and its checkpointer thread. */
export interface WalCheckpointWorkerData {
  /** The cache file, already opened and in WAL mode. */
  readonly path: string;
}

export type ToWalCheckpointWorker = { readonly type: 'checkpoint' };

export type FromWalCheckpointWorker = { readonly type: 'checkpointed' };

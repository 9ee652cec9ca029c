/**
 * The cache's checkpointer thread: copies the write-ahead log into the database file on a
 * connection of its own, so that the fsyncs of a checkpoint (hundreds of ms while a full sync
 * writes 100 MB) never stall the main thread, which does all the cache's reading and writing.
 * SQLite's documentation suggests exactly this: automatic checkpoints off, checkpoints run in
 * another thread. Started by WalCheckpointer.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWalCheckpointWorker, ToWalCheckpointWorker, WalCheckpointWorkerData } from './wal-checkpoint-protocol';

if (!parentPort) throw new Error('wal-checkpoint-worker runs only as a worker thread');
const port = parentPort;
const { path, closed } = workerData as WalCheckpointWorkerData;
const db = new Database(path, { fileMustExist: true });
// A PASSIVE checkpoint never waits on the main connection; this covers only opening and reading the schema.
db.pragma('busy_timeout = 5000');

port.on('message', (message: ToWalCheckpointWorker) => {
  if (message.type === 'close') {
    db.close();
    const flag = new Int32Array(closed);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    port.close();
    return;
  }
  db.pragma('wal_checkpoint(PASSIVE)');
  port.postMessage({ type: 'checkpointed' } satisfies FromWalCheckpointWorker);
});

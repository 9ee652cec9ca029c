import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Writes the chunks to a temp file beside `path`, as fast as the disk takes them, and renames it
 * to `path` once complete: a write that fails half-way (a full disk, an export that fails) leaves
 * nothing under the chosen name, and a file already there stays as it was. Beside it, not in the
 * temp folder, so that the rename stays on one file system and can't half-happen.
 */
export async function writeFileAtomically(path: string, chunks: AsyncIterable<string | Uint8Array>): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString('hex')}.partial`;
  try {
    // One chunk read ahead at most: the export produces the next only when the file has room.
    await pipeline(Readable.from(chunks, { highWaterMark: 1 }), createWriteStream(temp, { flags: 'wx' }));
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

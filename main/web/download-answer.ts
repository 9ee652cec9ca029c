import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ipcErrorOf } from '../ipc/ipc-refusal';
import type { CsvDownload } from '../ipc/handlers';

/**
 * Answers an export as the page reads every call, the IPC result envelope with the contract's
 * `download` result, writing the CSV into its `content` a chunk at a time as the export produces
 * it, no faster than the connection takes it. Whether the export succeeds is known only after its
 * last row, so `ok` comes last: a failure closes `content` and ends with ok: false and its error.
 */
export async function sendDownload(response: ServerResponse, download: CsvDownload, headers: Record<string, string>): Promise<void> {
  response.writeHead(200, headers);
  await pipeline(Readable.from(envelope(download), { highWaterMark: 1 }), response);
}

async function* envelope({ fileName, csv }: CsvDownload): AsyncGenerator<string> {
  yield `{"value":{"kind":"download","fileName":${JSON.stringify(fileName)},"content":"`;
  try {
    // The chunks end at line ends, so escaping them one by one escapes the whole text.
    for await (const chunk of csv.chunks()) yield JSON.stringify(chunk).slice(1, -1);
  } catch (error) {
    yield `"},"ok":false,"error":${JSON.stringify(ipcErrorOf(error))}}`;
    return;
  }
  yield `","rows":${csv.rows}},"ok":true}`;
}

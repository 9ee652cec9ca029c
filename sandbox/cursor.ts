/**
 * Sync cursors. Opaque to clients (base64url JSON); inside, a position in the global change
 * sequence: `after` is the last seq the client has seen and `snapshot` the highest seq when its full
 * sync began. Rows below the snapshot are sent only while unpaid, rows above it whatever their status,
 * so a full sync never misses an order that changed mid-sync and then continues as an incremental one.
 * `epoch` names the data set: after a reset, old cursors point into a history that no longer exists.
 */
import { z } from 'zod';

const CursorPayload = z.object({
  epoch: z.string().min(1),
  after: z.number().int().min(0),
  snapshot: z.number().int().min(0),
});
export type Cursor = z.infer<typeof CursorPayload>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor, or undefined when the text is not one this sandbox issued. */
export function decodeCursor(text: string): Cursor | undefined {
  try {
    const parsed = CursorPayload.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

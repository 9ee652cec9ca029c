/** The small HTTP toolkit the routes share: JSON replies, API errors and validated input. */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { ErrorCode, type ApiError } from '../shared/billing-api/schemas';

export interface Reply {
  readonly status: number;
  /** JSON text. */
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return headers ? { status, body: JSON.stringify(value), headers } : { status, body: JSON.stringify(value) };
}

/** Thrown by handlers; becomes an ApiError reply. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toReply(): Reply {
    const body: ApiError = { error_code: this.code, error_msg: this.message };
    return jsonReply(this.status, body, this.headers);
  }
}

export function badParameter(message: string): HttpError {
  return new HttpError(400, ErrorCode.BadParameter, message);
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw badParameter(`invalid input: ${detail}`);
  }
  return result.data;
}

const MAX_BODY_BYTES = 64 * 1024;

/** The request's JSON body; an empty body reads as {} so that bodiless control calls stay simple. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, ErrorCode.BadParameter, 'request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badParameter('request body is not valid JSON');
  }
}

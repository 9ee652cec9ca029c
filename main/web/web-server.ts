import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IpcErrorCode } from '../../shared/ipc/contract';
import type { CoreCalls } from '../app/starting-core';
import { NO_CARD_FORM, rendererCsp as rendererCspOf } from '../csp';
import { CsvDownload } from '../ipc/handlers';
import { sendDownload } from './download-answer';
import { bearerToken, createRequestGuard, type RequestGuard } from './request-guard';
import { readStaticFile } from './static-files';

export interface WebServerOptions {
  /** The core, or the one being started (see startingCore): the server can listen before it is up. */
  readonly core: CoreCalls;
  /** The page's CSP (see startBuiltSettle); without a card form if not given. */
  readonly rendererCsp?: () => Promise<string>;
  readonly staticDir: string;
  readonly port?: number;
}

export interface WebServer {
  /** The address to open, with the per-launch token the page needs. */
  readonly launchUrl: string;
  readonly origin: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const API_PREFIX = '/api/';
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The web face: the same handler table as Electron's IPC, served on 127.0.0.1 for start:web and the
 * end-to-end tests. POST /api/<channel> answers the IPC result envelope; GET /api/events streams push
 * events (server-sent events); everything else is the built renderer.
 */
export async function startWebServer({ core, staticDir, port = 0, rendererCsp = () => Promise.resolve(rendererCspOf(NO_CARD_FORM)) }: WebServerOptions): Promise<WebServer> {
  const token = randomBytes(32).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const guard = createRequestGuard(origin, token);
  const eventStreams = new Set<ServerResponse>();

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) sendFailure(response, 500, 'internal', 'internal error');
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname === '/api/events') return streamEvents(request, response, url);
    if (url.pathname.startsWith(API_PREFIX)) return callChannel(request, response, url.pathname.slice(API_PREFIX.length));
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendFailure(response, 405, 'invalid_input', 'method not allowed');
    const file = await readStaticFile(staticDir, url.pathname);
    if (!file) return sendFailure(response, 404, 'not_found', 'not found');
    response.writeHead(200, { ...SECURITY_HEADERS, 'Content-Security-Policy': await rendererCsp(), 'Content-Type': file.contentType, 'Cache-Control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  async function callChannel(request: IncomingMessage, response: ServerResponse, channel: string): Promise<void> {
    if (request.method !== 'POST') return sendFailure(response, 405, 'invalid_input', 'method not allowed');
    if (!admitted(guard, request, response, bearerToken(request))) return;
    if (!request.headers['content-type']?.startsWith('application/json')) return sendFailure(response, 415, 'invalid_input', 'expected application/json');
    const body = await readBody(request);
    // The body was read to its end, so the page gets this answer rather than a reset connection;
    // the connection then closes, as it would carry on a request we did not want.
    if (body === null) return sendFailure(response, 413, 'invalid_input', `the request is larger than ${MAX_BODY_BYTES / 1024} KiB`, { Connection: 'close' });
    let envelope: unknown;
    try {
      envelope = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      return sendFailure(response, 400, 'invalid_input', 'request body is not JSON');
    }
    const input = typeof envelope === 'object' && envelope !== null ? (envelope as { input?: unknown }).input : undefined;
    const result = await core.dispatch(channel, input);
    if (result.ok && result.value instanceof CsvDownload) return sendDownload(response, result.value, JSON_HEADERS);
    sendJson(response, 200, result);
  }

  function streamEvents(request: IncomingMessage, response: ServerResponse, url: URL): void {
    // EventSource can't send headers, so the token rides in the query string of this one route.
    if (!admitted(guard, request, response, url.searchParams.get('token'))) return;
    response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    response.write(': connected\n\n');
    eventStreams.add(response);
    const unsubscribe = core.onEvent((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
    request.on('close', () => {
      unsubscribe();
      eventStreams.delete(response);
    });
  }

  return {
    launchUrl: `${origin}/?token=${token}`,
    origin,
    async close() {
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function admitted(guard: RequestGuard, request: IncomingMessage, response: ServerResponse, token: string | null): boolean {
  const verdict = guard.check(request, token);
  if (verdict === 'ok') return true;
  sendFailure(response, verdict === 'unauthorized' ? 401 : 403, 'unavailable', verdict);
  return false;
}

/** Every error this server answers has the IPC contract's typed shape, so the page reads it like any failed call. */
function sendFailure(response: ServerResponse, status: number, code: IpcErrorCode, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { ok: false, error: { code, message } }, headers);
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...JSON_HEADERS, ...headers });
  response.end(JSON.stringify(body));
}

/**
 * The body as text, or null when it is over the limit. An oversized body is still read to its end,
 * and thrown away: a server that stops reading and closes makes the client's TCP stack reset the
 * connection, and the page would see no answer at all. Only a caller holding the token gets here.
 */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

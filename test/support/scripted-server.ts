import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A loopback HTTP server that answers each request with the next scripted reply (the last one
 * repeats): for driving a client through exact failure sequences the sandbox's random faults can't
 * promise.
 */
export async function startScriptedServer(replies: readonly ScriptedReply[]): Promise<{ url: string; requests: IncomingMessage[]; close(): Promise<void> }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    const reply = replies[Math.min(requests.length, replies.length - 1)]!;
    requests.push(request);
    reply(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): ScriptedReply => (_request, response) => {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

export const text = (status: number, body: string): ScriptedReply => (_request, response) => {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(body);
};

export const drop: ScriptedReply = (request) => request.socket.destroy();

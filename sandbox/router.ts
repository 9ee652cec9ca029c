/** Method + path-pattern dispatch; named capture groups become params. */
import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../shared/billing-api/schemas';
import { HttpError, type Reply } from './http';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly url: URL;
  readonly params: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: RegExp;
  handle(ctx: RequestContext): Reply | Promise<Reply>;
}

export function dispatch(routes: readonly Route[], req: IncomingMessage, url: URL): Reply | Promise<Reply> {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.path.exec(url.pathname);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== req.method) continue;
    const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    return route.handle({ req, url, params });
  }
  if (pathMatched) throw new HttpError(405, ErrorCode.BadParameter, `method ${req.method ?? ''} not allowed on ${url.pathname}`);
  throw new HttpError(404, ErrorCode.BadParameter, `no such route: ${req.method ?? ''} ${url.pathname}`);
}

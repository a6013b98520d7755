import type { Context, Middleware } from 'koa';
import { MethodNotAllowedError } from '../../errors.js';
import type { RequestState } from '../state.js';

export type RouteContext = Context & { state: RequestState };
export type RouteHandler = (ctx: RouteContext) => Promise<void>;

/**
 * One path, a handler per method: an unsupported method is a 405 with
 * `Allow` (DESIGN §10) instead of falling through to the content routes,
 * whose `/api/:name/:documentId` pattern would answer 404 for `/api/auth/local`.
 */
export function methods(handlers: Record<string, RouteHandler>): Middleware<RequestState> {
  return async (ctx) => {
    const handler = handlers[ctx.method === 'HEAD' ? 'GET' : ctx.method];
    if (!handler) throw new MethodNotAllowedError(Object.keys(handlers));
    await handler(ctx as RouteContext);
  };
}

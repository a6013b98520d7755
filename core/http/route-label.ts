import type { Context } from 'koa';

/** The matched route pattern, never the raw path, so label sets stay bounded (DESIGN §8, §10). */
export function routeLabel(ctx: Context): string {
  const matched = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute;
  return typeof matched === 'string' ? matched : 'unmatched';
}

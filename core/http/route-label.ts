import type Router from '@koa/router';
import type { Context, Middleware } from 'koa';

/** The matched route pattern, never the raw path, so label sets stay bounded (DESIGN §8, §10). */
export function routeLabel(ctx: Context): string {
  const matched = (ctx as Context & { _matchedRoute?: string | RegExp })._matchedRoute;
  return typeof matched === 'string' ? matched : 'unmatched';
}

/**
 * Errors thrown before the router runs (authentication, URI length) would be
 * labelled `unmatched`. Label them with the route the router would have
 * chosen, the first route layer matching path and method, as it does.
 * The match runs only on that error path.
 */
export function labelEarlyErrors(router: Router): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const context = ctx as Context & { _matchedRoute?: string | RegExp };
      if (context._matchedRoute === undefined) {
        const layer = router.match(ctx.path, ctx.method).pathAndMethod.find((candidate) => candidate.methods.length > 0);
        if (layer && typeof layer.path === 'string') context._matchedRoute = layer.path;
      }
      throw error;
    }
  };
}

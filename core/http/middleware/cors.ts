import type { Middleware } from 'koa';

/**
 * DESIGN §10: with no allow-list, `*` and never credentials; with one, only
 * listed origins are echoed, and only they may send credentials. An
 * arbitrary Origin is never reflected.
 */
export function cors(allowedOrigins: readonly string[] | undefined): Middleware {
  const allowed = allowedOrigins ? new Set(allowedOrigins) : undefined;
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (!allowed) {
      ctx.set('Access-Control-Allow-Origin', '*');
    } else if (origin && allowed.has(origin)) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Credentials', 'true');
      ctx.vary('Origin');
    }
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id, If-None-Match');
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', 'X-Request-Id, Server-Timing, ETag');
    await next();
  };
}

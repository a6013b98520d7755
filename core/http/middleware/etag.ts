import { hash } from 'node:crypto';
import type { Middleware } from 'koa';

/**
 * ETags computed on the serialised body (DESIGN §10). A matching
 * If-None-Match gets 304. Responses to credentialed requests are private.
 */
export function etag(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.get('authorization')) {
      ctx.set('Cache-Control', 'private, no-cache');
      ctx.vary('Authorization');
    }
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.status !== 200) return;
    const body = ctx.body;
    if (body === null || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') return;
    const json = JSON.stringify(body);
    // One-shot hash: no Hash object per response.
    const tag = `"${hash('sha1', json, 'base64url')}"`;
    ctx.set('ETag', tag);
    const ifNoneMatch = ctx.get('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag)) {
      ctx.status = 304;
      ctx.body = null;
      return;
    }
    ctx.type = 'application/json; charset=utf-8';
    ctx.body = json;
  };
}

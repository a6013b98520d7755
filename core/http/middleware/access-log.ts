import type { Middleware } from 'koa';
import { newQueryTimer } from '../../db/query-timing.js';
import type { RequestState } from '../state.js';
import { routeLabel } from '../route-label.js';

/**
 * One JSON line per request (DESIGN §8), with top-level fields. Also sets
 * `Server-Timing` from the database time the request's queries took.
 */
export function accessLog(): Middleware<RequestState> {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const timer = newQueryTimer();
    ctx.state.timer = timer;
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      const appMs = Math.max(0, durationMs - timer.dbMs);
      ctx.set('Server-Timing', `db;dur=${timer.dbMs.toFixed(2)}, app;dur=${appMs.toFixed(2)}`);
      ctx.state.log.info({
        method: ctx.method,
        path: ctx.path,
        route: routeLabel(ctx),
        status: ctx.status,
        durationMs: Math.round(durationMs * 100) / 100,
        userId: ctx.state.userId ?? null,
      }, 'request');
    }
  };
}

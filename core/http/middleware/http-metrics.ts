import type { Middleware } from 'koa';
import type { Metrics } from '../../metrics.js';
import { routeLabel } from '../route-label.js';

export function httpMetrics(metrics: Metrics): Middleware {
  return async (ctx, next) => {
    const stop = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const labels = { method: ctx.method, route: routeLabel(ctx), status: String(ctx.status) };
      metrics.httpRequests.inc(labels);
      metrics.httpDuration.observe(labels, Number(process.hrtime.bigint() - stop) / 1e9);
    }
  };
}

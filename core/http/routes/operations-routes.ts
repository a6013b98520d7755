import type Router from '@koa/router';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Database } from '../../db/connect.js';
import { NotFoundError, UnauthorizedError } from '../../errors.js';
import type { MetricsText } from '../../cluster/metrics-ipc.js';
import type { RequestState } from '../state.js';

export interface OperationsRoutesDeps {
  db: Database;
  /** Prometheus text for /metrics: this app's registry, or every worker's under node:cluster. */
  collectMetrics(): Promise<MetricsText>;
  mode: 'development' | 'production';
  metricsToken?: string;
  /** False while draining or before the schema is current. */
  isAccepting(): boolean;
  /** False while migrations are pending (core/schema/schema-readiness.ts). */
  isSchemaCurrent?(): Promise<boolean>;
  /** Under LARDER_WORKERS: false until every worker listens. */
  isClusterReady?(): boolean;
}

const READY_TIMEOUT_MS = 2000;

/** Liveness, readiness and Prometheus metrics (DESIGN §8). */
export function registerOperationsRoutes(router: Router<RequestState>, deps: OperationsRoutesDeps): void {
  router.get('/_health', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  router.get('/_ready', async (ctx) => {
    const database = await pingDatabase(deps.db);
    const accepting = deps.isAccepting();
    const schema = database && deps.isSchemaCurrent ? await deps.isSchemaCurrent() : database;
    const workers = deps.isClusterReady?.();
    ctx.status = database && accepting && schema && workers !== false ? 200 : 503;
    ctx.body = {
      status: ctx.status === 200 ? 'ready' : 'unavailable',
      database: database ? 'up' : 'down',
      accepting,
      schema: schema ? 'current' : database ? 'migrations pending' : 'unknown',
      ...(workers === undefined ? {} : { workers: workers ? 'listening' : 'starting' }),
    };
  });

  router.get('/metrics', async (ctx) => {
    if (deps.metricsToken) {
      if (!sameSecret(ctx.get('authorization'), `Bearer ${deps.metricsToken}`)) throw new UnauthorizedError('Missing or invalid metrics token');
    } else if (deps.mode === 'production') {
      // Unprotected metrics are not served in production.
      throw new NotFoundError('Not Found');
    }
    const { contentType, body } = await deps.collectMetrics();
    ctx.type = contentType;
    ctx.body = body;
  });
}

async function pingDatabase(db: Database): Promise<boolean> {
  let timeout: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      db.knex.raw('select 1').then(() => true),
      new Promise<boolean>((resolve) => {
        timeout = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timeout);
  }
}

/** Compares digests so the time taken says nothing about how much of the token matched. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

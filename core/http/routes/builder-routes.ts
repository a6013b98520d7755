import type Router from '@koa/router';
import { requireAdmin } from '../../auth/require-principal.js';
import type { Database } from '../../db/connect.js';
import { NotFoundError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import { applyBuilderChange, parseBuilderInput, planBuilderChange, readDefinitions } from '../../schema/builder.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestState } from '../state.js';
import { methods, type RouteContext } from './route-methods.js';

export interface BuilderRoutesDeps {
  mode: 'development' | 'production';
  db: Database;
  configDir: string;
  migrationsDir: string;
  jsonBodyBytes: number;
  log: Logger;
  /** Restarts the app on the new model (the CLI's single-process server); absent in tests and under LARDER_WORKERS. */
  reload?: () => Promise<void>;
}

const PATHS = ['/api/content-type-builder', '/api/content-type-builder/plan', '/api/content-type-builder/apply'];

/**
 * The content-type builder (DESIGN §9), admins only and development only: in
 * production its paths answer 404, as if it did not exist. Register before
 * the content routes, whose `/api/:name` patterns would take these paths.
 */
export function registerBuilderRoutes(router: Router<RequestState>, deps: BuilderRoutesDeps): void {
  if (deps.mode !== 'development') {
    for (const path of PATHS) router.all(path, async () => { throw new NotFoundError('Not Found'); });
    return;
  }
  const paths = { configDir: deps.configDir, migrationsDir: deps.migrationsDir };
  const input = async (ctx: RouteContext) => parseBuilderInput(await readJsonBody(ctx, deps.jsonBodyBytes));

  router.all('/api/content-type-builder', methods({
    GET: async (ctx) => {
      requireAdmin(ctx.state.principal);
      ctx.body = { data: { enabled: true, reloads: Boolean(deps.reload), types: Object.fromEntries(readDefinitions(deps.configDir)) }, meta: {} };
    },
  }));

  router.all('/api/content-type-builder/plan', methods({
    POST: async (ctx) => {
      requireAdmin(ctx.state.principal);
      const { plan } = await planBuilderChange(deps.db, paths, await input(ctx));
      ctx.body = { data: plan, meta: {} };
    },
  }));

  router.all('/api/content-type-builder/apply', methods({
    POST: async (ctx) => {
      const admin = requireAdmin(ctx.state.principal);
      const { applied, plan } = await applyBuilderChange(deps.db, paths, await input(ctx));
      deps.log.info({ event: 'builder.applied', userId: admin.userId, migrations: applied }, 'content-type builder applied a change');
      const { reload } = deps;
      if (reload) {
        // After the answer is out: the reload closes this server.
        ctx.res.once('finish', () => setImmediate(() => {
          reload().catch((error: unknown) => deps.log.error({ err: error }, 'reload after the builder failed'));
        }));
      }
      ctx.body = {
        data: {
          applied, operations: plan.operations, reloading: Boolean(reload),
          ...(reload ? {} : { message: 'Applied. Restart Larder to serve the new content model.' }),
        },
        meta: {},
      };
    },
  }));
}

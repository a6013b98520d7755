import type Router from '@koa/router';
import { requireAdmin } from '../../auth/require-principal.js';
import type { Database } from '../../db/connect.js';
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

/**
 * The content-type builder (DESIGN §9), admins only and development only. In
 * production nothing is registered: `content-type-builder` is a reserved type
 * name, so the content routes answer its paths 404, as if it did not exist.
 * Register before the content routes, whose `/api/:name` patterns would take these paths.
 */
export function registerBuilderRoutes(router: Router<RequestState>, deps: BuilderRoutesDeps): void {
  if (deps.mode !== 'development') return;
  const paths = { configDir: deps.configDir, migrationsDir: deps.migrationsDir };
  let applying: Promise<unknown> = Promise.resolve();
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
      const change = await input(ctx);
      // One apply at a time: each rewrites definition files before taking the migration lock,
      // and an overlapping one would put back files the other had just applied.
      const done = applying.then(() => applyBuilderChange(deps.db, paths, change));
      applying = done.catch(() => undefined);
      const { applied, plan } = await done;
      deps.log.info({ event: 'builder.applied', userId: admin.userId, migrations: applied }, 'content-type builder applied a change');
      const { reload } = deps;
      if (reload) {
        // After the answer is out (or the client gone, so 'close', not 'finish'): the reload closes this server.
        ctx.res.once('close', () => setImmediate(() => {
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

import type Router from '@koa/router';
import { requireAdmin } from '../../auth/require-principal.js';
import type { Database } from '../../db/connect.js';
import type { Logger } from '../../logging.js';
import { applyBuilderChange, parseBuilderInput, planBuilderChange, readDefinitions } from '../../schema/builder.js';
import type { ServedModel } from '../middleware/served-model.js';
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
  servedModel: ServedModel;
}

/** Steps a process still on the old model can serve: it misses what they add, and names nothing they remove. */
const SERVABLE_BY_OLD_MODEL: ReadonlySet<string> = new Set(['createTable', 'addColumn', 'addIndex', 'dropIndex']);
const RESTART = 'Applied. Restart Larder to serve the new content model.';

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
      // Without a reload this process keeps its model; after a drop or rename its queries would
      // name what is gone, so its content routes answer 503 until it restarts.
      const outdated = !reload && plan.operations.some((step) => !SERVABLE_BY_OLD_MODEL.has(step.op));
      if (outdated) {
        deps.servedModel.markOutdated('The content model changed under this process: restart Larder to serve it');
        deps.log.warn({ event: 'builder.restart_required' }, 'the content model changed; content routes answer 503 until Larder restarts');
      }
      const message = outdated ? `${RESTART} Until then this process answers 503 on the content API: its model names columns or tables that changed.` : RESTART;
      ctx.body = {
        data: { applied, operations: plan.operations, reloading: Boolean(reload), ...(reload ? {} : { message }) },
        meta: {},
      };
    },
  }));
}

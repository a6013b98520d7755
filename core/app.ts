import Router from '@koa/router';
import Koa from 'koa';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { MetricsText } from './cluster/metrics-ipc.js';
import type { AppOptions } from './config/options.js';
import { createContentService, type ContentService } from './content/content-service.js';
import { createHistory, DEFAULT_HISTORY_RETENTION } from './content/history.js';
import { createHooks, type Hooks } from './content/hooks.js';
import { loadContentTypes } from './content-types/load-content-types.js';
import type { ContentTypeRegistry } from './content-types/registry.js';
import { connectDatabase, type Database } from './db/connect.js';
import { instrumentQueries } from './db/query-timing.js';
import { NotFoundError, UriTooLongError } from './errors.js';
import { accessLog } from './http/middleware/access-log.js';
import { cors } from './http/middleware/cors.js';
import { errorEnvelope } from './http/middleware/error-envelope.js';
import { etag } from './http/middleware/etag.js';
import { httpMetrics } from './http/middleware/http-metrics.js';
import { requestId } from './http/middleware/request-id.js';
import { securityHeaders } from './http/middleware/security-headers.js';
import { createServedModel } from './http/middleware/served-model.js';
import { bootstrapAdmin } from './auth/admins.js';
import { createAuth } from './auth/create-auth.js';
import type { Mailer } from './auth/mailer.js';
import { authenticate } from './http/middleware/authenticate.js';
import { labelEarlyErrors } from './http/route-label.js';
import { registerApiTokenRoutes } from './http/routes/api-token-routes.js';
import { registerAuthRoutes } from './http/routes/auth-routes.js';
import { registerBuilderRoutes } from './http/routes/builder-routes.js';
import { registerUsersRoutes } from './http/routes/users-routes.js';
import { adminStatic } from './http/admin-static.js';
import { registerContentRoutes } from './http/routes/content-routes.js';
import { registerContentTypeRoutes } from './http/routes/content-type-routes.js';
import { registerOperationsRoutes } from './http/routes/operations-routes.js';
import { registerRoleRoutes } from './http/routes/role-routes.js';
import type { RequestState } from './http/state.js';
import { createLogger, type Logger } from './logging.js';
import { createMetrics, type Metrics } from './metrics.js';
import { loadRolesConfig } from './permissions/load-roles-config.js';
import { createPermissions, type Permissions } from './permissions/permissions.js';
import { createRolesStore } from './permissions/roles-store.js';
import { syncRoles } from './permissions/sync-roles.js';
import { schemaReadiness } from './schema/schema-readiness.js';
import { syncSchemaAtBoot } from './schema/sync-schema.js';
import { createValidation } from './validation/create-validation.js';

export interface App {
  server: Server;
  db: Database;
  registry: ContentTypeRegistry;
  content: ContentService;
  permissions: Permissions;
  /** Typed lifecycle hooks (DESIGN §7), run inside each write's transaction. */
  hooks: Hooks;
  metrics: Metrics;
  log: Logger;
  /** Starts listening; resolves with the bound port (pass 0 for any). */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Graceful stop: readiness fails first, the server stops accepting and
   * closes idle keep-alive sockets, requests in flight get up to
   * `limits.shutdownGraceMs`, then the pool closes.
   */
  close(): Promise<void>;
}

/**
 * The one place Larder is wired together. No globals: two apps with
 * different configs and databases can run in one process.
 */
/** Wiring that depends on how the process runs, not on configuration. */
export interface AppRuntime {
  /** Under LARDER_WORKERS, /metrics answers with every worker's figures, gathered by the primary. */
  metricsSource?: (registry: Registry) => () => Promise<MetricsText>;
  /** Where password-reset mail goes; tests capture it. Default: SMTP (LARDER_SMTP_URL) or, in development, the log. */
  mailer?: Mailer;
  /**
   * Restarts the app on freshly loaded options and content types, on the same
   * port (the CLI's single-process server). The content-type builder calls it
   * after applying a change; without it, the builder says a restart is needed.
   */
  reload?: () => Promise<void>;
  /** Under LARDER_WORKERS: false until every worker listens (core/cluster/cluster-readiness.ts). */
  isClusterReady?: () => boolean;
}

export async function createApp(options: AppOptions, runtime: AppRuntime = {}): Promise<App> {
  const log = createLogger({
    level: options.logLevel,
    pretty: options.prettyLogs,
    ...(options.logDestination ? { destination: options.logDestination } : {}),
  });
  if (options.developmentSecretFile) {
    log.warn({ event: 'secret.development', file: options.developmentSecretFile }, 'LARDER_SECRET is not set: using the development secret kept in the data directory');
  }
  const registry = loadContentTypes(`${options.configDir}/content-types`);
  const db = connectDatabase({ url: options.databaseUrl, sqliteDriver: options.sqliteDriver, cwd: options.cwd, log });
  try {
    // Roles are checked before the schema is touched: a bad roles.json changes nothing.
    const roles = loadRolesConfig(options.configDir, registry, db.dialect);
    await syncSchemaAtBoot(db, registry.all(), { mode: options.mode, migrationsDir: options.migrationsDir, log });
    await syncRoles(db.knex, roles);
    await bootstrapAdmin(db.knex, options.bootstrapAdmin, log);
  } catch (error) {
    await db.close();
    throw error;
  }
  log.info({ event: 'boot', database: db.description, contentTypes: registry.all().map((type) => type.singularName) }, 'schema is current');

  const metrics = createMetrics();
  instrumentQueries(db.knex, metrics);
  const validation = createValidation(registry, db.dialect);
  const hooks = createHooks();
  const history = createHistory(db, registry, options.history ?? DEFAULT_HISTORY_RETENTION);
  const content = createContentService({ db, registry, validation, metrics, log, history, hooks });
  const permissions = createPermissions({ db, registry, metrics });
  let accepting = true;

  const koa = new Koa<RequestState>();
  koa.proxy = false;
  // Errors are logged by the envelope middleware; Koa's own handler would print them again.
  koa.silent = true;

  const router = new Router<RequestState>();
  const servedModel = createServedModel(registry);
  const migrationsApplied = schemaReadiness(db, options.migrationsDir);
  registerOperationsRoutes(router, {
    db, mode: options.mode, isAccepting: () => accepting,
    ...(runtime.isClusterReady ? { isClusterReady: runtime.isClusterReady } : {}),
    isSchemaCurrent: async () => servedModel.isCurrent() && await migrationsApplied(),
    collectMetrics: runtime.metricsSource?.(metrics.registry)
      ?? (async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() })),
    ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
  });
  const roles = createRolesStore({ knex: db.knex, registry, dialect: db.dialect, changed: () => permissions.invalidate() });
  registerRoleRoutes(router, { roles, jsonBodyBytes: options.limits.jsonBodyBytes });
  const auth = createAuth(options, { db, registry, metrics, log, ...(runtime.mailer ? { mailer: runtime.mailer } : {}) });
  const jsonBodyBytes = options.limits.jsonBodyBytes;
  registerAuthRoutes(router, { ...auth, metrics, trustProxy: options.trustProxy ?? 0, jsonBodyBytes });
  registerUsersRoutes(router, { users: auth.users, jsonBodyBytes });
  registerApiTokenRoutes(router, { apiTokens: auth.apiTokens, jsonBodyBytes });
  registerContentTypeRoutes(router, { registry, permissions });
  registerBuilderRoutes(router, {
    mode: options.mode, db, configDir: options.configDir, migrationsDir: options.migrationsDir, jsonBodyBytes, log, servedModel,
    ...(runtime.reload ? { reload: runtime.reload } : {}),
  });
  // Last: its /api/:name patterns would otherwise shadow the fixed routes above.
  registerContentRoutes(router, { registry, content, permissions, jsonBodyBytes: options.limits.jsonBodyBytes });

  koa.use(async (ctx, next) => {
    // While draining, every response asks the client to close its socket, so
    // keep-alive connections do not hold shutdown open until the grace period ends.
    if (!accepting) ctx.set('Connection', 'close');
    await next();
  });
  koa.use(requestId(log));
  koa.use(accessLog());
  koa.use(httpMetrics(metrics));
  koa.use(errorEnvelope());
  koa.use(async (ctx, next) => {
    if (ctx.url.length > options.limits.urlBytes) throw new UriTooLongError('URI Too Long');
    await next();
  });
  koa.use(securityHeaders());
  koa.use(cors(options.corsOrigins));
  koa.use(etag());
  koa.use(labelEarlyErrors(router));
  koa.use(authenticate({ knex: db.knex, tokens: auth.tokens, apiTokens: auth.apiTokens, metrics }));
  koa.use(adminStatic());
  koa.use(servedModel.guard());
  koa.use(router.routes());
  koa.use(async () => {
    throw new NotFoundError('Not Found');
  });

  // Explicit timeouts: a slow-header client cannot hold a socket, and idle
  // keep-alive sockets close before a typical load balancer's 60 s. Node checks
  // the header and request timeouts every connectionsCheckingInterval (30 s by
  // default), so check often enough for the limits to mean what they say.
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs } = options.limits;
  const server = createServer({
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(250, Math.min(5000, Math.floor(headersTimeoutMs / 4))),
  }, koa.callback());

  let closing: Promise<void> | undefined;
  async function close(): Promise<void> {
    closing ??= (async () => {
      accepting = false;
      log.info({ event: 'shutdown' }, 'shutting down');
      if (server.listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Sockets that finish their last request become idle; close them as they do.
        server.closeIdleConnections();
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        let graceTimer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => {
          graceTimer = setTimeout(resolve, options.limits.shutdownGraceMs);
        });
        await Promise.race([closed, grace]);
        clearInterval(sweep);
        clearTimeout(graceTimer);
        server.closeAllConnections();
      }
      await db.close();
      log.info({ event: 'shutdown.complete' }, 'stopped');
      log.flush();
    })();
    return closing;
  }

  return {
    server, db, registry, content, permissions, hooks, metrics, log, close,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          log.info({ event: 'listening', port: address.port, host: host ?? '0.0.0.0' }, `listening on ${address.port}`);
          resolve(address.port);
        });
      });
    },
  };
}

import type Router from '@koa/router';
import type { Context } from 'koa';
import type { ContentService, ReadRequest, VersionPage, WriteRequest, WriteStatus } from '../../content/content-service.js';
import type { ContentTypeRegistry } from '../../content-types/registry.js';
import type { ContentType } from '../../content-types/types.js';
import { MethodNotAllowedError, NotFoundError, PaginationError, ValidationError } from '../../errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../query/types.js';
import type { Access } from '../../permissions/access.js';
import type { Permissions } from '../../permissions/permissions.js';
import { parseQueryString } from '../../query/parse-query-string.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestState } from '../state.js';

export interface ContentRoutesDeps {
  registry: ContentTypeRegistry;
  content: ContentService;
  permissions: Permissions;
  jsonBodyBytes: number;
}

type Handler = (ctx: Context & { state: RequestState }, type: ContentType, access: Access) => Promise<void>;

/** The Strapi v5 REST surface of every content type (DESIGN §4). Handlers only parse, call, and shape. */
export function registerContentRoutes(router: Router<RequestState>, deps: ContentRoutesDeps): void {
  const { registry, content, permissions } = deps;

  const read = (ctx: Context & { state: RequestState }, access: Access): ReadRequest => ({ params: parseQueryString(ctx.querystring), access, timer: ctx.state.timer });

  const writeStatus = (ctx: Context): WriteStatus | undefined => {
    const status = ctx.query.status;
    if (status === undefined) return undefined;
    if (status === 'draft' || status === 'published') return status;
    throw ValidationError.at(['status'], 'status must be one of: draft, published');
  };

  const data = async (ctx: Context): Promise<unknown> => {
    const body = await readJsonBody(ctx, deps.jsonBodyBytes);
    if (body === null || typeof body !== 'object' || Array.isArray(body) || !Object.hasOwn(body, 'data')) {
      throw new ValidationError('Missing "data" payload in the request body');
    }
    const extra = Object.keys(body).filter((key) => key !== 'data');
    if (extra.length > 0) throw new ValidationError(`Unknown key in the request body: ${extra.join(', ')}`);
    return (body as { data: unknown }).data;
  };

  const write = async (ctx: Context & { state: RequestState }, access: Access): Promise<WriteRequest> => {
    const status = writeStatus(ctx);
    return { ...read(ctx, access), data: await data(ctx), ...(status ? { status } : {}) };
  };

  const collection: Record<string, Handler> = {
    GET: async (ctx, type, access) => {
      const result = await content.findMany(type, read(ctx, access));
      ctx.body = { data: result.data, meta: { pagination: result.pagination } };
    },
    POST: async (ctx, type, access) => {
      const request = await write(ctx, access);
      ctx.status = 201;
      ctx.body = { data: await content.create(type, request), meta: {} };
    },
  };

  const single: Record<string, Handler> = {
    GET: async (ctx, type, access) => {
      ctx.body = { data: await content.findSingle(type, read(ctx, access)), meta: {} };
    },
    PUT: async (ctx, type, access) => {
      const request = await write(ctx, access);
      ctx.body = { data: await content.putSingle(type, request), meta: {} };
    },
    DELETE: async (ctx, type, access) => {
      await content.deleteSingle(type, access, ctx.state.timer);
      ctx.status = 204;
    },
  };

  const item: Record<string, Handler> = {
    GET: async (ctx, type, access) => {
      ctx.body = { data: await content.findOne(type, ctx.params.documentId!, read(ctx, access)), meta: {} };
    },
    PUT: async (ctx, type, access) => {
      const request = await write(ctx, access);
      ctx.body = { data: await content.update(type, ctx.params.documentId!, request), meta: {} };
    },
    DELETE: async (ctx, type, access) => {
      await content.delete(type, ctx.params.documentId!, access, ctx.state.timer);
      ctx.status = 204;
    },
  };

  const action: Record<string, Handler> = {
    POST: async (ctx, type, access) => {
      const request = read(ctx, access);
      const documentId = ctx.params.documentId!;
      const entry = ctx.params.action === 'publish'
        ? await content.publish(type, documentId, request)
        : await content.unpublish(type, documentId, request);
      ctx.body = { data: entry, meta: {} };
    },
  };

  const versionNumber = (ctx: Context): number => {
    const version = Number(ctx.params.version);
    if (!/^[1-9]\d{0,9}$/.test(ctx.params.version ?? '') || !Number.isSafeInteger(version)) throw new NotFoundError('Not Found');
    return version;
  };

  /**
   * History routes name the document in the path for collection types; a single type has one,
   * looked up only once the caller may take `action` (401/403 before anything about the data).
   */
  const documentIdOf = async (ctx: Context & { state: RequestState }, type: ContentType, access: Access, action: 'readHistory' | 'update'): Promise<string> => {
    if (type.kind !== 'singleType') return ctx.params.documentId!;
    access.require(type, action);
    return content.singleDocumentId(type, ctx.state.timer);
  };

  const versions: Record<string, Handler> = {
    GET: async (ctx, type, access) => {
      const result = await content.versions(type, await documentIdOf(ctx, type, access, 'readHistory'), versionPage(parseQueryString(ctx.querystring)), access, ctx.state.timer);
      ctx.body = { data: result.data, meta: { pagination: result.pagination } };
    },
  };

  const version: Record<string, Handler> = {
    GET: async (ctx, type, access) => {
      ctx.body = { data: await content.version(type, await documentIdOf(ctx, type, access, 'readHistory'), versionNumber(ctx), access, ctx.state.timer), meta: {} };
    },
  };

  const restore: Record<string, Handler> = {
    POST: async (ctx, type, access) => {
      ctx.body = { data: await content.restore(type, await documentIdOf(ctx, type, access, 'update'), versionNumber(ctx), read(ctx, access)), meta: {} };
    },
  };

  /** Resolves the type once, at the edge, then dispatches on the method. */
  const dispatch = (pick: (type: ContentType) => Record<string, Handler> | undefined) =>
    async (ctx: Context & { state: RequestState }) => {
      const type = registry.require(ctx.params.name!);
      const handlers = pick(type);
      if (!handlers) throw new NotFoundError('Not Found');
      const handler = handlers[ctx.method === 'HEAD' ? 'GET' : ctx.method];
      if (!handler) throw new MethodNotAllowedError(Object.keys(handlers));
      await handler(ctx, type, await permissions.accessFor(ctx.state.principal));
    };

  router.all('/api/:name', dispatch((type) => (type.kind === 'singleType' ? single : collection)));
  // Before the item route, which would take `versions` for a documentId.
  const singleOnly = (handlers: Record<string, Handler>) => (type: ContentType) => (type.kind === 'singleType' ? handlers : undefined);
  router.all('/api/:name/versions', dispatch(singleOnly(versions)));
  router.all('/api/:name/versions/:version', dispatch(singleOnly(version)));
  router.all('/api/:name/versions/:version/actions/restore', dispatch(singleOnly(restore)));
  router.all('/api/:name/:documentId', dispatch((type) => (type.kind === 'collectionType' ? item : undefined)));
  const collectionOnly = (handlers: Record<string, Handler>) => (type: ContentType) => (type.kind === 'collectionType' ? handlers : undefined);
  router.all('/api/:name/:documentId/versions', dispatch(collectionOnly(versions)));
  router.all('/api/:name/:documentId/versions/:version', dispatch(collectionOnly(version)));
  router.all('/api/:name/:documentId/versions/:version/actions/restore', dispatch(collectionOnly(restore)));
  router.all('/api/:name/:documentId/actions/:action', dispatch((type) => (type.kind === 'collectionType' && type.draftAndPublish ? action : undefined)));
  router.param('action', async (action, ctx, next) => {
    if (action !== 'publish' && action !== 'unpublish') throw new NotFoundError('Not Found');
    await next();
  });
}

const PAGE_KEYS = new Set(['page', 'pageSize']);

/** `pagination[page]` and `pagination[pageSize]` for a history list; anything else is a 400. */
function versionPage(params: Record<string, unknown>): VersionPage {
  for (const key of Object.keys(params)) {
    if (key !== 'pagination') throw ValidationError.at([key], `Invalid query parameter ${key}; allowed: pagination`);
  }
  const raw = (params.pagination ?? {}) as Record<string, unknown>;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw ValidationError.at(['pagination'], 'pagination must be an object');
  for (const key of Object.keys(raw)) {
    if (!PAGE_KEYS.has(key)) throw ValidationError.at(['pagination', key], `Invalid key ${key}; allowed: page, pageSize`);
  }
  const number = (key: string, fallback: number, max: number): number => {
    const value = raw[key];
    if (value === undefined) return fallback;
    const parsed = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (!(parsed >= 1)) throw new PaginationError(`pagination.${key} must be a positive integer`);
    return Math.min(parsed, max);
  };
  return { page: number('page', 1, Number.MAX_SAFE_INTEGER), pageSize: number('pageSize', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) };
}

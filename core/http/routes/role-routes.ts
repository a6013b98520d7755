import type Router from '@koa/router';
import type { Context } from 'koa';
import { requireAdmin } from '../../auth/require-principal.js';
import { NotFoundError } from '../../errors.js';
import type { RolesStore } from '../../permissions/roles-store.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestState } from '../state.js';
import { methods } from './route-methods.js';

export interface RoleRoutesDeps {
  roles: RolesStore;
  jsonBodyBytes: number;
}

function roleId(ctx: Context): number {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('Not Found');
  return id;
}

/** `/api/roles` CRUD (DESIGN §5) for admins: `{ data }` envelopes like the content API. */
export function registerRoleRoutes(router: Router<RequestState>, { roles, jsonBodyBytes }: RoleRoutesDeps): void {
  router.all('/api/roles', methods({
    GET: async (ctx) => {
      requireAdmin(ctx.state.principal);
      const data = await roles.list();
      ctx.body = { data, meta: { pagination: { page: 1, pageSize: data.length, pageCount: 1, total: data.length } } };
    },
    POST: async (ctx) => {
      requireAdmin(ctx.state.principal);
      const data = await roles.create(await readJsonBody(ctx, jsonBodyBytes));
      ctx.status = 201;
      ctx.body = { data, meta: {} };
    },
  }));
  router.all('/api/roles/:id', methods({
    GET: async (ctx) => {
      requireAdmin(ctx.state.principal);
      ctx.body = { data: await roles.get(roleId(ctx)), meta: {} };
    },
    PUT: async (ctx) => {
      requireAdmin(ctx.state.principal);
      const id = roleId(ctx);
      ctx.body = { data: await roles.update(id, await readJsonBody(ctx, jsonBodyBytes)), meta: {} };
    },
    DELETE: async (ctx) => {
      requireAdmin(ctx.state.principal);
      await roles.delete(roleId(ctx));
      ctx.status = 204;
    },
  }));
}

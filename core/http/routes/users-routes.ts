import type Router from '@koa/router';
import { requireAdmin, requireUser } from '../../auth/require-principal.js';
import type { UserAdmin } from '../../auth/user-admin.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestState } from '../state.js';
import { methods, type RouteContext } from './route-methods.js';

export interface UsersRoutesDeps {
  users: UserAdmin;
  jsonBodyBytes: number;
}

/** `/api/users` in Strapi's users-permissions shape: plain objects and arrays, no `{ data }` (DESIGN §5, §10). */
export function registerUsersRoutes(router: Router<RequestState>, { users, jsonBodyBytes }: UsersRoutesDeps): void {
  const body = (ctx: RouteContext) => readJsonBody(ctx, jsonBodyBytes);

  // Before /api/users/:id, which would otherwise take "me" for an id.
  router.all('/api/users/me', methods({
    GET: async (ctx) => {
      ctx.body = await users.me(requireUser(ctx.state.principal));
    },
  }));

  router.all('/api/users', methods({
    GET: async (ctx) => {
      requireAdmin(ctx.state.principal);
      ctx.body = await users.list(ctx.querystring);
    },
    POST: async (ctx) => {
      requireAdmin(ctx.state.principal);
      const created = await users.create(await body(ctx));
      ctx.status = 201;
      ctx.body = created;
    },
  }));

  router.all('/api/users/:id', methods({
    GET: async (ctx) => {
      requireAdmin(ctx.state.principal);
      ctx.body = await users.findOne(ctx.params.id!);
    },
    PUT: async (ctx) => {
      requireAdmin(ctx.state.principal);
      ctx.body = await users.update(ctx.params.id!, await body(ctx));
    },
    DELETE: async (ctx) => {
      requireAdmin(ctx.state.principal);
      ctx.body = await users.remove(ctx.params.id!);
    },
  }));
}

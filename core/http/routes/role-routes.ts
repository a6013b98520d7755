import type Router from '@koa/router';
import type { Context } from 'koa';
import { ANONYMOUS } from '../../auth/principal.js';
import { requireAdmin } from '../../auth/require-principal.js';
import { NotFoundError } from '../../errors.js';
import type { RolesStore } from '../../permissions/roles-store.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestState } from '../state.js';

export interface RoleRoutesDeps {
  roles: RolesStore;
  jsonBodyBytes: number;
}

function roleId(ctx: Context): number {
  const id = Number(ctx.params.id);
  if (!Number.isSafeInteger(id) || id <= 0) throw new NotFoundError('Not Found');
  return id;
}

/** `/api/roles` CRUD (DESIGN §5): `{ data }` envelopes like the content API. */
export function registerRoleRoutes(router: Router<RequestState>, { roles, jsonBodyBytes }: RoleRoutesDeps): void {
  router.use(['/api/roles', '/api/roles/:id'], async (ctx, next) => {
    requireAdmin(ctx.state.principal ?? ANONYMOUS);
    await next();
  });
  router.get('/api/roles', async (ctx) => {
    const data = await roles.list();
    ctx.body = { data, meta: { pagination: { page: 1, pageSize: data.length, pageCount: 1, total: data.length } } };
  });
  router.get('/api/roles/:id', async (ctx) => {
    ctx.body = { data: await roles.get(roleId(ctx)), meta: {} };
  });
  router.post('/api/roles', async (ctx) => {
    const data = await roles.create(await readJsonBody(ctx, jsonBodyBytes));
    ctx.status = 201;
    ctx.body = { data, meta: {} };
  });
  router.put('/api/roles/:id', async (ctx) => {
    const id = roleId(ctx);
    ctx.body = { data: await roles.update(id, await readJsonBody(ctx, jsonBodyBytes)), meta: {} };
  });
  router.delete('/api/roles/:id', async (ctx) => {
    await roles.delete(roleId(ctx));
    ctx.status = 204;
  });
}

import type Router from '@koa/router';
import type { ApiTokens } from '../../auth/api-tokens.js';
import { requireAdmin } from '../../auth/require-principal.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestState } from '../state.js';
import { methods } from './route-methods.js';

export interface ApiTokenRoutesDeps {
  apiTokens: ApiTokens;
  jsonBodyBytes: number;
}

/** `/api/api-tokens` for admins (DESIGN §10). The access key is in the creation answer only. */
export function registerApiTokenRoutes(router: Router<RequestState>, { apiTokens, jsonBodyBytes }: ApiTokenRoutesDeps): void {
  router.all('/api/api-tokens', methods({
    GET: async (ctx) => {
      requireAdmin(ctx.state.principal);
      ctx.body = { data: await apiTokens.list() };
    },
    POST: async (ctx) => {
      requireAdmin(ctx.state.principal);
      const created = await apiTokens.create(await readJsonBody(ctx, jsonBodyBytes));
      ctx.status = 201;
      ctx.body = { data: created };
    },
  }));

  router.all('/api/api-tokens/:id', methods({
    DELETE: async (ctx) => {
      requireAdmin(ctx.state.principal);
      await apiTokens.revoke(ctx.params.id!);
      ctx.status = 204;
    },
  }));
}

import type Router from '@koa/router';
import { requireUser } from '../../auth/require-principal.js';
import type { ContentTypeRegistry } from '../../content-types/registry.js';
import { ForbiddenError } from '../../errors.js';
import type { Permissions } from '../../permissions/permissions.js';
import type { RequestState } from '../state.js';
import { describeContentType } from './describe-content-type.js';
import { methods } from './route-methods.js';

export interface ContentTypeRoutesDeps {
  registry: ContentTypeRegistry;
  permissions: Pick<Permissions, 'accessFor' | 'allowedActions'>;
}

/**
 * `GET /api/content-types`: the types the signed-in user may work with, their
 * attributes and the actions the user's role allows on each. The admin panel
 * builds its sidebar, forms and buttons from this; the content routes still
 * check every request. Register it before the content routes, whose
 * `/api/:name` pattern would otherwise take `content-types` for a type.
 */
export function registerContentTypeRoutes(router: Router<RequestState>, { registry, permissions }: ContentTypeRoutesDeps): void {
  router.all('/api/content-types', methods({
    GET: async (ctx) => {
      // Users only: the panel signs users in, and a token has no use for its schema screens.
      const principal = requireUser(ctx.state.principal);
      if (!principal.role) throw new ForbiddenError('Your account has no role');
      const access = await permissions.accessFor(principal);
      const data = registry.all().flatMap((type) => {
        const actions = permissions.allowedActions(access, type);
        if (actions.length === 0) return [];
        // Attributes the user cannot read (private, or outside a `fields` list) are left out:
        // the panel could neither show nor safely send them.
        const policy = access.readPolicy(type, actions.includes('find') ? 'find' : actions[0]!);
        return [describeContentType(type, actions, (attribute) => policy.canRead(type, attribute.name))];
      });
      ctx.body = { data, meta: {} };
    },
  }));
}

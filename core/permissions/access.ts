import type { Principal } from '../auth/principal.js';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { isPlainObject } from '../query/is-plain-object.js';
import type { FilterNode, ReadPolicy } from '../query/types.js';
import { instantiateConditions, NO_ROWS, type ConditionVariables } from './conditions.js';
import type { Grant, PermissionTable } from './permission-table.js';
import type { Action } from './types.js';

/** The fields that record who wrote an entry: only privileged callers may filter on them. */
const AUTHOR_FIELDS = new Set(['createdBy', 'updatedBy']);

/**
 * What one caller may do, for the length of one request: the caller's role
 * table (compiled once per role) plus the request's condition variables.
 */
export interface Access {
  readonly principal: Principal;
  /** Admin and editor roles read private fields: the admin panel edits them (DESIGN §10). */
  readonly privileged: boolean;
  can(type: ContentType, action: Action): boolean;
  /** Throws 401 for anonymous callers and 403 for others when the action is not granted at all. */
  require(type: ContentType, action: Action): void;
  /** What a query rooted at `type` for `action` may read; related types are read under their `find` grant. */
  readPolicy(type: ContentType, action: Action): ReadPolicy;
  /** The rows of `type` the caller may touch with `action`; undefined means all of them. */
  rowFilter(type: ContentType, action: Action): FilterNode | undefined;
  /** Writing an attribute outside the grant's field list is a 403. */
  checkWritableFields(type: ContentType, action: Action, data: unknown): void;
}

export interface AccessDeps {
  registry: ContentTypeRegistry;
  dialect: Dialect;
  metrics: Metrics;
}

export function createAccess(principal: Principal, table: PermissionTable, privileged: boolean, deps: AccessDeps): Access {
  const variables: ConditionVariables = {
    now: new Date(),
    ...(principal.kind === 'user' ? { user: { id: principal.userId, role: principal.role?.type ?? '' } } : {}),
  };
  const rowFilters = new Map<string, FilterNode | undefined>();

  function deny(type: ContentType, action: Action): never {
    deps.metrics.permissionDenials.inc({ type: type.singularName, action });
    if (principal.kind === 'anonymous') throw new UnauthorizedError('Missing or invalid credentials');
    throw new ForbiddenError('Forbidden');
  }

  function rowFilter(type: ContentType, action: Action): FilterNode | undefined {
    const key = `${type.singularName}:${action}`;
    if (rowFilters.has(key)) return rowFilters.get(key);
    const grant = table.grant(type, action);
    const filter = !grant ? NO_ROWS : conditionsFilter(grant, type);
    rowFilters.set(key, filter);
    return filter;
  }

  function conditionsFilter(grant: Grant, type: ContentType): FilterNode | undefined {
    if (!grant.conditions) return undefined;
    const children = grant.conditions.map((template) => instantiateConditions(template, type, deps.registry, deps.dialect, variables));
    return children.length === 1 ? children[0] : { kind: 'or', children };
  }

  const access: Access = {
    principal,
    privileged,
    can: (type, action) => table.grant(type, action) !== undefined,
    require(type, action) {
      if (!table.grant(type, action)) deny(type, action);
    },
    readPolicy(root, action) {
      const grantFor = (type: ContentType) => table.grant(type, type === root ? action : 'find');
      return {
        canRead(type, name) {
          if (AUTHOR_FIELDS.has(name)) return privileged;
          const attribute = type.attributes.get(name);
          if (attribute?.private && !privileged) return false;
          const fields = grantFor(type)?.fields;
          return attribute === undefined || fields === undefined || fields.has(name);
        },
        canReadType: (type) => type === root || table.grant(type, 'find') !== undefined,
        relatedRows: (type) => rowFilter(type, 'find'),
      };
    },
    rowFilter,
    checkWritableFields(type, action, data) {
      const fields = table.grant(type, action)?.fields;
      if (!fields || !isPlainObject(data)) return;
      const refused = Object.keys(data).filter((name) => type.attributes.has(name) && !fields.has(name));
      if (refused.length > 0) {
        deps.metrics.permissionDenials.inc({ type: type.singularName, action });
        throw new ForbiddenError(`Forbidden: you may not write ${refused.join(', ')}`, {
          errors: refused.map((name) => ({ path: [name], message: 'You may not write this field', name: 'ForbiddenError' })),
        });
      }
    },
  };
  return access;
}

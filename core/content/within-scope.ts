import type { Knex } from 'knex';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import type { Access } from '../permissions/access.js';
import { rowScope } from '../query/row-scope.js';
import type { FilterNode } from '../query/types.js';

/** Restricts a statement on `type` to the rows the caller may touch with `filter`. */
export function withinScope(
  query: Knex.QueryBuilder, dialect: Dialect, registry: ContentTypeRegistry, type: ContentType, filter: FilterNode | undefined, access: Access,
): Knex.QueryBuilder {
  if (!filter) return query;
  const scope = rowScope(dialect, registry, type, filter, access.readPolicy(type, 'find'));
  return query.whereRaw(`"id" IN (${scope.sql})`, scope.bindings as Knex.RawBinding[]);
}

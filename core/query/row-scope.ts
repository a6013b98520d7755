import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { compileFilter } from './compile-filters.js';
import { quoteIdentifier } from './quote-identifier.js';
import { createSqlScope } from './sql-scope.js';
import type { FilterNode, ReadPolicy } from './types.js';

/** A subquery of the ids of `type` matching `filter`, over every row whatever its status: `id IN (…)` scopes a write. */
export interface RowScope {
  sql: string;
  bindings: unknown[];
}

export function rowScope(dialect: Dialect, registry: ContentTypeRegistry, type: ContentType, filter: FilterNode, policy: ReadPolicy): RowScope {
  const scope = createSqlScope(dialect, 'draft', registry, policy);
  const condition = compileFilter(scope, filter, 's0');
  return { sql: `SELECT s0."id" FROM ${quoteIdentifier(type.table)} s0 WHERE ${condition}`, bindings: scope.bindings };
}

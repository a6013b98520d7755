import type { ContentType } from '../content-types/types.js';
import { compileFilter } from './compile-filters.js';
import { compileSearch } from './compile-search.js';
import { visibleCondition, type SqlScope } from './sql-scope.js';
import type { ParsedQuery, ReadPolicy } from './types.js';

/** The WHERE conditions of a read on `type` under `alias`: status, filters and `_q`. */
export function whereConditions(scope: SqlScope, type: ContentType, query: ParsedQuery, alias: string, policy: ReadPolicy): string[] {
  const conditions: string[] = [];
  const visible = visibleCondition(scope, type, alias);
  if (visible) conditions.push(visible);
  if (query.filters) conditions.push(compileFilter(scope, query.filters, alias));
  if (query.q !== undefined && query.q !== '') conditions.push(compileSearch(scope, type, query.q, alias, policy));
  return conditions;
}

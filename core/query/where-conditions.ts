import type { ContentType } from '../content-types/types.js';
import { compileFilter } from './compile-filters.js';
import { compileSearch } from './compile-search.js';
import type { SqlScope } from './sql-scope.js';
import type { ParsedQuery, ReadPolicy } from './types.js';

/** The WHERE conditions of a read on `type` under `alias`: filters and `_q` (the status is the table read). */
export function whereConditions(scope: SqlScope, type: ContentType, query: ParsedQuery, alias: string, policy: ReadPolicy): string[] {
  const conditions: string[] = [];
  if (query.filters) conditions.push(compileFilter(scope, query.filters, alias));
  if (query.q !== undefined && query.q !== '') conditions.push(compileSearch(scope, type, query.q, alias, policy));
  return conditions;
}

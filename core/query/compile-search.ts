import { SEARCHABLE_TYPES, type ContentType } from '../content-types/types.js';
import { escapeLike, foldCase, lowerColumn } from './compile-filters.js';
import { isReadable } from './resolve-field.js';
import { bind, type SqlScope } from './sql-scope.js';
import type { ReadPolicy } from './types.js';

/**
 * `_q`: a case-insensitive substring match of the whole phrase over the
 * string fields the caller may read (DESIGN §10); never private or password
 * fields, so a search cannot probe them. No searchable field matches nothing.
 */
export function compileSearch(scope: SqlScope, type: ContentType, phrase: string, alias: string, policy: ReadPolicy): string {
  const pattern = `%${escapeLike(foldCase(phrase))}%`;
  const tests: string[] = [];
  for (const attribute of type.attributes.values()) {
    if (attribute.kind !== 'scalar' || !SEARCHABLE_TYPES.has(attribute.type) || attribute.private) continue;
    if (!isReadable(policy, type, attribute)) continue;
    tests.push(`${lowerColumn(scope, alias, attribute)} LIKE ${bind(scope, pattern)} ESCAPE '\\'`);
  }
  if (tests.length === 0) return '1=0';
  return tests.length === 1 ? tests[0]! : `(${tests.join(' OR ')})`;
}

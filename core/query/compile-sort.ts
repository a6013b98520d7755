import type { ScalarAttribute } from '../content-types/types.js';
import { quoteIdentifier as q } from './quote-identifier.js';
import { bind, nextAlias, orderedColumn, type SqlScope } from './sql-scope.js';
import { ID_ATTRIBUTE } from './system-attributes.js';
import type { Cursor, SortDirection, SortKey } from './types.js';

/** A sort key as SQL: an expression on the row, its direction, and whether it can be NULL. */
export interface CompiledSortKey {
  expression: string;
  direction: SortDirection;
  nullable: boolean;
  attribute: ScalarAttribute;
}

/** Columns that are never NULL, so ORDER BY needs no NULLS clause (which would keep PostgreSQL off the index). */
const NOT_NULL_COLUMNS = new Set(['id', 'document_id', 'created_at', 'updated_at']);

/**
 * Compiles the requested sort for rows under `alias` and appends the `id`
 * tie-break (DESIGN §10), unless `id` already decides the order. Sort
 * expressions take no bindings, so they may be repeated anywhere in a query.
 */
export function compileSort(scope: SqlScope, sort: readonly SortKey[], alias: string): CompiledSortKey[] {
  const keys: CompiledSortKey[] = sort.map((key) => compileKey(scope, key, alias));
  if (!sort.some((key) => key.through.length === 0 && key.attribute === ID_ATTRIBUTE)) {
    keys.push({ expression: `${alias}."id"`, direction: 'asc', nullable: false, attribute: ID_ATTRIBUTE });
  }
  return keys;
}

function compileKey(scope: SqlScope, key: SortKey, alias: string): CompiledSortKey {
  const { attribute, direction } = key;
  if (key.through.length === 0) {
    return { expression: orderedColumn(scope, alias, attribute), direction, nullable: !NOT_NULL_COLUMNS.has(attribute.column), attribute };
  }
  // A path through relations: the smallest related value ascending, the
  // largest descending (DESIGN §10), as a correlated subquery so rows are
  // never repeated the way a JOIN to a to-many relation would repeat them.
  let from = '';
  let previous = alias;
  const conditions: string[] = [];
  key.through.forEach((step, index) => {
    const link = nextAlias(scope, 'l');
    const target = nextAlias(scope, 't');
    const { sourceColumn, targetColumn } = step.attribute.link;
    const table = scope.tables.link(step.attribute);
    if (index === 0) {
      from = `${q(table)} ${link}`;
      conditions.push(`${link}.${q(sourceColumn)} = ${previous}."id"`);
    } else {
      from += ` JOIN ${q(table)} ${link} ON ${link}.${q(sourceColumn)} = ${previous}."id"`;
    }
    from += ` JOIN ${q(scope.tables.content(step.target))} ${target} ON ${target}."id" = ${link}.${q(targetColumn)}`;
    // The status is in the table joined; the caller's row conditions are not
    // applied: bound values cannot sit in a sort expression that appears twice.
    previous = target;
  });
  const value = orderedColumn(scope, previous, attribute);
  const aggregate = aggregateFor(scope, attribute, direction);
  return {
    expression: `(SELECT ${aggregate}(${value}) FROM ${from} WHERE ${conditions.join(' AND ')})`,
    direction,
    nullable: true,
    attribute,
  };
}

/** PostgreSQL has no min/max for booleans: bool_and is the minimum, bool_or the maximum. */
function aggregateFor(scope: SqlScope, attribute: ScalarAttribute, direction: SortDirection): string {
  if (scope.dialect === 'postgres' && attribute.type === 'boolean') return direction === 'asc' ? 'bool_and' : 'bool_or';
  return direction === 'asc' ? 'MIN' : 'MAX';
}

/** NULLs first ascending, last descending: SQLite's default, spelled out for PostgreSQL. */
export function orderByClause(scope: SqlScope, keys: readonly CompiledSortKey[]): string {
  return keys.map((key) => {
    const direction = key.direction === 'asc' ? 'ASC' : 'DESC';
    if (scope.dialect === 'sqlite' || !key.nullable) return `${key.expression} ${direction}`;
    return `${key.expression} ${direction} ${key.direction === 'asc' ? 'NULLS FIRST' : 'NULLS LAST'}`;
  }).join(', ');
}

/**
 * The keyset condition "after the cursor row" in the order of `keys`: the
 * row-value comparison (k1, …, kn) > (c1, …, cn) expanded so that each key
 * keeps its own direction and NULL placement. A leading bound on the first
 * key lets an index skip straight to the page, so page 2,000 costs what page 1 does.
 */
export function keysetCondition(scope: SqlScope, keys: readonly CompiledSortKey[], cursor: Cursor): string {
  const values = keys.length === cursor.values.length ? cursor.values : [...cursor.values, cursor.id];
  // Bindings are pushed in text order, so the leading bound is compiled first.
  const first = keys[0]!;
  const firstValue = values[0] ?? null;
  let bound = '';
  if (keys.length > 1 && first.direction === 'asc' && firstValue !== null) {
    bound = `${first.expression} >= ${bindSortValue(scope, first, firstValue)} AND `;
  } else if (keys.length > 1 && first.direction === 'desc' && firstValue === null) {
    bound = `${first.expression} IS NULL AND `;
  }
  const disjuncts: string[] = [];
  keys.forEach((key, index) => {
    const value = values[index] ?? null;
    if (key.direction === 'desc' && value === null) return; // nothing sorts after a trailing NULL
    // Each `?` is pushed as its text is written, so earlier keys are compiled again per disjunct.
    const parts: string[] = [];
    for (let previous = 0; previous < index; previous++) {
      const earlier = keys[previous]!;
      const earlierValue = values[previous] ?? null;
      parts.push(earlierValue === null ? `${earlier.expression} IS NULL` : `${earlier.expression} = ${bindSortValue(scope, earlier, earlierValue)}`);
    }
    parts.push(afterCondition(scope, key, value));
    disjuncts.push(parts.length === 1 ? parts[0]! : `(${parts.join(' AND ')})`);
  });
  if (disjuncts.length === 0) return '1=0';
  return `${bound}${disjuncts.length === 1 ? disjuncts[0]! : `(${disjuncts.join(' OR ')})`}`;
}

function afterCondition(scope: SqlScope, key: CompiledSortKey, value: unknown): string {
  if (key.direction === 'asc') {
    // NULLs come first: after a NULL is every non-NULL value.
    return value === null ? `${key.expression} IS NOT NULL` : `${key.expression} > ${bindSortValue(scope, key, value)}`;
  }
  // NULLs come last.
  const below = `${key.expression} < ${bindSortValue(scope, key, value)}`;
  return key.nullable ? `(${below} OR ${key.expression} IS NULL)` : below;
}

/**
 * A cursor value as an operand. SQLite converts a bound text to a number
 * only against a column with numeric affinity; an aggregate has none, and a
 * biginteger travels as text, so cast it back explicitly.
 */
function bindSortValue(scope: SqlScope, key: CompiledSortKey, value: unknown): string {
  const placeholder = bind(scope, value);
  return scope.dialect === 'sqlite' && key.attribute.type === 'biginteger' ? `CAST(${placeholder} AS INTEGER)` : placeholder;
}

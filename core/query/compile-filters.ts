import type { ContentType, ScalarAttribute } from '../content-types/types.js';
import { quoteIdentifier as q } from './quote-identifier.js';
import { bind, column, isTextAttribute, nextAlias, orderedColumn, type SqlScope } from './sql-scope.js';
import type { CompareOperator, FilterNode, RelationStep } from './types.js';

/**
 * Compiles a filter tree to a SQL condition on the row under `alias`,
 * pushing bindings onto the scope in text order.
 *
 * Negation is pushed down to the leaves rather than wrapped around
 * subqueries. That keeps DESIGN §10's rule that NULL never matches a negated
 * test, and it gives relation filters Strapi's join semantics: `$not` on
 * `tags.slug = a` means "has a tag whose slug is not a", and an entry with no
 * related row behaves like one related row whose columns are all NULL.
 */
export function compileFilter(scope: SqlScope, node: FilterNode, alias: string): string {
  return compile(scope, node, alias, false);
}

/**
 * Which rows of `type`, reached through a relation under `alias`, exist for
 * the caller: their row conditions on that type (the status is the table the
 * scope reads). Empty when every row does.
 */
export function relatedCondition(scope: SqlScope, type: ContentType, alias: string): string {
  const rows = scope.inRowCondition ? undefined : scope.relatedRows?.(type);
  if (!rows) return '';
  scope.inRowCondition = true;
  try {
    return compile(scope, rows, alias, false);
  } finally {
    scope.inRowCondition = false;
  }
}

function compile(scope: SqlScope, node: FilterNode, alias: string, negated: boolean): string {
  switch (node.kind) {
    case 'and':
    case 'or': {
      // De Morgan holds in SQL's three-valued logic, so NOT can move inside.
      const conjunction = (node.kind === 'and') !== negated;
      if (node.children.length === 0) return conjunction ? '1=1' : '1=0';
      const parts = node.children.map((child) => compile(scope, child, alias, negated));
      return parts.length === 1 ? parts[0]! : `(${parts.join(conjunction ? ' AND ' : ' OR ')})`;
    }
    case 'not':
      return compile(scope, node.child, alias, !negated);
    case 'compare':
      return negate(compareCondition(scope, alias, node.attribute, node.operator, node.value), negated);
    case 'in':
      return negate(inCondition(scope, alias, node.attribute, node.negated, node.values), negated);
    case 'between': {
      const operand = orderedColumn(scope, alias, node.attribute);
      return negate(`${operand} BETWEEN ${bind(scope, node.low)} AND ${bind(scope, node.high)}`, negated);
    }
    case 'null':
      return `${column(alias, node.attribute)} ${node.isNull !== negated ? 'IS NULL' : 'IS NOT NULL'}`;
    case 'related':
      return `${alias}."id" ${node.exists !== negated ? 'IN' : 'NOT IN'} (${linkedIds(scope, node.step)})`;
    case 'relation': {
      const target = nextAlias(scope, 't');
      const link = nextAlias(scope, 'l');
      const { attribute, target: targetType } = node.step;
      const conditions = [relatedCondition(scope, targetType, target), compile(scope, node.filter, target, negated)].filter(Boolean);
      const matching = `${alias}."id" IN (SELECT ${link}.${q(attribute.link.sourceColumn)} FROM ${q(scope.tables.link(attribute))} ${link} `
        + `JOIN ${q(scope.tables.content(targetType))} ${target} ON ${target}."id" = ${link}.${q(attribute.link.targetColumn)} WHERE ${conditions.join(' AND ')})`;
      // Strapi joins relations with LEFT JOIN: an entry with nothing related
      // matches when the filter holds for an all-NULL related row.
      if (holdsOnNullRow(node.filter, negated) !== true) return matching;
      return `(${matching} OR ${alias}."id" NOT IN (${linkedIds(scope, node.step)}))`;
    }
  }
}

function negate(condition: string, negated: boolean): string {
  return negated ? `NOT (${condition})` : condition;
}

/** Ids of this side's rows that have at least one visible related entry. */
function linkedIds(scope: SqlScope, step: RelationStep): string {
  const link = nextAlias(scope, 'l');
  const { attribute, target } = step;
  const source = `SELECT ${link}.${q(attribute.link.sourceColumn)} FROM ${q(scope.tables.link(attribute))} ${link}`;
  const targetAlias = nextAlias(scope, 't');
  const visible = relatedCondition(scope, target, targetAlias);
  const targetTable = scope.tables.content(target);
  // Without conditions the link alone tells, unless the target is versioned:
  // a published read sees a link only to a published target.
  if (!visible && targetTable === target.table) return source;
  const joined = `${source} JOIN ${q(targetTable)} ${targetAlias} ON ${targetAlias}."id" = ${link}.${q(attribute.link.targetColumn)}`;
  return visible ? `${joined} WHERE ${visible}` : joined;
}

type Truth = true | false | null;

/** Evaluates a filter, in SQL's three-valued logic, on a row whose every column is NULL. */
function holdsOnNullRow(node: FilterNode, negated: boolean): Truth {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const conjunction = (node.kind === 'and') !== negated;
      let result: Truth = conjunction;
      for (const child of node.children) {
        const value = holdsOnNullRow(child, negated);
        if (value === !conjunction) return value;
        if (value === null) result = null;
      }
      return result;
    }
    case 'not':
      return holdsOnNullRow(node.child, !negated);
    case 'null':
      return node.isNull !== negated;
    case 'related':
      return node.exists === negated;
    case 'relation':
      return holdsOnNullRow(node.filter, negated);
    case 'in':
      // An empty list compiles to a test that is false on a NULL column (see inCondition).
      return node.values.length === 0 ? negated : null;
    default:
      return null;
  }
}

function inCondition(scope: SqlScope, alias: string, attribute: ScalarAttribute, notIn: boolean, values: readonly unknown[]): string {
  const operand = column(alias, attribute);
  // `NOT IN ()` would match NULL too; DESIGN §10 says NULL never matches a negation.
  if (values.length === 0) return notIn ? `${operand} IS NOT NULL` : '1=0';
  scope.varyingText = true;
  const placeholders = values.map((value) => bind(scope, value)).join(', ');
  return `${operand} ${notIn ? 'NOT IN' : 'IN'} (${placeholders})`;
}

/** `%`, `_` and the escape character itself, with ESCAPE '\' (a trailing backslash included). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * Case folding for the `…i` operators and `_q`. SQLite's lower() folds ASCII
 * only; folding ASCII only on PostgreSQL too (COLLATE "C") keeps the two
 * databases returning the same rows (DESIGN §10).
 */
export function foldCase(value: string): string {
  return value.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

export function lowerColumn(scope: SqlScope, alias: string, attribute: ScalarAttribute): string {
  const operand = column(alias, attribute);
  return scope.dialect === 'postgres' ? `lower(${operand} COLLATE "C")` : `lower(${operand})`;
}

const LIKE_ESCAPE = ` ESCAPE '\\'`;

function compareCondition(scope: SqlScope, alias: string, attribute: ScalarAttribute, operator: CompareOperator, value: unknown): string {
  const text = isTextAttribute(attribute) && typeof value === 'string';
  switch (operator) {
    case '$eq': return `${column(alias, attribute)} = ${bind(scope, value)}`;
    case '$ne': return `${column(alias, attribute)} <> ${bind(scope, value)}`;
    case '$eqi':
      if (!text) return `${column(alias, attribute)} = ${bind(scope, value)}`;
      return `${lowerColumn(scope, alias, attribute)} = ${bind(scope, foldCase(value))}`;
    case '$nei':
      if (!text) return `${column(alias, attribute)} <> ${bind(scope, value)}`;
      return `${lowerColumn(scope, alias, attribute)} <> ${bind(scope, foldCase(value))}`;
    case '$lt': return `${orderedColumn(scope, alias, attribute)} < ${bind(scope, value)}`;
    case '$lte': return `${orderedColumn(scope, alias, attribute)} <= ${bind(scope, value)}`;
    case '$gt': return `${orderedColumn(scope, alias, attribute)} > ${bind(scope, value)}`;
    case '$gte': return `${orderedColumn(scope, alias, attribute)} >= ${bind(scope, value)}`;
    case '$contains': return containsCondition(scope, alias, attribute, String(value), 'anywhere');
    case '$notContains': return `NOT (${containsCondition(scope, alias, attribute, String(value), 'anywhere')})`;
    case '$startsWith': return containsCondition(scope, alias, attribute, String(value), 'start');
    case '$endsWith': return containsCondition(scope, alias, attribute, String(value), 'end');
    case '$containsi': return likeInsensitive(scope, alias, attribute, `%${escapeLike(foldCase(String(value)))}%`);
    case '$notContainsi': return `NOT (${likeInsensitive(scope, alias, attribute, `%${escapeLike(foldCase(String(value)))}%`)})`;
    case '$startsWithi': return likeInsensitive(scope, alias, attribute, `${escapeLike(foldCase(String(value)))}%`);
    case '$endsWithi': return likeInsensitive(scope, alias, attribute, `%${escapeLike(foldCase(String(value)))}`);
  }
}

function likeInsensitive(scope: SqlScope, alias: string, attribute: ScalarAttribute, pattern: string): string {
  return `${lowerColumn(scope, alias, attribute)} LIKE ${bind(scope, pattern)}${LIKE_ESCAPE}`;
}

/**
 * Case-sensitive substring tests. PostgreSQL's LIKE is case-sensitive;
 * SQLite's is not (sqlite.org/lang_expr.html#like), so SQLite compares
 * exactly with instr/substr, counting characters as SQLite's length() does.
 */
function containsCondition(scope: SqlScope, alias: string, attribute: ScalarAttribute, value: string, where: 'anywhere' | 'start' | 'end'): string {
  const operand = column(alias, attribute);
  if (scope.dialect === 'postgres') {
    const escaped = escapeLike(value);
    const pattern = where === 'anywhere' ? `%${escaped}%` : where === 'start' ? `${escaped}%` : `%${escaped}`;
    return `${operand} LIKE ${bind(scope, pattern)}${LIKE_ESCAPE}`;
  }
  if (where === 'anywhere') return `instr(${operand}, ${bind(scope, value)}) > 0`;
  const length = [...value].length;
  if (where === 'start') return `substr(${operand}, 1, ${bind(scope, length)}) = ${bind(scope, value)}`;
  // Too long a suffix gives a start before the string; the result is then shorter than value, never equal.
  return `substr(${operand}, length(${operand}) - ${bind(scope, length)} + 1) = ${bind(scope, value)}`;
}

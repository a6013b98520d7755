import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType, ScalarAttribute } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { ValidationError } from '../errors.js';
import { CastError, castValue, type StorageValue } from '../values/cast-value.js';
import { isPlainObject } from './is-plain-object.js';
import { resolveField } from './resolve-field.js';
import { isTextAttribute } from './sql-scope.js';
import { findAuthorAttribute, ID_ATTRIBUTE } from './system-attributes.js';
import {
  COMPARE_OPERATORS, FILTER_OPERATORS, MAX_FILTER_DEPTH,
  type CompareOperator, type FilterNode, type ReadPolicy, type RelationStep,
} from './types.js';

interface FilterContext {
  registry: ContentTypeRegistry;
  policy: ReadPolicy;
  dialect: Dialect;
}

const COMPARE = new Set<string>(COMPARE_OPERATORS);
/** Substring operators only make sense on text. */
const TEXT_ONLY = new Set<string>([
  '$contains', '$notContains', '$containsi', '$notContainsi', '$startsWith', '$startsWithi', '$endsWith', '$endsWithi',
]);
/** Strapi's `$null`: everything but these means true (DESIGN §10). */
const FALSE_FORMS = new Set<unknown>([false, 'false', '0', 'f', '']);
/** Relation hops in one filter path; qs depth bounds query strings, this bounds programmatic input. */
const MAX_RELATION_HOPS = 10;

/**
 * `filters` (DESIGN §4, §10) as a typed tree: fields resolved and checked
 * against the policy, operators checked, values cast to storage form. Any
 * unknown field or operator, or an unreadable field, at any depth, is a 400.
 */
export function parseFilters(
  raw: unknown, type: ContentType, registry: ContentTypeRegistry, policy: ReadPolicy, dialect: Dialect, path: readonly string[],
): FilterNode | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) throw ValidationError.at([...path], `${path.join('.')} must be an object, e.g. filters[title][$eq]=x`);
  return parseEntity(raw, type, { registry, policy, dialect }, path, 0, 0);
}

/** An object of field and logical keys about entries of `type`: all must hold. */
function parseEntity(raw: Record<string, unknown>, type: ContentType, context: FilterContext, path: readonly string[], depth: number, hops: number): FilterNode {
  const nodes: FilterNode[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const at = [...path, key];
    if (key === '$and' || key === '$or' || key === '$not') {
      nodes.push(parseLogical(key, value, at, depth, (item, itemPath, itemDepth) => {
        if (!isPlainObject(item)) throw ValidationError.at(itemPath, `${itemPath.join('.')} must be an object of filters`);
        return parseEntity(item, type, context, itemPath, itemDepth, hops);
      }));
    } else if (key.startsWith('$')) {
      throw invalidOperator(at, key);
    } else if (findAuthorAttribute(key) && context.policy.canRead(type, key)) {
      nodes.push(parseAuthor(findAuthorAttribute(key)!, value, context, at, depth));
    } else {
      const field = resolveField(type, key, context.registry, context.policy, path);
      nodes.push(field.kind === 'scalar'
        ? parseField(field.attribute, value, context, at, depth)
        : parseRelation(field.step, value, context, at, depth, hops + 1));
    }
  }
  return all(nodes);
}

type ParseItem = (item: unknown, path: string[], depth: number) => FilterNode;

/** `$and`/`$or` take arrays, `$not` one object; each level counts toward the nesting limit. */
function parseLogical(key: '$and' | '$or' | '$not', value: unknown, at: string[], depth: number, parseItem: ParseItem): FilterNode {
  const inner = depth + 1;
  if (inner > MAX_FILTER_DEPTH) throw ValidationError.at(at, `Filters are nested more than ${MAX_FILTER_DEPTH} levels deep at ${at.join('.')}`);
  if (key === '$not') return { kind: 'not', child: parseItem(value, at, inner) };
  if (!Array.isArray(value)) throw ValidationError.at(at, `${at.join('.')} must be an array, e.g. ${key}[0][field]=value`);
  const children = value.map((item, index) => parseItem(item, [...at, String(index)], inner));
  return { kind: key === '$and' ? 'and' : 'or', children };
}

/** Conditions on one scalar: a bare value means `$eq`; an object holds operators. */
function parseField(attribute: ScalarAttribute, value: unknown, context: FilterContext, path: string[], depth: number): FilterNode {
  if (!isPlainObject(value)) return parseOperator(attribute, '$eq', value, context, path);
  const nodes: FilterNode[] = [];
  for (const [key, operand] of Object.entries(value)) {
    const at = [...path, key];
    if (key === '$and' || key === '$or' || key === '$not') {
      nodes.push(parseLogical(key, operand, at, depth, (item, itemPath, itemDepth) => parseField(attribute, item, context, itemPath, itemDepth)));
    } else if (FILTER_OPERATORS.has(key)) {
      nodes.push(parseOperator(attribute, key, operand, context, at));
    } else if (key.startsWith('$')) {
      throw invalidOperator(at, key);
    } else {
      throw ValidationError.at(at, `Invalid key ${key} at ${at.join('.')}: ${path.at(-1)} has no fields; use an operator such as $eq`);
    }
  }
  return all(nodes);
}

/**
 * Conditions through a relation: fields of the target, `$null`/`$notNull` on
 * the relation itself, or operators that apply to the related `id`.
 */
function parseRelation(step: RelationStep, value: unknown, context: FilterContext, path: string[], depth: number, hops: number): FilterNode {
  if (hops > MAX_RELATION_HOPS) throw ValidationError.at(path, `Filter path ${path.join('.')} goes through too many relations`);
  if (!isPlainObject(value)) return { kind: 'relation', step, filter: parseOperator(ID_ATTRIBUTE, '$eq', value, context, path) };
  const nodes: FilterNode[] = [];
  const inner: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, operand] of Object.entries(value)) {
    const at = [...path, key];
    if (key === '$null' || key === '$notNull') {
      const isNull = truthy(operand, at) === (key === '$null');
      nodes.push({ kind: 'related', step, exists: !isNull });
    } else if (key.startsWith('$') && key !== '$and' && key !== '$or' && key !== '$not') {
      if (!FILTER_OPERATORS.has(key)) throw invalidOperator(at, key);
      nodes.push({ kind: 'relation', step, filter: parseOperator(ID_ATTRIBUTE, key, operand, context, at) });
    } else {
      inner[key] = operand;
    }
  }
  if (Object.keys(inner).length > 0) {
    nodes.push({ kind: 'relation', step, filter: parseEntity(inner, step.target, context, path, depth, hops) });
  }
  return all(nodes);
}

/** `createdBy: { id: … }`: the writing user, known by id only. */
function parseAuthor(attribute: ScalarAttribute, value: unknown, context: FilterContext, path: string[], depth: number): FilterNode {
  if (!isPlainObject(value)) return parseField(attribute, value, context, path, depth);
  const nodes: FilterNode[] = [];
  for (const [key, operand] of Object.entries(value)) {
    if (key === 'id') nodes.push(parseField(attribute, operand, context, [...path, key], depth));
    else if (key.startsWith('$')) nodes.push(parseField(attribute, { [key]: operand }, context, path, depth));
    else throw ValidationError.at([...path, key], `Invalid key ${key} at ${[...path, key].join('.')}: ${path.at(-1)} can be filtered by id only`);
  }
  return all(nodes);
}

function parseOperator(attribute: ScalarAttribute, operator: string, value: unknown, context: FilterContext, path: string[]): FilterNode {
  if (attribute.type === 'json' && operator !== '$null' && operator !== '$notNull') {
    throw ValidationError.at(path, `${path.join('.')}: json fields can only be filtered with $null and $notNull`);
  }
  if (TEXT_ONLY.has(operator) && !isTextAttribute(attribute)) {
    throw ValidationError.at(path, `${path.join('.')}: ${operator} applies to text fields only`);
  }
  switch (operator) {
    case '$null':
    case '$notNull':
      if (Array.isArray(value)) return any(value.map((item, index) => parseOperator(attribute, operator, item, context, [...path, String(index)])));
      return { kind: 'null', attribute, isNull: truthy(value, path) === (operator === '$null') };
    case '$in':
    case '$notIn': {
      const items = Array.isArray(value) ? value : [value];
      const values = items.map((item, index) => cast(attribute, item, context, Array.isArray(value) ? [...path, String(index)] : path));
      return { kind: 'in', attribute, negated: operator === '$notIn', values };
    }
    case '$between': {
      if (!Array.isArray(value) || value.length !== 2) {
        throw ValidationError.at(path, `${path.join('.')} takes exactly two values, e.g. $between[0]=1&$between[1]=9`);
      }
      return { kind: 'between', attribute, low: cast(attribute, value[0], context, [...path, '0']), high: cast(attribute, value[1], context, [...path, '1']) };
    }
    default: {
      if (!COMPARE.has(operator)) throw invalidOperator(path, operator);
      // An array given to a scalar operator means OR over its elements (Strapi).
      if (Array.isArray(value)) return any(value.map((item, index) => parseOperator(attribute, operator, item, context, [...path, String(index)])));
      if (value === null && (operator === '$eq' || operator === '$ne')) return { kind: 'null', attribute, isNull: operator === '$eq' };
      return { kind: 'compare', attribute, operator: operator as CompareOperator, value: cast(attribute, value, context, path) };
    }
  }
}

function cast(attribute: ScalarAttribute, value: unknown, context: FilterContext, path: string[]): StorageValue {
  if (typeof value === 'object' && value !== null) throw ValidationError.at(path, `${path.join('.')} must be a single value`);
  // PostgreSQL cannot store or compare NUL in text; refuse it here rather than fail with a 500.
  if (typeof value === 'string' && value.includes('\u0000')) throw ValidationError.at(path, `${path.join('.')} must not contain NUL characters`);
  try {
    const stored = castValue(attribute, value, context.dialect);
    if (stored === null) throw new CastError('must not be null');
    return stored;
  } catch (error) {
    if (error instanceof CastError) throw ValidationError.at(path, `${path.join('.')} ${error.message}`);
    throw error;
  }
}

function truthy(value: unknown, path: string[]): boolean {
  if (typeof value === 'object' && value !== null) throw ValidationError.at(path, `${path.join('.')} must be true or false`);
  return !FALSE_FORMS.has(value);
}

function invalidOperator(path: string[], operator: string): ValidationError {
  return ValidationError.at(path, `Invalid operator ${operator} at ${path.join('.')}`);
}

function all(nodes: FilterNode[]): FilterNode {
  return nodes.length === 1 ? nodes[0]! : { kind: 'and', children: nodes };
}

function any(nodes: FilterNode[]): FilterNode {
  return nodes.length === 1 ? nodes[0]! : { kind: 'or', children: nodes };
}

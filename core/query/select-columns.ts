import type { ContentType, ScalarAttribute } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { formatValue } from '../values/format-value.js';
import { quoteIdentifier } from './quote-identifier.js';
import { isReadable } from './resolve-field.js';
import { DOCUMENT_ID_ATTRIBUTE, ID_ATTRIBUTE, trailingSystemAttributes } from './system-attributes.js';
import { defaultReadPolicy, type ReadPolicy } from './types.js';

/**
 * What a query selects from one type's table and how each row becomes an
 * entry. Rows are keyed by column name; entries by API name, in the order of
 * DESIGN §3: id, documentId, attributes as defined, then the timestamps.
 */
export interface Projection {
  readonly attributes: readonly ScalarAttribute[];
  /** The SELECT list for the table under `alias`. */
  columns(alias: string): string;
}

type ProjectionCache = Partial<Record<Dialect, Projection>>;
/** The full projection (default policy, no `fields`) is the common case: build it once per type. */
const fullProjections = new WeakMap<ContentType, ProjectionCache>();

/** Every attribute an entry of `type` may show, in output order; never password fields. */
function outputOrder(type: ContentType): ScalarAttribute[] {
  const attributes: ScalarAttribute[] = [ID_ATTRIBUTE, DOCUMENT_ID_ATTRIBUTE];
  for (const attribute of type.attributes.values()) {
    if (attribute.kind === 'scalar' && attribute.type !== 'password') attributes.push(attribute);
  }
  attributes.push(...trailingSystemAttributes(type));
  return attributes;
}

/**
 * The projection for a read: readable attributes only (private ones are left
 * out silently), narrowed to `fields` when given; id and documentId always.
 */
export function selectColumns(
  type: ContentType,
  dialect: Dialect,
  policy: ReadPolicy,
  fields: readonly string[] | undefined,
): Projection {
  if (fields === undefined && policy === defaultReadPolicy) {
    let cache = fullProjections.get(type);
    if (!cache) fullProjections.set(type, (cache = {}));
    return (cache[dialect] ??= buildProjection(outputOrder(type).filter((attribute) => isOutput(type, policy, attribute)), dialect));
  }
  const wanted = fields === undefined ? undefined : new Set(fields);
  const attributes = outputOrder(type).filter((attribute) =>
    attribute === ID_ATTRIBUTE || attribute === DOCUMENT_ID_ATTRIBUTE
      || ((wanted === undefined || wanted.has(attribute.name)) && isOutput(type, policy, attribute)));
  return buildProjection(attributes, dialect);
}

function isOutput(type: ContentType, policy: ReadPolicy, attribute: ScalarAttribute): boolean {
  // System fields are not in type.attributes; the policy may still hide them.
  return type.attributes.has(attribute.name) ? isReadable(policy, type, attribute) : policy.canRead(type, attribute.name);
}

function buildProjection(attributes: ScalarAttribute[], dialect: Dialect): Projection {
  const cachedSql = new Map<string, string>();
  return {
    attributes,
    columns(alias) {
      let sql = cachedSql.get(alias);
      if (sql === undefined) {
        sql = attributes.map((attribute) => columnExpression(alias, attribute, dialect)).join(', ');
        cachedSql.set(alias, sql);
      }
      return sql;
    },
  };
}

/** SQLite hands integers to JS as doubles; text keeps a biginteger above 2^53 exact. */
export function columnExpression(alias: string, attribute: ScalarAttribute, dialect: Dialect): string {
  const column = `${alias}.${quoteIdentifier(attribute.column)}`;
  if (dialect === 'sqlite' && attribute.type === 'biginteger') {
    return `CAST(${column} AS TEXT) AS ${quoteIdentifier(attribute.column)}`;
  }
  return column;
}

/** A database row as an API entry (without relations). */
export function formatRow(projection: Projection, row: Record<string, unknown>): Record<string, unknown> {
  const entry: Record<string, unknown> = {};
  const { attributes } = projection;
  for (let index = 0; index < attributes.length; index++) {
    const attribute = attributes[index]!;
    entry[attribute.name] = formatValue(attribute, row[attribute.column]);
  }
  return entry;
}

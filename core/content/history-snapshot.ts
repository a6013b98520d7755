import type { ContentTypeRegistry } from '../content-types/registry.js';
import { publishedTableOf } from '../content-types/storage-tables.js';
import { SYSTEM_COLUMNS, type ContentType, type RelationAttribute, type ScalarAttribute } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { quoteIdentifier as q } from '../query/quote-identifier.js';
import { formatDateTime, formatValue } from '../values/format-value.js';

/**
 * A document's state as one JSON expression over its row `t`, built by the
 * database in the same statement that stores the version: no read-back,
 * no populate queries, so history stays cheap next to the write it records.
 * Values are in storage form; versionData() formats them on the way out.
 */
export function snapshotExpression(type: ContentType, registry: ContentTypeRegistry, dialect: Dialect): string {
  const pairs: Array<[string, string]> = [
    ['id', `t.${q(SYSTEM_COLUMNS.id)}`],
    ['documentId', `t.${q(SYSTEM_COLUMNS.documentId)}`],
  ];
  for (const attribute of type.attributes.values()) {
    if (attribute.kind === 'scalar') {
      // Passwords never leave the entry table; history cannot restore or reveal them.
      if (attribute.type !== 'password') pairs.push([attribute.name, scalar(attribute, dialect)]);
    } else {
      pairs.push([attribute.name, relatedDocumentIds(attribute, registry, dialect)]);
    }
  }
  pairs.push(['createdAt', `t.${q(SYSTEM_COLUMNS.createdAt)}`], ['updatedAt', `t.${q(SYSTEM_COLUMNS.updatedAt)}`]);
  if (type.draftAndPublish) {
    pairs.push(['publishedAt', `(SELECT p.${q(SYSTEM_COLUMNS.publishedAt)} FROM ${q(publishedTableOf(type.table))} p WHERE p."id" = t."id")`]);
  }
  return jsonObject(pairs, dialect);
}

function scalar(attribute: ScalarAttribute, dialect: Dialect): string {
  const column = `t.${q(attribute.column)}`;
  // JSON numbers lose bigintegers above 2^53: keep them as text.
  if (attribute.type === 'biginteger') return dialect === 'postgres' ? `${column}::text` : `CAST(${column} AS TEXT)`;
  return column;
}

/** The related documentIds, in link order, as a JSON array. */
function relatedDocumentIds(attribute: RelationAttribute, registry: ContentTypeRegistry, dialect: Dialect): string {
  const target = registry.get(attribute.target)!;
  const { table, sourceColumn, targetColumn } = attribute.link;
  const rows = `SELECT r.${q(SYSTEM_COLUMNS.documentId)} AS d, l."id" AS o FROM ${q(table)} l JOIN ${q(target.table)} r ON r."id" = l.${q(targetColumn)} WHERE l.${q(sourceColumn)} = t."id"`;
  return dialect === 'postgres'
    ? `(SELECT COALESCE(json_agg(x.d ORDER BY x.o), '[]'::json) FROM (${rows}) x)`
    : `(SELECT json_group_array(x.d) FROM (${rows} ORDER BY l."id") x)`;
}

/** json_object / json_build_object take a bounded number of arguments: merge chunks beyond it. */
const PAIRS_PER_CALL = 40;

function jsonObject(pairs: Array<[string, string]>, dialect: Dialect): string {
  const calls: string[] = [];
  for (let start = 0; start < pairs.length; start += PAIRS_PER_CALL) {
    const args = pairs.slice(start, start + PAIRS_PER_CALL).map(([key, value]) => `'${key.replace(/'/g, "''")}', ${value}`).join(', ');
    // SQLite: json(...) keeps a relation array an array rather than a string.
    calls.push(dialect === 'postgres' ? `json_build_object(${args})` : `json_object(${args})`);
  }
  if (calls.length === 1) return calls[0]!;
  return dialect === 'postgres' ? `(${calls.map((call) => `${call}::jsonb`).join(' || ')})::json` : calls.reduce((merged, call) => `json_patch(${merged}, ${call})`);
}

/** A stored snapshot in API form: scalars formatted as the API formats them, relations as documentIds. */
export function versionData(type: ContentType, raw: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = { id: Number(raw.id), documentId: raw.documentId };
  for (const attribute of type.attributes.values()) {
    if (!(attribute.name in raw)) continue;
    const value = raw[attribute.name];
    if (attribute.kind === 'scalar') {
      data[attribute.name] = formatValue(attribute, value);
    } else {
      const ids = (typeof value === 'string' ? JSON.parse(value) as unknown[] : (value as unknown[] | null)) ?? [];
      data[attribute.name] = attribute.toOne ? ids[0] ?? null : ids;
    }
  }
  data.createdAt = formatDateTime(raw.createdAt);
  data.updatedAt = formatDateTime(raw.updatedAt);
  if (type.draftAndPublish) data.publishedAt = formatDateTime(raw.publishedAt);
  return data;
}

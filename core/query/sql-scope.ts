import type { ContentTypeRegistry } from '../content-types/registry.js';
import { storageTables, type StorageTables } from '../content-types/storage-tables.js';
import type { ContentType, ScalarAttribute } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { quoteIdentifier } from './quote-identifier.js';
import type { FilterNode, ReadPolicy, Status } from './types.js';

/**
 * The state of one SQL statement being compiled: its bindings, in the order
 * their `?` appear in the text, and a counter for distinct table aliases
 * (subqueries over the same link table must not shadow each other).
 */
export interface SqlScope {
  readonly dialect: Dialect;
  /** The tables the query's status reads: published versions, or drafts (working copies). */
  readonly tables: StorageTables;
  readonly bindings: unknown[];
  aliases: number;
  /** The caller's row conditions on related types (ReadPolicy.relatedRows). */
  readonly relatedRows?: (type: ContentType) => FilterNode | undefined;
  /** Set while a row condition compiles: conditions are not themselves scoped again. */
  inRowCondition: boolean;
  /**
   * Set when the text itself depends on a value (an IN list has one `?` per item), so it
   * will not repeat: not worth a prepared-statement name, of which there are few (db/prepared-statements.ts).
   */
  varyingText: boolean;
}

export function createSqlScope(dialect: Dialect, status: Status, registry: ContentTypeRegistry, policy?: ReadPolicy): SqlScope {
  const tables = storageTables(registry, status === 'published');
  const scope: SqlScope = { dialect, tables, bindings: [], aliases: 0, inRowCondition: false, varyingText: false };
  return policy?.relatedRows ? { ...scope, relatedRows: policy.relatedRows.bind(policy) } : scope;
}

export function nextAlias(scope: SqlScope, prefix: 't' | 'l'): string {
  return `${prefix}${++scope.aliases}`;
}

export function bind(scope: SqlScope, value: unknown): string {
  scope.bindings.push(value);
  return '?';
}

const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'email', 'uid', 'enumeration', 'password']);

export function isTextAttribute(attribute: ScalarAttribute): boolean {
  return TEXT_TYPES.has(attribute.type);
}

/**
 * A column as an operand of an ordering comparison or ORDER BY. PostgreSQL
 * orders text by the database locale, SQLite by code point: COLLATE "C" makes
 * PostgreSQL order by code point too, so both databases return the same rows
 * in the same order (DESIGN §10).
 */
export function orderedColumn(scope: SqlScope, alias: string, attribute: ScalarAttribute): string {
  const column = `${alias}.${quoteIdentifier(attribute.column)}`;
  return scope.dialect === 'postgres' && isTextAttribute(attribute) ? `${column} COLLATE "C"` : column;
}

export function column(alias: string, attribute: ScalarAttribute): string {
  return `${alias}.${quoteIdentifier(attribute.column)}`;
}

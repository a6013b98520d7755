import type { Knex } from 'knex';
import type { Dialect } from '../db/connect.js';
import type { ColumnSpec } from '../schema/snapshot.js';

/**
 * Values in an export are dialect-neutral, so a file written from SQLite
 * loads into PostgreSQL and back unchanged:
 * - boolean: true/false (SQLite stores 0/1);
 * - bigInteger: a decimal string (a JSON number loses digits past 2^53);
 * - json: the stored JSON text, byte for byte (key order and all);
 * - datetime: ISO 8601 in UTC with milliseconds, as the API stores it on SQLite;
 * - time: HH:mm:ss.SSS (PostgreSQL drops trailing zeros);
 * - everything else as the driver returns it.
 */

/** The select-list entry for a column: read bigints and json as text, so no precision or formatting is lost. */
export function selectColumn(knex: Knex | Knex.Transaction, dialect: Dialect, column: ColumnSpec): Knex.Raw | string {
  if (column.type === 'bigInteger') {
    return dialect === 'postgres'
      ? knex.raw('??::text as ??', [column.name, column.name])
      : knex.raw('CAST(?? AS TEXT) as ??', [column.name, column.name]);
  }
  if (column.type === 'json' && dialect === 'postgres') return knex.raw('??::text as ??', [column.name, column.name]);
  return column.name;
}

export function encodeValue(column: ColumnSpec, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (column.type) {
    case 'boolean':
      return raw === true || raw === 1 || raw === '1' || raw === 't' || raw === 'true';
    case 'bigInteger':
      return String(raw);
    case 'datetime':
      // A Date bound by better-sqlite3 is stored as epoch milliseconds.
      if (raw instanceof Date) return raw.toISOString();
      return typeof raw === 'number' ? new Date(raw).toISOString() : String(raw);
    case 'time': {
      const match = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(String(raw));
      return match ? `${match[1]}:${match[2]}:${match[3]}.${(match[4] ?? '').padEnd(3, '0').slice(0, 3)}` : String(raw);
    }
    case 'date':
      return raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
    case 'json':
      return typeof raw === 'string' ? raw : JSON.stringify(raw);
    default:
      return raw;
  }
}

/** An exported value in the form the target driver binds. */
export function decodeValue(dialect: Dialect, column: ColumnSpec, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.type === 'boolean') {
    const truth = value === true || value === 1 || value === '1' || value === 'true';
    // better-sqlite3 cannot bind booleans; SQLite stores them as 0/1 anyway.
    return dialect === 'sqlite' ? (truth ? 1 : 0) : truth;
  }
  if (column.type === 'json' && typeof value !== 'string') return JSON.stringify(value);
  return value;
}

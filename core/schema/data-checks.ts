import type { Knex } from 'knex';
import type { Dialect } from '../db/connect.js';
import { conversionOf, removedEnumValues } from './column-change.js';
import type { Operation } from './operations.js';
import { publishedTableOf } from '../content-types/storage-tables.js';
import { hasDraftAndPublish, type ColumnSpec, type SchemaSnapshot, type TableSpec } from './snapshot.js';
import { quoteIdentifier } from '../query/quote-identifier.js';

/**
 * The data does not allow a step of a migration (duplicates for a new unique
 * index, NULLs for a new `required`, a value too long for a narrower column…).
 * Raised inside the migration's transaction, before the change, so nothing changes.
 */
export class DataCheckError extends Error {
  override readonly name = 'DataCheckError';
}

const INT32 = [-2147483648, 2147483647] as const;
const INT64 = ['-9223372036854775808', '9223372036854775807'] as const;

/**
 * Checks the data before `operation`, and backfills where the operation says
 * how (a new `required` or NOT NULL column with a default gets the default in
 * its empty rows). `schema` is the schema as it stands before the operation.
 */
export async function checkOperation(trx: Knex.Transaction, dialect: Dialect, operation: Operation, schema: SchemaSnapshot): Promise<void> {
  const table = 'table' in operation && typeof operation.table === 'string'
    ? schema.tables.find((candidate) => candidate.name === operation.table) : undefined;
  switch (operation.op) {
    case 'addIndex':
      if (operation.index.unique) await checkNoDuplicates(trx, operation.table, operation.index.columns, table);
      return;
    case 'addColumn': {
      const { column } = operation;
      if (!column.nullable && column.default === undefined && column.type !== 'increments') {
        const rows = await count(trx, operation.table, '1 = 1');
        if (rows > 0) {
          throw new DataCheckError(`cannot add NOT NULL column ${operation.table}.${column.name} without a default: the table has ${rows} row(s)`);
        }
      }
      return;
    }
    case 'changeKind':
      if (operation.to === 'singleType') {
        const rows = await count(trx, operation.table, '1 = 1');
        if (rows > 1) {
          throw new DataCheckError(`cannot make ${operation.table} a single type: it holds ${rows} entries and a single type holds one. Delete the others first`);
        }
      }
      return;
    case 'alterColumn':
      await checkColumnChange(trx, dialect, operation.table, operation.from, operation.to, requiredScope(schema, table));
      return;
    default:
      return;
  }
}

/**
 * Which rows a new `required` binds. Drafts skip `required` (DESIGN §10):
 * - a type whose published versions live in their own table (`<table>_published`,
 *   core/content-types/storage-tables.ts): none of the draft table's, every one of the published table's;
 * - a type keeping drafts and published entries in one table: the rows with `published_at`;
 * - a type without draft & publish, or any other table: every row.
 */
type RequiredScope = 'none' | 'published' | 'all';

function requiredScope(schema: SchemaSnapshot, table: TableSpec | undefined): RequiredScope {
  if (!table || !hasDraftAndPublish(table)) return 'all';
  return schema.tables.some((candidate) => candidate.name === publishedTableOf(table.name)) ? 'none' : 'published';
}

async function checkColumnChange(
  trx: Knex.Transaction, dialect: Dialect, tableName: string, from: ColumnSpec, to: ColumnSpec, scope: RequiredScope,
): Promise<void> {
  const column = quoteIdentifier(to.name);
  const where = `${tableName}.${to.name}`;
  if (conversionOf(from, to) === 'narrow') {
    const rows = await count(trx, tableName, `${column} IS NOT NULL AND (${notFitting(dialect, column, from, to)})`);
    if (rows > 0) {
      throw new DataCheckError(`cannot change ${where} to ${to.type}${to.length ? `(${to.length})` : ''}: ${rows} row(s) hold a value that does not fit. Fix or clear them first`);
    }
  }
  const newlyNotNull = from.nullable && !to.nullable;
  const newlyRequired = !from.required && Boolean(to.required);
  if ((newlyNotNull || newlyRequired) && to.default !== undefined && to.default !== null) {
    // The default is what an entry created now would get: give it to the empty ones.
    await trx(tableName).whereNull(to.name).update({ [to.name]: storageValue(dialect, to.default) });
  }
  if (newlyNotNull) {
    const rows = await count(trx, tableName, `${column} IS NULL`);
    if (rows > 0) throw new DataCheckError(`cannot make ${where} NOT NULL: ${rows} row(s) have no value. Fill them in or give the column a default`);
  }
  if (newlyRequired && scope !== 'none') {
    const published = scope === 'published' ? ' AND "published_at" IS NOT NULL' : '';
    const rows = await count(trx, tableName, `${column} IS NULL${published}`);
    if (rows > 0) {
      throw new DataCheckError(`cannot make ${where} required: ${rows} ${published ? 'published ' : ''}entr${rows === 1 ? 'y has' : 'ies have'} no value. ` +
        'Fill them in, or add a "default" to the attribute so that they get it');
    }
  }
  const removed = removedEnumValues(from, to);
  if (removed !== undefined && to.enum && (removed.length > 0 || !from.enum)) {
    const allowed = to.enum.map(() => '?').join(', ');
    const result = await trx(tableName).whereNotNull(to.name).whereRaw(`${column} NOT IN (${allowed})`, to.enum).count({ n: '*' });
    const rows = Number((result[0] as { n: number | string }).n);
    if (rows > 0) {
      throw new DataCheckError(`cannot restrict ${where} to [${to.enum.join(', ')}]: ${rows} row(s) hold another value. Change them first`);
    }
  }
}

async function checkNoDuplicates(trx: Knex.Transaction, tableName: string, columns: readonly string[], table: TableSpec | undefined): Promise<void> {
  const list = columns.map(quoteIdentifier).join(', ');
  const notNull = columns.map((name) => `${quoteIdentifier(name)} IS NOT NULL`).join(' AND ');
  const result = await trx.raw(
    `SELECT COUNT(*) AS duplicate_values, COALESCE(SUM(n), 0) AS duplicate_rows FROM (SELECT COUNT(*) AS n FROM ${quoteIdentifier(tableName)} WHERE ${notNull} GROUP BY ${list} HAVING COUNT(*) > 1) duplicates`,
  );
  const row = (Array.isArray(result) ? result[0] : result.rows[0]) as { duplicate_values: number | string; duplicate_rows: number | string };
  const groups = Number(row.duplicate_values);
  if (groups === 0) return;
  const relation = table?.link ? ` (relation ${table.link.type}.${table.link.attribute} holds more links than its new kind allows)` : '';
  throw new DataCheckError(`cannot add a unique index on ${tableName} (${columns.join(', ')}): ${groups} value(s) appear more than once, in ${Number(row.duplicate_rows)} rows${relation}. Remove the duplicates first`);
}

async function count(trx: Knex.Transaction, table: string, condition: string): Promise<number> {
  const result = await trx(table).whereRaw(condition).count({ n: '*' });
  return Number((result[0] as { n: number | string }).n);
}

/** A SQL condition that is true for a value of `column` that the narrower type cannot hold. */
function notFitting(dialect: Dialect, column: string, from: ColumnSpec, to: ColumnSpec): string {
  const pg = dialect === 'postgres';
  switch (to.type) {
    case 'string':
      return `${pg ? 'char_length' : 'length'}(${column}) > ${to.length ?? 255}`;
    case 'integer':
      return pg
        ? `${column}::numeric <> trunc(${column}::numeric) OR ${column}::numeric < ${INT32[0]} OR ${column}::numeric > ${INT32[1]}`
        : `${column} <> CAST(${column} AS INTEGER) OR ${column} < ${INT32[0]} OR ${column} > ${INT32[1]}`;
    case 'bigInteger':
      return pg
        ? `${column}::numeric <> trunc(${column}::numeric) OR ${column}::numeric < ${INT64[0]} OR ${column}::numeric > ${INT64[1]}`
        : `${column} <> CAST(${column} AS INTEGER)`;
    case 'double':
      // A double holds integers exactly only up to 2^53, and decimals only to about 15 digits.
      if (pg) return `${column}::float8::numeric <> ${column}::numeric`;
      return from.type === 'bigInteger' ? `abs(${column}) > 9007199254740992` : '0 = 1';
    default:
      return '0 = 1';
  }
}

/** A default in the form each driver binds: better-sqlite3 cannot bind booleans. */
function storageValue(dialect: Dialect, value: string | number | boolean): string | number | boolean {
  if (typeof value === 'boolean' && dialect === 'sqlite') return value ? 1 : 0;
  return value;
}

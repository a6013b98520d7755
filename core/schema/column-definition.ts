import type { Knex } from 'knex';
import type { Dialect } from '../db/connect.js';
import type { ColumnSpec, IndexSpec, TableSpec } from './snapshot.js';

/** CREATE TABLE for a spec, with its indexes unless told otherwise (a SQLite rebuild adds them after the swap). */
export async function createTableFromSpec(
  trx: Knex.Transaction, dialect: Dialect, spec: TableSpec, options: { name?: string; indexes?: boolean } = {},
): Promise<void> {
  await trx.schema.createTable(options.name ?? spec.name, (table) => {
    for (const column of spec.columns) defineColumn(table, dialect, column);
    if (options.indexes === false) return;
    for (const index of spec.indexes) defineIndex(table, index);
  });
}

export function defineIndex(table: Knex.CreateTableBuilder | Knex.AlterTableBuilder, index: IndexSpec): void {
  if (index.unique) table.unique(index.columns, { indexName: index.name });
  else table.index(index.columns, index.name);
}

export function defineColumn(table: Knex.CreateTableBuilder | Knex.AlterTableBuilder, dialect: Dialect, spec: ColumnSpec): void {
  let column: Knex.ColumnBuilder;
  switch (spec.type) {
    case 'increments':
      column = spec.autoincrement === false && dialect === 'sqlite'
        ? table.specificType(spec.name, 'integer not null primary key')
        : table.increments(spec.name, { primaryKey: true });
      break;
    case 'string': column = table.string(spec.name, spec.length ?? 255); break;
    case 'text': column = table.text(spec.name); break;
    case 'integer': column = table.integer(spec.name); break;
    case 'bigInteger': column = table.bigInteger(spec.name); break;
    case 'double': column = table.double(spec.name); break;
    // No precision: PostgreSQL's unconstrained numeric keeps the value as given.
    case 'decimal': column = table.decimal(spec.name, null); break;
    case 'boolean': column = table.boolean(spec.name); break;
    case 'date': column = table.date(spec.name); break;
    case 'time': column = dialect === 'postgres' ? table.specificType(spec.name, 'time(3)') : table.time(spec.name); break;
    // SQLite keeps ISO-8601 text, which sorts chronologically; PostgreSQL a timestamptz.
    case 'datetime': column = dialect === 'postgres' ? table.timestamp(spec.name, { useTz: true, precision: 3 }) : table.text(spec.name); break;
    // `json`, not `jsonb`: the value is kept exactly as given (key order included) on both databases.
    case 'json': column = dialect === 'postgres' ? table.json(spec.name) : table.text(spec.name); break;
  }
  if (spec.type !== 'increments') {
    if (spec.nullable) column.nullable();
    else column.notNullable();
  }
  if (spec.default !== undefined && spec.default !== null) column.defaultTo(spec.default);
  if (spec.references) {
    column.references(spec.references.column).inTable(spec.references.table).onDelete(spec.references.onDelete);
  }
}

/** The PostgreSQL type `defineColumn` creates, for ALTER COLUMN … TYPE. */
export function postgresType(spec: ColumnSpec): string {
  switch (spec.type) {
    case 'increments': case 'integer': return 'integer';
    case 'string': return `varchar(${spec.length ?? 255})`;
    case 'text': return 'text';
    case 'bigInteger': return 'bigint';
    case 'double': return 'double precision';
    case 'decimal': return 'numeric';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'time': return 'time(3)';
    case 'datetime': return 'timestamptz(3)';
    case 'json': return 'json';
  }
}

/** A constant as a SQL literal, for DDL, which takes no bound parameters. */
export function sqlLiteral(value: string | number | boolean): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${value.replace(/'/g, "''")}'`;
}

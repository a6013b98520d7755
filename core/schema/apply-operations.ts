import type { Knex } from 'knex';
import type { Dialect } from '../db/connect.js';
import type { Operation } from './operations.js';
import type { ColumnSpec, TableSpec } from './snapshot.js';

/** Runs operations through knex's schema builder inside the given transaction. */
export async function applyOperations(trx: Knex.Transaction, dialect: Dialect, operations: readonly Operation[]): Promise<void> {
  for (const operation of operations) {
    await applyOperation(trx, dialect, operation);
  }
}

async function applyOperation(trx: Knex.Transaction, dialect: Dialect, operation: Operation): Promise<void> {
  switch (operation.op) {
    case 'createTable':
      await createTable(trx, dialect, operation.table);
      return;
    case 'addColumn':
      await trx.schema.alterTable(operation.table, (table) => {
        defineColumn(table, dialect, operation.column);
      });
      return;
    case 'addIndex': {
      const { index } = operation;
      await trx.schema.alterTable(operation.table, (table) => {
        if (index.unique) table.unique(index.columns, { indexName: index.name });
        else table.index(index.columns, index.name);
      });
      return;
    }
    case 'dropIndex': {
      const { index } = operation;
      await trx.schema.alterTable(operation.table, (table) => {
        if (index.unique) table.dropUnique(index.columns, index.name);
        else table.dropIndex(index.columns, index.name);
      });
      return;
    }
    case 'dropColumn':
      await trx.schema.alterTable(operation.table, (table) => {
        table.dropColumn(operation.column.name);
      });
      return;
    case 'dropTable':
      await trx.schema.dropTable(operation.table.name);
      return;
    case 'alterColumn':
      throw new Error(`Changing column ${operation.table}.${operation.to.name} is not supported by this version of Larder`);
  }
}

async function createTable(trx: Knex.Transaction, dialect: Dialect, spec: TableSpec): Promise<void> {
  await trx.schema.createTable(spec.name, (table) => {
    for (const column of spec.columns) defineColumn(table, dialect, column);
    for (const index of spec.indexes) {
      if (index.unique) table.unique(index.columns, { indexName: index.name });
      else table.index(index.columns, index.name);
    }
  });
}

function defineColumn(table: Knex.CreateTableBuilder | Knex.AlterTableBuilder, dialect: Dialect, spec: ColumnSpec): void {
  let column: Knex.ColumnBuilder;
  switch (spec.type) {
    case 'increments': column = table.increments(spec.name, { primaryKey: true }); break;
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

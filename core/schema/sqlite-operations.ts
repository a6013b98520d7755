import type { Knex } from 'knex';
import { isPhysicalChange } from './column-change.js';
import { createTableFromSpec, defineColumn, defineIndex } from './column-definition.js';
import { quoteIdentifier } from './data-checks.js';
import type { Operation } from './operations.js';
import type { TableSpec } from './snapshot.js';

/**
 * Whether SQLite's ALTER TABLE cannot make this change, so the table must be
 * rebuilt (sqlite.org/lang_altertable.html): a column's type, NOT NULL,
 * default or foreign key; a NOT NULL column added without a default; a
 * dropped column that an index or a foreign key still uses.
 */
export function needsSqliteRebuild(operation: Operation, table: TableSpec | undefined): boolean {
  switch (operation.op) {
    case 'alterColumn':
      return isPhysicalChange(operation.from, operation.to);
    case 'addColumn':
      return !operation.column.nullable && operation.column.default === undefined;
    case 'dropColumn': {
      const { name } = operation.column;
      return Boolean(operation.column.references) || Boolean(table?.indexes.some((index) => index.columns.includes(name)));
    }
    default:
      return false;
  }
}

/** Applies an operation that needs no rebuild. */
export async function applySqliteOperation(trx: Knex.Transaction, operation: Operation): Promise<void> {
  switch (operation.op) {
    case 'createTable':
      await createTableFromSpec(trx, 'sqlite', operation.table);
      return;
    case 'renameTable':
      await trx.raw(`ALTER TABLE ${quoteIdentifier(operation.from)} RENAME TO ${quoteIdentifier(operation.to)}`);
      return;
    case 'renameColumn':
      await trx.raw(`ALTER TABLE ${quoteIdentifier(operation.table)} RENAME COLUMN ${quoteIdentifier(operation.from)} TO ${quoteIdentifier(operation.to)}`);
      return;
    case 'addColumn':
      await trx.schema.alterTable(operation.table, (table) => defineColumn(table, 'sqlite', operation.column));
      return;
    case 'dropColumn':
      await trx.raw(`ALTER TABLE ${quoteIdentifier(operation.table)} DROP COLUMN ${quoteIdentifier(operation.column.name)}`);
      return;
    case 'dropTable':
      await trx.raw(`DROP TABLE ${quoteIdentifier(operation.table.name)}`);
      return;
    case 'addIndex':
      await trx.schema.alterTable(operation.table, (table) => defineIndex(table, operation.index));
      return;
    case 'dropIndex':
      await trx.raw(`DROP INDEX ${quoteIdentifier(operation.index.name)}`);
      return;
    case 'alterColumn':
    case 'renameType':
    case 'changeKind':
      // Content rules only (required, enum values, single type): checked, nothing to change in SQLite.
      return;
  }
}

import { isPhysicalChange } from './column-change.js';
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

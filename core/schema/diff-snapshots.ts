import { isPhysicalChange } from './column-change.js';
import type { Operation } from './operations.js';
import type { ColumnSpec, IndexSpec, SchemaSnapshot, TableSpec } from './snapshot.js';
import { orderByReferences } from './table-order.js';

/**
 * The operations that turn the `from` schema into the `to` schema, in an
 * order that can be applied: index drops, table creations (referenced tables
 * first), column additions and changes, index additions, then drops of
 * columns and tables. Renames are not guessed here: `planSchemaChange`
 * applies declared renames to `from` first (see renames.ts).
 */
export function diffSnapshots(from: SchemaSnapshot, to: SchemaSnapshot): Operation[] {
  const before = new Map(from.tables.map((table) => [table.name, table]));
  const after = new Map(to.tables.map((table) => [table.name, table]));

  const dropIndexes: Operation[] = [];
  const createTables: Operation[] = [];
  const addColumns: Operation[] = [];
  const alterColumns: Operation[] = [];
  const changeKinds: Operation[] = [];
  const addIndexes: Operation[] = [];
  const dropColumns: Operation[] = [];
  const dropTables: Operation[] = [];

  for (const table of to.tables) {
    const old = before.get(table.name);
    if (!old) {
      createTables.push({ op: 'createTable', table });
      continue;
    }
    const oldColumns = new Map(old.columns.map((column) => [column.name, column]));
    const newColumns = new Map(table.columns.map((column) => [column.name, column]));
    for (const column of table.columns) {
      const previous = oldColumns.get(column.name);
      if (!previous) addColumns.push({ op: 'addColumn', table: table.name, column });
      else if (!sameColumn(previous, column)) alterColumns.push({ op: 'alterColumn', table: table.name, from: previous, to: column });
    }
    for (const column of old.columns) {
      if (!newColumns.has(column.name)) dropColumns.push({ op: 'dropColumn', table: table.name, column });
    }
    // Snapshots from before kinds were recorded say nothing: no change then.
    if (old.contentType && table.contentType && old.contentType.kind !== table.contentType.kind) {
      changeKinds.push({ op: 'changeKind', table: table.name, from: old.contentType.kind, to: table.contentType.kind });
    }
    const oldIndexes = new Map(old.indexes.map((index) => [index.name, index]));
    const newIndexes = new Map(table.indexes.map((index) => [index.name, index]));
    for (const index of old.indexes) {
      const next = newIndexes.get(index.name);
      if (!next || !sameIndex(index, next)) dropIndexes.push({ op: 'dropIndex', table: table.name, index });
    }
    for (const index of table.indexes) {
      const previous = oldIndexes.get(index.name);
      if (!previous || !sameIndex(previous, index)) addIndexes.push({ op: 'addIndex', table: table.name, index });
    }
  }
  for (const table of from.tables) {
    if (!after.has(table.name)) dropTables.push({ op: 'dropTable', table });
  }

  return [
    ...dropIndexes,
    ...orderByReferences(createTables, tableOf),
    ...addColumns,
    ...alterColumns,
    ...changeKinds,
    ...addIndexes,
    ...dropColumns,
    ...orderByReferences(dropTables, tableOf).reverse(),
  ];
}

function tableOf(operation: Operation): TableSpec {
  if (operation.op !== 'createTable' && operation.op !== 'dropTable') throw new Error(`not a table operation: ${operation.op}`);
  return operation.table;
}

/** Equal for the database and for the content rules a migration checks; attribute labels do not count. */
function sameColumn(a: ColumnSpec, b: ColumnSpec): boolean {
  return !isPhysicalChange(a, b) && Boolean(a.required) === Boolean(b.required)
    && JSON.stringify(a.enum ?? null) === JSON.stringify(b.enum ?? null);
}

function sameIndex(a: IndexSpec, b: IndexSpec): boolean {
  return a.unique === b.unique && a.columns.join(',') === b.columns.join(',');
}

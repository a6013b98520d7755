import type { Operation } from './operations.js';
import type { ColumnSpec, IndexSpec, SchemaSnapshot } from './snapshot.js';

/**
 * The operations that turn the `from` schema into the `to` schema, in an
 * order that can be applied: index drops, table creations (referenced tables
 * first), column additions, index additions, then drops of columns and tables.
 */
export function diffSnapshots(from: SchemaSnapshot, to: SchemaSnapshot): Operation[] {
  const before = new Map(from.tables.map((table) => [table.name, table]));
  const after = new Map(to.tables.map((table) => [table.name, table]));

  const dropIndexes: Operation[] = [];
  const createTables: Operation[] = [];
  const addColumns: Operation[] = [];
  const alterColumns: Operation[] = [];
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
    ...orderByReferences(createTables),
    ...addColumns,
    ...alterColumns,
    ...addIndexes,
    ...dropColumns,
    ...orderByReferences(dropTables).reverse(),
  ];
}

/**
 * Tables come after the tables they reference (a topological order, stable
 * otherwise), so foreign keys can be created on PostgreSQL; drops reverse it.
 */
function orderByReferences(operations: Operation[]): Operation[] {
  const tableOf = (operation: Operation) => (operation.op === 'createTable' || operation.op === 'dropTable' ? operation.table : undefined);
  const names = new Set(operations.map((operation) => tableOf(operation)?.name));
  const placed = new Set<string>();
  const ordered: Operation[] = [];
  let remaining = operations;
  while (remaining.length > 0) {
    const ready = remaining.filter((operation) => (tableOf(operation)?.columns ?? []).every((column) =>
      !column.references || column.references.table === tableOf(operation)!.name
      || !names.has(column.references.table) || placed.has(column.references.table)));
    // A reference cycle cannot be ordered; keep the rest as given rather than loop.
    const next = ready.length > 0 ? ready : remaining;
    for (const operation of next) {
      ordered.push(operation);
      const name = tableOf(operation)?.name;
      if (name) placed.add(name);
    }
    remaining = remaining.filter((operation) => !next.includes(operation));
  }
  return ordered;
}

function sameColumn(a: ColumnSpec, b: ColumnSpec): boolean {
  return a.type === b.type && a.length === b.length && a.nullable === b.nullable && a.default === b.default
    && JSON.stringify(a.references ?? null) === JSON.stringify(b.references ?? null);
}

function sameIndex(a: IndexSpec, b: IndexSpec): boolean {
  return a.unique === b.unique && a.columns.join(',') === b.columns.join(',');
}


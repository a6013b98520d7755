import type { Operation } from './operations.js';
import { cloneJson, type SchemaSnapshot, type TableSpec } from './snapshot.js';

/**
 * The schema after one operation, computed without a database. The migrator
 * keeps this "working snapshot" while it applies a migration, because a
 * SQLite table rebuild needs the whole table as it stands at that step.
 */
export function evolveSnapshot(snapshot: SchemaSnapshot, operation: Operation): SchemaSnapshot {
  const next = cloneJson(snapshot);
  // A table missing from the starting schema (a history older than snapshots,
  // or a test that starts from nothing) is tracked from a blank spec: only a
  // SQLite rebuild needs the full table, and it checks the live one first.
  const table = (name: string): TableSpec => {
    let found = next.tables.find((candidate) => candidate.name === name);
    if (!found) {
      found = { name, columns: [], indexes: [] };
      next.tables.push(found);
    }
    return found;
  };
  switch (operation.op) {
    case 'createTable':
      next.tables.push(cloneJson(operation.table));
      break;
    case 'dropTable':
      next.tables = next.tables.filter((candidate) => candidate.name !== operation.table.name);
      break;
    case 'renameTable': {
      table(operation.from).name = operation.to;
      for (const other of next.tables) {
        for (const column of other.columns) {
          if (column.references?.table === operation.from) column.references = { ...column.references, table: operation.to };
        }
      }
      break;
    }
    case 'renameColumn': {
      const target = table(operation.table);
      const column = target.columns.find((candidate) => candidate.name === operation.from);
      if (column) column.name = operation.to;
      for (const index of target.indexes) index.columns = index.columns.map((name) => (name === operation.from ? operation.to : name));
      break;
    }
    case 'addColumn':
      table(operation.table).columns.push(cloneJson(operation.column));
      break;
    case 'alterColumn': {
      const target = table(operation.table);
      target.columns = target.columns.map((column) => (column.name === operation.from.name ? cloneJson(operation.to) : column));
      break;
    }
    case 'dropColumn': {
      // Both databases drop the indexes on a dropped column (SQLite through a rebuild).
      const target = table(operation.table);
      target.columns = target.columns.filter((column) => column.name !== operation.column.name);
      target.indexes = target.indexes.filter((index) => !index.columns.includes(operation.column.name));
      break;
    }
    case 'renameType':
      for (const candidate of next.tables) {
        if (candidate.contentType?.singularName === operation.from) candidate.contentType = { ...candidate.contentType, singularName: operation.to };
      }
      break;
    case 'changeKind': {
      const target = table(operation.table);
      if (target.contentType) target.contentType = { ...target.contentType, kind: operation.to };
      break;
    }
    case 'addIndex':
      table(operation.table).indexes.push(cloneJson(operation.index));
      break;
    case 'dropIndex': {
      const target = table(operation.table);
      target.indexes = target.indexes.filter((index) => index.name !== operation.index.name);
      break;
    }
  }
  return next;
}

import type { ColumnSpec, IndexSpec, TableSpec } from './snapshot.js';

/**
 * One step of a migration. Operations are declarative and dialect-neutral:
 * a migration file is a list of them plus the snapshot they lead to.
 */
export type Operation =
  | { op: 'createTable'; table: TableSpec }
  | { op: 'addColumn'; table: string; column: ColumnSpec }
  | { op: 'addIndex'; table: string; index: IndexSpec }
  | { op: 'dropIndex'; table: string; index: IndexSpec }
  | { op: 'dropColumn'; table: string; column: ColumnSpec }
  | { op: 'dropTable'; table: TableSpec }
  | { op: 'alterColumn'; table: string; from: ColumnSpec; to: ColumnSpec };

export type Safety = 'safe' | 'destructive' | 'unsupported';

/**
 * Safe operations cannot lose data. Destructive ones can and need an explicit
 * flag. Column type changes are not automated yet: they are reported so that
 * nothing changes silently.
 */
export function safetyOf(operation: Operation): Safety {
  switch (operation.op) {
    case 'createTable':
    case 'addColumn':
    case 'addIndex':
    case 'dropIndex':
      return 'safe';
    case 'dropColumn':
    case 'dropTable':
      return 'destructive';
    case 'alterColumn':
      return 'unsupported';
  }
}

export function describeOperation(operation: Operation): string {
  switch (operation.op) {
    case 'createTable':
      return `create table ${operation.table.name} (${operation.table.columns.map((c) => c.name).join(', ')})`;
    case 'addColumn':
      return `add column ${operation.table}.${operation.column.name} ${operation.column.type}`;
    case 'addIndex':
      return `add ${operation.index.unique ? 'unique ' : ''}index ${operation.index.name} on ${operation.table} (${operation.index.columns.join(', ')})`;
    case 'dropIndex':
      return `drop ${operation.index.unique ? 'unique ' : ''}index ${operation.index.name} on ${operation.table}`;
    case 'dropColumn':
      return `drop column ${operation.table}.${operation.column.name} (its data is lost)`;
    case 'dropTable':
      return `drop table ${operation.table.name} (its data is lost)`;
    case 'alterColumn':
      return `change column ${operation.table}.${operation.to.name} from ${columnSummary(operation.from)} to ${columnSummary(operation.to)}`;
  }
}

function columnSummary(column: ColumnSpec): string {
  const parts: string[] = [column.type + (column.length ? `(${column.length})` : '')];
  if (!column.nullable) parts.push('not null');
  if (column.default !== undefined) parts.push(`default ${JSON.stringify(column.default)}`);
  return parts.join(' ');
}

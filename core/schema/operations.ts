import { classifyColumnChange } from './column-change.js';
import type { ColumnSpec, ContentKind, IndexSpec, TableSpec } from './snapshot.js';

/**
 * One step of a migration. Operations are declarative and dialect-neutral:
 * a migration file is a list of them plus the snapshot they lead to.
 */
export type Operation =
  | { op: 'createTable'; table: TableSpec }
  | { op: 'renameTable'; from: string; to: string }
  /** A content type's singular name changes: what is keyed by it (document history) follows. */
  | { op: 'renameType'; from: string; to: string }
  | { op: 'renameColumn'; table: string; from: string; to: string }
  | { op: 'addColumn'; table: string; column: ColumnSpec }
  | { op: 'alterColumn'; table: string; from: ColumnSpec; to: ColumnSpec }
  | { op: 'changeKind'; table: string; from: ContentKind; to: ContentKind }
  | { op: 'addIndex'; table: string; index: IndexSpec }
  | { op: 'dropIndex'; table: string; index: IndexSpec }
  | { op: 'dropColumn'; table: string; column: ColumnSpec }
  | { op: 'dropTable'; table: TableSpec };

/**
 * - safe: cannot lose data. It may still check the data first (a new unique
 *   index, a new `required`) and then fails, changing nothing, if it does not fit.
 * - destructive: can lose data (a drop, a narrowing); never applied without
 *   `--allow-destructive`.
 * - unsupported: Larder cannot do it automatically (json → integer, say).
 */
export type Safety = 'safe' | 'destructive' | 'unsupported';

export interface Assessment {
  safety: Safety;
  /** What the migration checks in the data before this step, in words; empty when nothing. */
  checks: string[];
  /** Why an unsupported step is unsupported, and what to do instead. */
  reason?: string;
}

export function assessOperation(operation: Operation): Assessment {
  switch (operation.op) {
    case 'createTable':
    case 'renameTable':
    case 'renameType':
    case 'renameColumn':
    case 'dropIndex':
      return { safety: 'safe', checks: [] };
    case 'addIndex':
      return { safety: 'safe', checks: operation.index.unique ? ['no duplicate values'] : [] };
    case 'addColumn':
      return {
        safety: 'safe',
        checks: !operation.column.nullable && operation.column.default === undefined && operation.column.type !== 'increments'
          ? ['the table is empty (a NOT NULL column without a default)'] : [],
      };
    case 'alterColumn':
      return classifyColumnChange(operation.from, operation.to);
    case 'changeKind':
      return { safety: 'safe', checks: operation.to === 'singleType' ? ['at most one entry'] : [] };
    case 'dropColumn':
    case 'dropTable':
      return { safety: 'destructive', checks: [] };
  }
}

export function safetyOf(operation: Operation): Safety {
  return assessOperation(operation).safety;
}

export function describeOperation(operation: Operation): string {
  switch (operation.op) {
    case 'createTable':
      return `create table ${operation.table.name} (${operation.table.columns.map((c) => c.name).join(', ')})`;
    case 'renameTable':
      return `rename table ${operation.from} to ${operation.to} (data kept)`;
    case 'renameColumn':
      return `rename column ${operation.table}.${operation.from} to ${operation.to} (data kept)`;
    case 'renameType':
      return `rename content type ${operation.from} to ${operation.to} (its history kept)`;
    case 'addColumn':
      return `add column ${operation.table}.${operation.column.name} ${columnSummary(operation.column)}`;
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
    case 'changeKind':
      return `change ${operation.table} from a ${kindName(operation.from)} to a ${kindName(operation.to)}`;
  }
}

function kindName(kind: ContentKind): string {
  return kind === 'singleType' ? 'single type' : 'collection type';
}

export function columnSummary(column: ColumnSpec): string {
  const parts: string[] = [column.type + (column.length ? `(${column.length})` : '')];
  if (!column.nullable) parts.push('not null');
  if (column.autoincrement === false) parts.push('ids reusable (no SQLite AUTOINCREMENT)');
  if (column.required) parts.push('required');
  if (column.enum) parts.push(`enum [${column.enum.join(', ')}]`);
  if (column.default !== undefined) parts.push(`default ${JSON.stringify(column.default)}`);
  if (column.references) parts.push(`references ${column.references.table}(${column.references.column})`);
  return parts.join(' ');
}

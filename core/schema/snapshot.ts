/**
 * A dialect-neutral description of the tables Larder needs. Migration files
 * store the snapshot they lead to; the next plan diffs config against it.
 */

export const SNAPSHOT_VERSION = 1;

export type ColumnType =
  | 'increments' | 'string' | 'text' | 'integer' | 'bigInteger' | 'double' | 'decimal'
  | 'boolean' | 'date' | 'time' | 'datetime' | 'json';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** For `string`: varchar length. */
  length?: number;
  nullable: boolean;
  /** A constant default, already in storage form. */
  default?: string | number | boolean | null;
  references?: { table: string; column: string; onDelete: 'CASCADE' | 'SET NULL' };
}

export interface IndexSpec {
  name: string;
  columns: string[];
  unique: boolean;
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  indexes: IndexSpec[];
}

export interface SchemaSnapshot {
  version: typeof SNAPSHOT_VERSION;
  tables: TableSpec[];
}

export function emptySnapshot(): SchemaSnapshot {
  return { version: SNAPSHOT_VERSION, tables: [] };
}

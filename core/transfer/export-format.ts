import type { Dialect } from '../db/connect.js';
import { OperatorError } from '../schema/errors.js';
import type { SchemaSnapshot } from '../schema/snapshot.js';

/**
 * An export is JSONL, one record per line, so both ends stream it:
 * 1. a header with the schema snapshot the rows fit;
 * 2. `{ table, row }` for every row of every table in the snapshot (content,
 *    link and system tables), tables ordered so referenced rows come first,
 *    rows in id order;
 * 3. `{ migration }` for each applied migration, so the target database is
 *    exactly as current as the source;
 * 4. an end record with the row counts the import checks, and each table's
 *    id high-water mark, so ids of deleted rows are never reused.
 */
export const EXPORT_FORMAT = 'larder-export';
export const EXPORT_VERSION = 1;

export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  source: Dialect;
  exportedAt: string;
  snapshot: SchemaSnapshot;
}

export interface RowRecord {
  table: string;
  row: Record<string, unknown>;
}

export interface MigrationRecord {
  migration: { name: string; snapshot: SchemaSnapshot; appliedAt: string };
}

export interface EndRecord {
  end: {
    counts: Record<string, number>;
    migrations: number;
    /** Highest id ever handed out per table (it can exceed the highest id left). */
    sequences: Record<string, number>;
  };
}

/** An export or import that cannot proceed; one line for the operator. */
export class TransferError extends OperatorError {
  override readonly name = 'TransferError';
}

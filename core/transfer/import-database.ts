import type { Knex } from 'knex';
import { createInterface } from 'node:readline';
import type { Database } from '../db/connect.js';
import { applyOperations } from '../schema/apply-operations.js';
import { quoteIdentifier } from '../query/quote-identifier.js';
import { diffSnapshots } from '../schema/diff-snapshots.js';
import { ensureMigrationTables } from '../schema/migrator.js';
import { emptySnapshot, type SchemaSnapshot, type TableSpec } from '../schema/snapshot.js';
import {
  EXPORT_FORMAT, EXPORT_VERSION, TransferError, type EndRecord, type ExportHeader, type MigrationRecord, type RowRecord,
} from './export-format.js';
import { decodeValue } from './value-codec.js';

export interface ImportSummary {
  tables: number;
  rows: number;
  migrations: number;
}

/** Bound parameters per INSERT stay well under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
const MAX_BATCH_ROWS = 500;

/**
 * Restores an export (export-format.ts) into an empty database of either
 * dialect, in one transaction: creates the schema from the file's snapshot,
 * streams the rows in batches, records the migration history, checks every
 * table's count against the end record, and moves each id sequence past the
 * ids it was given. Any mismatch rolls everything back.
 */
export async function importDatabase(db: Database, input: NodeJS.ReadableStream): Promise<ImportSummary> {
  const lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
  let lineNumber = 0;
  const next = async (): Promise<unknown> => {
    const { value, done } = await lines.next();
    if (done) return undefined;
    lineNumber++;
    try {
      return JSON.parse(value);
    } catch {
      throw new TransferError(`line ${lineNumber} is not JSON: the file is not a Larder export, or it is damaged`);
    }
  };

  const header = await next() as Partial<ExportHeader> | undefined;
  if (header?.format !== EXPORT_FORMAT || header.version !== EXPORT_VERSION || typeof header.snapshot !== 'object') {
    throw new TransferError(`the file is not a Larder export (version ${EXPORT_VERSION}): its first line has no "format": "${EXPORT_FORMAT}" header`);
  }
  const snapshot = header.snapshot as SchemaSnapshot;
  await assertEmpty(db, snapshot);
  await ensureMigrationTables(db);

  try {
    return await db.knex.transaction((trx) => importRecords(trx, db, snapshot, next, () => lineNumber));
  } catch (error) {
    if (error instanceof TransferError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).split(' - ').at(-1);
    throw new TransferError(`the import failed at line ${lineNumber} and was rolled back, nothing was imported: ${reason}`);
  }
}

async function importRecords(
  trx: Knex.Transaction, db: Database, snapshot: SchemaSnapshot, next: () => Promise<unknown>, line: () => number,
): Promise<ImportSummary> {
  await applyOperations(trx, db.dialect, diffSnapshots(emptySnapshot(), snapshot));
  const tables = new Map(snapshot.tables.map((table) => [table.name, table]));
  const read = new Map<string, number>();
  let batch: { table: TableSpec; rows: Array<Record<string, unknown>> } | undefined;
  const flush = async () => {
    if (batch && batch.rows.length > 0) await trx(batch.table.name).insert(batch.rows);
    batch = undefined;
  };
  let migrations = 0;
  let end: EndRecord['end'] | undefined;

  for (let record = await next(); record !== undefined; record = await next()) {
    if (end) throw new TransferError(`line ${line()}: data after the end record`);
    const value = record as Partial<RowRecord & MigrationRecord & EndRecord>;
    if (typeof value.table === 'string') {
      const table = tables.get(value.table);
      if (!table) throw new TransferError(`line ${line()}: table "${value.table}" is not in the export's schema`);
      if (batch?.table !== table || batch.rows.length >= batchRows(table)) {
        await flush();
        batch = { table, rows: [] };
      }
      batch!.rows.push(decodeRow(db, table, value.row, line()));
      read.set(table.name, (read.get(table.name) ?? 0) + 1);
    } else if (value.migration) {
      await flush();
      const { name, snapshot: recorded, appliedAt } = value.migration;
      await trx('larder_migrations').insert({ name, snapshot: JSON.stringify(recorded), applied_at: appliedAt });
      migrations++;
    } else if (value.end) {
      await flush();
      end = value.end;
    } else {
      throw new TransferError(`line ${line()}: not a row, migration or end record`);
    }
  }
  if (!end) throw new TransferError(`the file ends at line ${line()} without its end record: it was cut short. Nothing was imported`);
  await checkCounts(trx, snapshot, end, read, migrations);
  await restoreSequences(trx, db, snapshot, end.sequences);
  return { tables: snapshot.tables.length, rows: [...read.values()].reduce((sum, n) => sum + n, 0), migrations };
}

async function assertEmpty(db: Database, snapshot: SchemaSnapshot): Promise<void> {
  for (const table of snapshot.tables) {
    if (await db.knex.schema.hasTable(table.name)) {
      throw new TransferError(`${db.description} is not empty (table ${table.name} exists): import only into an empty database`);
    }
  }
  if (await db.knex.schema.hasTable('larder_migrations')) {
    const [row] = await db.knex('larder_migrations').count({ n: '*' });
    if (Number((row as { n: number | string }).n) > 0) {
      throw new TransferError(`${db.description} already has migrations applied: import only into an empty database`);
    }
  }
}

function batchRows(table: TableSpec): number {
  return Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMETERS / table.columns.length)));
}

function decodeRow(db: Database, table: TableSpec, row: unknown, line: number): Record<string, unknown> {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new TransferError(`line ${line}: the row of ${table.name} is not an object`);
  const columns = new Map(table.columns.map((column) => [column.name, column]));
  const decoded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    const column = columns.get(name);
    if (!column) throw new TransferError(`line ${line}: table ${table.name} has no column "${name}"`);
    decoded[name] = decodeValue(db.dialect, column, value);
  }
  return decoded;
}

async function checkCounts(
  trx: Knex.Transaction, snapshot: SchemaSnapshot, end: EndRecord['end'], read: ReadonlyMap<string, number>, migrations: number,
): Promise<void> {
  if (end.migrations !== migrations) {
    throw new TransferError(`the end record lists ${end.migrations} migrations but the file holds ${migrations}: it is damaged. Nothing was imported`);
  }
  for (const table of snapshot.tables) {
    const expected = end.counts[table.name] ?? 0;
    const [row] = await trx(table.name).count({ n: '*' });
    const stored = Number((row as { n: number | string }).n);
    if (stored !== expected || (read.get(table.name) ?? 0) !== expected) {
      throw new TransferError(`${table.name}: the export lists ${expected} rows, the file holds ${read.get(table.name) ?? 0} and ${stored} were stored. Nothing was imported`);
    }
  }
}

/**
 * Rows came with explicit ids, which PostgreSQL's sequences do not see: move
 * each past the highest id (or the source's high-water mark, if higher) so the
 * next entry gets a fresh id. SQLite's AUTOINCREMENT follows explicit ids by
 * itself; only a higher source mark needs writing. A SQLite rowid alias
 * (`autoincrement: false`) keeps no mark at all.
 */
async function restoreSequences(trx: Knex.Transaction, db: Database, snapshot: SchemaSnapshot, marks: Record<string, number> = {}): Promise<void> {
  for (const table of snapshot.tables) {
    const id = table.columns.find((column) => column.type === 'increments');
    if (!id || (db.dialect === 'sqlite' && id.autoincrement === false)) continue;
    const [row] = await trx(table.name).max({ top: 'id' });
    const highest = Math.max(Number((row as { top: number | string | null }).top ?? 0), marks[table.name] ?? 0);
    if (highest < 1) continue;
    if (db.dialect === 'postgres') {
      await trx.raw('SELECT setval(pg_get_serial_sequence(?, ?), ?, true)', [quoteIdentifier(table.name), 'id', highest]);
    } else {
      await trx.raw('INSERT INTO sqlite_sequence (name, seq) SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)', [table.name, table.name]);
      await trx.raw('UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?', [highest, table.name]);
    }
  }
}

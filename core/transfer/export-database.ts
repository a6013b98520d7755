import type { Knex } from 'knex';
import { once } from 'node:events';
import type { Database } from '../db/connect.js';
import { quoteIdentifier } from '../query/quote-identifier.js';
import { lastAppliedSnapshot } from '../schema/migrator.js';
import type { TableSpec } from '../schema/snapshot.js';
import { orderByReferences } from '../schema/table-order.js';
import { EXPORT_FORMAT, EXPORT_VERSION, TransferError, type EndRecord, type ExportHeader } from './export-format.js';
import { encodeValue, selectColumn } from './value-codec.js';

export interface ExportSummary {
  tables: number;
  rows: number;
  migrations: number;
}

/** Rows per query: memory stays flat whatever the table size. */
const BATCH_SIZE = 1000;

/**
 * Writes every table of the database's current schema snapshot to `out` as
 * JSONL (export-format.ts), in keyset batches in id order, inside one
 * read-only transaction so the file is a consistent picture even while the
 * server keeps writing.
 */
export async function exportDatabase(db: Database, out: NodeJS.WritableStream): Promise<ExportSummary> {
  const write = async (record: unknown) => {
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  };
  const work = async (trx: Knex.Transaction): Promise<ExportSummary> => {
    const snapshot = await lastAppliedSnapshot(trx).catch(() => undefined);
    if (!snapshot) throw new TransferError(`${db.description} has no applied migrations: there is nothing to export`);
    const header: ExportHeader = { format: EXPORT_FORMAT, version: EXPORT_VERSION, source: db.dialect, exportedAt: new Date().toISOString(), snapshot };
    await write(header);
    const counts: Record<string, number> = {};
    let rows = 0;
    const tables = orderByReferences(snapshot.tables, (table) => table);
    for (const table of tables) {
      counts[table.name] = 0;
      for await (const row of keysetRows(trx, table, (spec) => spec.columns.map((column) => selectColumn(trx, db.dialect, column)))) {
        const encoded: Record<string, unknown> = {};
        for (const column of table.columns) encoded[column.name] = encodeValue(column, row[column.name]);
        await write({ table: table.name, row: encoded });
        counts[table.name]!++;
        rows++;
      }
    }
    let migrations = 0;
    const history: TableSpec = { name: 'larder_migrations', columns: [{ name: 'id', type: 'increments', nullable: false }], indexes: [] };
    for await (const row of keysetRows(trx, history, () => ['id', 'name', 'snapshot', 'applied_at'])) {
      await write({ migration: { name: row.name, snapshot: JSON.parse(String(row.snapshot)), appliedAt: row.applied_at } });
      migrations++;
    }
    const end: EndRecord = { end: { counts, migrations, sequences: await sequences(trx, db, tables) } };
    await write(end);
    return { tables: tables.length, rows, migrations };
  };
  // Repeatable read gives PostgreSQL one snapshot for every query; a SQLite
  // read transaction in WAL mode already sees one.
  try {
    return db.dialect === 'postgres'
      ? await db.knex.transaction(work, { isolationLevel: 'repeatable read', readOnly: true })
      : await db.knex.transaction(work);
  } catch (error) {
    if (error instanceof TransferError) throw error;
    const reason = (error instanceof Error ? error.message : String(error)).split(' - ').at(-1);
    throw new TransferError(`the export from ${db.description} failed: ${reason}`);
  }
}

async function* keysetRows(
  trx: Knex.Transaction, table: TableSpec, columns: (table: TableSpec) => Array<Knex.Raw | string>,
): AsyncGenerator<Record<string, unknown>> {
  if (!table.columns.some((column) => column.name === 'id')) throw new TransferError(`table ${table.name} has no id column to export in order`);
  let after: number | undefined;
  for (;;) {
    const query = trx(table.name).select(columns(table)).orderBy('id').limit(BATCH_SIZE);
    if (after !== undefined) query.where('id', '>', after);
    const batch = await query as Array<Record<string, unknown>>;
    for (const row of batch) yield row;
    if (batch.length < BATCH_SIZE) return;
    after = Number(batch.at(-1)!.id);
  }
}

/** Each table's id high-water mark: AUTOINCREMENT's on SQLite, the serial sequence's on PostgreSQL. */
async function sequences(trx: Knex.Transaction, db: Database, tables: readonly TableSpec[]): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  const serial = tables.filter((table) => table.columns.some((column) => column.type === 'increments'));
  if (db.dialect === 'sqlite') {
    const rows = await trx.raw('SELECT name, seq FROM sqlite_sequence') as Array<{ name: string; seq: number }>;
    const known = new Set(serial.map((table) => table.name));
    for (const row of rows) if (known.has(row.name)) result[row.name] = Number(row.seq);
    return result;
  }
  for (const table of serial) {
    const found = await trx.raw('SELECT pg_get_serial_sequence(?, ?) AS seq', [quoteIdentifier(table.name), 'id']) as { rows: Array<{ seq: string | null }> };
    const sequence = found.rows[0]?.seq;
    if (!sequence) continue;
    const state = await trx.raw(`SELECT last_value, is_called FROM ${sequence}`) as { rows: Array<{ last_value: string; is_called: boolean }> };
    const row = state.rows[0];
    if (row) result[table.name] = row.is_called ? Number(row.last_value) : Number(row.last_value) - 1;
  }
  return result;
}

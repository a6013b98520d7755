import type { Knex } from 'knex';
import { timed, type QueryTimer } from '../db/query-timing.js';

export type Row = Record<string, unknown>;

/**
 * Runs a compiled SELECT through knex (so transactions, pooling and the
 * `query` event all still apply) with the least builder work: the SQL is
 * already text. pg answers a raw query with a result object, SQLite with rows.
 */
export async function runSelect(knex: Knex | Knex.Transaction, sql: string, bindings: readonly unknown[], timer?: QueryTimer): Promise<Row[]> {
  const result: unknown = await timed(timer, async () => knex.raw(sql, bindings as Knex.RawBinding[]));
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}

import type { Knex } from 'knex';
import type { StatementNames } from '../db/prepared-statements.js';
import { timed, type QueryTimer } from '../db/query-timing.js';

export type Row = Record<string, unknown>;

/**
 * Runs a compiled SELECT through knex (so transactions, pooling and the
 * `query` event all still apply) with the least builder work: the SQL is
 * already text. pg answers a raw query with a result object, SQLite with rows.
 * With `names` (PostgreSQL, statements whose text repeats) it runs as a named
 * prepared statement (core/db/prepared-statements.ts).
 */
export async function runSelect(
  knex: Knex | Knex.Transaction, sql: string, bindings: readonly unknown[], timer?: QueryTimer, names?: StatementNames,
): Promise<Row[]> {
  const name = names?.(sql);
  const result: unknown = await timed(timer, async () => {
    const raw = knex.raw(sql, bindings as Knex.RawBinding[]);
    return name ? raw.options({ name }) : raw;
  });
  return Array.isArray(result) ? (result as Row[]) : (result as { rows: Row[] }).rows;
}

import type { EventEmitter } from 'node:events';
import type { Knex } from 'knex';

/**
 * Runs one SQL statement on a transaction's own connection, for the
 * statements a write issues every time (the history insert, its pruning).
 * Resolves with its rows: none for a statement that returns no data.
 */
export type DirectStatement = (trx: Knex.Transaction, sql: string, bindings: readonly DirectBinding[]) => Promise<unknown[]>;

/** What these statements bind: no Dates or booleans, which knex would convert first. */
export type DirectBinding = string | number | null;

interface BetterSqliteStatement {
  /** False for a statement that returns no data: better-sqlite3 refuses `all` on it. */
  reader: boolean;
  all(bindings: readonly DirectBinding[]): unknown[];
  run(bindings: readonly DirectBinding[]): unknown;
}

interface BetterSqliteConnection {
  /** Cached per connection (statement-cache.ts). */
  prepare(sql: string): BetterSqliteStatement;
  __knexUid?: string;
  __knexTxId?: string;
}

/** A transaction's client: it always hands out the transaction's connection, and forwards query events to the root client. */
type TransactionClient = EventEmitter & { acquireConnection(): Promise<BetterSqliteConnection> };

/**
 * better-sqlite3 runs a cached statement synchronously in tens of µs, and
 * knex's path around it (raw builder, binding formatter, runner, promise
 * hops, a random query id) adds JavaScript work of the same order: running
 * the history insert without it moved history ÷ no history from about 0.76
 * to about 0.83 in an A/B (bench/history-cost.md). This runs the statement
 * on the same connection without that path, and still emits knex's query
 * events, so the query metrics and anything else listening on knex count it
 * like any other query.
 */
export function betterSqliteDirectStatement(): DirectStatement {
  let sequence = 0;
  return async (trx, sql, bindings) => {
    const client = trx.client as unknown as TransactionClient;
    const connection = await client.acquireConnection();
    const query = {
      __knexUid: connection.__knexUid, __knexTxId: connection.__knexTxId, __knexQueryUid: `direct-${++sequence}`,
      method: 'raw', sql, bindings,
    };
    client.emit('query', query);
    let rows: unknown[];
    try {
      const statement = connection.prepare(sql);
      if (statement.reader) {
        rows = statement.all(bindings);
      } else {
        statement.run(bindings);
        rows = [];
      }
    } catch (error) {
      client.emit('query-error', error, query);
      throw error;
    }
    client.emit('query-response', rows, query);
    return rows;
  };
}

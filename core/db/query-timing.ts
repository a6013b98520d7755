import { AsyncLocalStorage } from 'node:async_hooks';
import type { Knex } from 'knex';
import type { Metrics } from '../metrics.js';

/** Database time spent on behalf of one request, for `Server-Timing: db`. */
export interface QueryTimer {
  dbMs: number;
  queries: number;
}

const OPERATIONS = new Set(['select', 'insert', 'update', 'delete', 'begin', 'commit', 'rollback', 'pragma', 'create', 'alter', 'drop']);

/**
 * Watches knex's query events: every query counts toward the app's metrics,
 * and toward the timer of the request it runs for (found through
 * AsyncLocalStorage, so nothing is threaded through call signatures).
 */
export function instrumentQueries(knex: Knex, metrics: Metrics): AsyncLocalStorage<QueryTimer> {
  const storage = new AsyncLocalStorage<QueryTimer>();
  const started = new Map<string, { at: bigint; operation: string; timer: QueryTimer | undefined }>();

  knex.on('query', (query: { __knexQueryUid: string; sql: string; method?: string }) => {
    started.set(query.__knexQueryUid, { at: process.hrtime.bigint(), operation: operationOf(query), timer: storage.getStore() });
  });
  const finish = (query: { __knexQueryUid: string }) => {
    const start = started.get(query.__knexQueryUid);
    if (!start) return;
    started.delete(query.__knexQueryUid);
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    metrics.dbQueries.inc({ operation: start.operation });
    metrics.dbDuration.observe({ operation: start.operation }, seconds);
    if (start.timer) {
      start.timer.dbMs += seconds * 1000;
      start.timer.queries += 1;
    }
  };
  knex.on('query-response', (_response: unknown, query: { __knexQueryUid: string }) => finish(query));
  knex.on('query-error', (_error: unknown, query: { __knexQueryUid: string }) => finish(query));
  return storage;
}

/** A bounded label: the statement's kind, from knex's method or, for raw SQL, its first keyword. */
function operationOf(query: { sql: string; method?: string }): string {
  const method = query.method && query.method !== 'raw' ? query.method : /^\s*\(?\s*(\w+)/.exec(query.sql)?.[1];
  const keyword = (method ?? 'other').toLowerCase();
  if (keyword === 'first' || keyword === 'pluck' || keyword === 'with') return 'select';
  if (keyword === 'del') return 'delete';
  return OPERATIONS.has(keyword) ? keyword : 'other';
}

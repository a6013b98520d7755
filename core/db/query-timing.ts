import type { Knex } from 'knex';
import type { Metrics } from '../metrics.js';

/**
 * Database time spent on behalf of one request, for `Server-Timing: db`:
 * the wall time during which at least one of the request's database calls
 * was pending (waiting for a pooled connection included, overlapping calls
 * counted once). Passed down explicitly rather than found through
 * AsyncLocalStorage: on Node 20 that turns on promise hooks for every
 * promise in the process and halved the throughput of a cheap read.
 */
export interface QueryTimer {
  dbMs: number;
  /** Calls in flight, and since when the oldest of them has been. */
  pending: number;
  since: number;
}

export function newQueryTimer(): QueryTimer {
  return { dbMs: 0, pending: 0, since: 0 };
}

/** Runs `work`, adding its time to `timer` (a no-op without one). */
export async function timed<T>(timer: QueryTimer | undefined, work: () => Promise<T>): Promise<T> {
  if (!timer) return work();
  if (timer.pending++ === 0) timer.since = performance.now();
  try {
    return await work();
  } finally {
    if (--timer.pending === 0) timer.dbMs += performance.now() - timer.since;
  }
}

const OPERATIONS = new Set(['select', 'insert', 'update', 'delete', 'begin', 'commit', 'rollback', 'pragma', 'create', 'alter', 'drop']);

/** Watches knex's query events: every query counts toward the app's query metrics. */
export function instrumentQueries(knex: Knex, metrics: Metrics): void {
  const started = new Map<string, { at: bigint; operation: string }>();

  knex.on('query', (query: { __knexQueryUid: string; sql: string; method?: string }) => {
    started.set(query.__knexQueryUid, { at: process.hrtime.bigint(), operation: operationOf(query) });
  });
  const finish = (query: { __knexQueryUid: string }) => {
    const start = started.get(query.__knexQueryUid);
    if (!start) return;
    started.delete(query.__knexQueryUid);
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    metrics.dbQueries.inc({ operation: start.operation });
    metrics.dbDuration.observe({ operation: start.operation }, seconds);
  };
  knex.on('query-response', (_response: unknown, query: { __knexQueryUid: string }) => finish(query));
  knex.on('query-error', (_error: unknown, query: { __knexQueryUid: string }) => finish(query));
}

/** A bounded label: the statement's kind, from knex's method or, for raw SQL, its first keyword. */
function operationOf(query: { sql: string; method?: string }): string {
  const method = query.method && query.method !== 'raw' ? query.method : /^\s*\(?\s*(\w+)/.exec(query.sql)?.[1];
  const keyword = (method ?? 'other').toLowerCase();
  if (keyword === 'first' || keyword === 'pluck' || keyword === 'with') return 'select';
  if (keyword === 'del') return 'delete';
  return OPERATIONS.has(keyword) ? keyword : 'other';
}

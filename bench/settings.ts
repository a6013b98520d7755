/**
 * Every knob of `npm run bench`, read once from the environment. Defaults keep
 * a full SQLite + PostgreSQL run near eleven minutes on a 2-core machine.
 */
export interface BenchSettings {
  quick: boolean;
  rows: number;
  connections: number;
  /** Seconds of load before measuring (JIT, page cache, prepared statements). */
  warmupSeconds: number;
  measureSeconds: number;
  /** PostgreSQL gets a shorter window by default so both databases fit the time budget. */
  pgWarmupSeconds: number;
  pgMeasureSeconds: number;
  postgres: boolean;
  postgresUrl: string;
  /** `filters[views][$gt]` value; views are uniform in [0, VIEWS_RANGE). */
  viewsGt: number;
  /** Sequential requests per figure when counting SQL queries through /metrics. */
  queryCountRequests: number;
  /**
   * BENCH_ONLY: scenario names, comma-separated, to measure just those (and what
   * their relative targets compare against); the workers comparison is skipped.
   * Empty: every scenario.
   */
  only: string[];
}

/** Seeded views are uniform in [0, VIEWS_RANGE). */
export const VIEWS_RANGE = 10_000;

function intFromEnv(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** The deep page of the offset/keyset pair: page 2,000, or the last full page of a smaller table. */
export function deepPage(rows: number, pageSize: number): number {
  return Math.min(2_000, Math.floor(rows / pageSize) - 1);
}

export function readSettings(): BenchSettings {
  const quick = process.env.BENCH_QUICK === '1';
  const warmupSeconds = intFromEnv('BENCH_WARMUP', quick ? 2 : 3, 0);
  const measureSeconds = intFromEnv('BENCH_DURATION', quick ? 4 : 10);
  return {
    quick,
    rows: intFromEnv('BENCH_ROWS', quick ? 10_000 : 100_000, 1_000),
    connections: intFromEnv('BENCH_CONNECTIONS', 10),
    warmupSeconds,
    measureSeconds,
    pgWarmupSeconds: intFromEnv('BENCH_PG_WARMUP', Math.min(warmupSeconds, 2), 0),
    pgMeasureSeconds: intFromEnv('BENCH_PG_DURATION', Math.min(measureSeconds, 4)),
    postgres: process.env.BENCH_POSTGRES !== '0',
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432',
    // About 1% of rows match (1,000 of 100k). At 10% the sort of ~10k matches (no index on
    // created_at) takes ~30 ms on SQLite, both servers are purely database-bound, and the
    // ratio says nothing about Larder; BENCH_VIEWS_GT=8999 shows that case.
    viewsGt: intFromEnv('BENCH_VIEWS_GT', VIEWS_RANGE - VIEWS_RANGE / 100 - 1, 0),
    queryCountRequests: intFromEnv('BENCH_QUERY_COUNT_REQUESTS', 20),
    only: (process.env.BENCH_ONLY ?? '').split(',').map((name) => name.trim()).filter((name) => name !== ''),
  };
}

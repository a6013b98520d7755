import knexFactory, { type Knex } from 'knex';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Logger } from '../logging.js';
import { betterSqliteDirectStatement, type DirectStatement } from './direct-statement.js';
import { knexLog } from './knex-log.js';
import { createStatementNames, type StatementNames } from './prepared-statements.js';
import { cachePreparedStatements } from './statement-cache.js';

export type Dialect = 'sqlite' | 'postgres';
export type SqliteDriver = 'better-sqlite3' | 'sqlite3';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** Human-readable target for logs, without credentials. */
  description: string;
  /** Runs a fixed statement outside knex's query path: better-sqlite3 only, where that path costs as much as the statement. */
  directStatement?: DirectStatement;
  /** PostgreSQL: names for statements run often enough to keep prepared on each pooled connection. */
  statementNames?: StatementNames;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  sqliteDriver: SqliteDriver;
  /** Relative SQLite paths resolve against this directory. */
  cwd: string;
  /** Receives knex's own warnings; without it they go to stderr, never into the JSON log stream. */
  log?: Logger;
}

/**
 * PostgreSQL type parsers for this connection only (pg's global parser table
 * would leak between apps in one process). `date` stays a string: pg's default
 * turns it into a local-midnight Date, which shifts the day.
 */
const PG_DATE_OID = 1082;
const PG_NUMERIC_OID = 1700;
function pgTypes() {
  // Loaded here, not at the top: a SQLite deployment never pays for pg at boot.
  const pg = createRequire(import.meta.url)('pg') as typeof import('pg');
  return {
    getTypeParser(oid: number, format?: string) {
      if (oid === PG_DATE_OID) return (value: string) => value;
      if (oid === PG_NUMERIC_OID) return (value: string) => value;
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
}

export function connectDatabase(options: DatabaseOptions): Database {
  const { url } = options;
  if (url.startsWith('sqlite:')) return connectSqlite(url.slice('sqlite:'.length), options);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return connectPostgres(url, options);
  throw new ConfigError('DATABASE_URL', '', `unsupported database URL "${redact(url)}"`,
    'use sqlite:./data/larder.db, sqlite::memory: or postgres://user@host:5432/db');
}

function connectSqlite(path: string, options: DatabaseOptions): Database {
  const memory = path === ':memory:';
  const filename = memory ? ':memory:' : resolve(options.cwd, path);
  if (!memory) mkdirSync(dirname(filename), { recursive: true });
  const knex = knexFactory({
    client: options.sqliteDriver,
    connection: { filename },
    useNullAsDefault: true,
    ...commonConfig(options),
    // One connection: SQLite serialises writers anyway, and an in-memory
    // database exists only inside its connection.
    pool: {
      min: 1,
      max: 1,
      afterCreate(connection: unknown, done: (error: Error | null, connection: unknown) => void) {
        applySqlitePragmas(connection, options.sqliteDriver, memory)
          .then(() => done(null, connection), (error: Error) => done(error, connection));
      },
    },
  });
  return {
    knex,
    dialect: 'sqlite',
    description: `sqlite:${filename} (${options.sqliteDriver})`,
    directStatement: options.sqliteDriver === 'better-sqlite3' ? betterSqliteDirectStatement() : undefined,
    close: () => knex.destroy(),
  };
}

/**
 * WAL lets readers run beside a writer; busy_timeout makes a second process
 * wait for the write lock instead of failing with SQLITE_BUSY; foreign keys are
 * off by default in SQLite (sqlite.org/foreignkeys.html).
 */
async function applySqlitePragmas(connection: unknown, driver: SqliteDriver, memory: boolean): Promise<void> {
  const pragmas = [
    ...(memory ? [] : ['journal_mode = WAL', 'synchronous = NORMAL']),
    'foreign_keys = ON',
    'busy_timeout = 5000',
  ];
  if (driver === 'better-sqlite3') {
    const db = connection as { pragma(source: string): unknown; prepare(sql: string): unknown };
    for (const pragma of pragmas) db.pragma(pragma);
    cachePreparedStatements(db);
    return;
  }
  const db = connection as { run(sql: string, callback: (error: Error | null) => void): void };
  for (const pragma of pragmas) {
    await new Promise<void>((resolvePragma, reject) => db.run(`PRAGMA ${pragma}`, (error) => (error ? reject(error) : resolvePragma())));
  }
}

/**
 * While PostgreSQL is down or restarting, requests must fail fast (503) and
 * never hang, and the pool must heal by itself once it is back:
 * - pg gives up on a connect after `connectionTimeoutMillis` (a black-holed
 *   host would otherwise wait for the OS TCP timeout, minutes);
 * - knex gives up waiting for a pooled connection after `acquireConnectionTimeout`;
 * - `propagateCreateError` (knex's default, kept explicit) rejects a waiting
 *   request as soon as a connection attempt fails, instead of retrying until the timeout;
 * - knex marks a client that emitted 'error' or 'end' as disposed, and the
 *   pool's validate step discards it on the next acquire, so dead sockets are
 *   replaced by fresh connections (tests/api/database-outage.test.ts).
 */
const PG_CONNECT_TIMEOUT_MS = 2000;
const PG_ACQUIRE_TIMEOUT_MS = 2000;

function connectPostgres(url: string, options: DatabaseOptions): Database {
  const connection: Knex.PgConnectionConfig = {
    connectionString: url,
    types: pgTypes(),
    connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
    // Lets the OS notice, after its probes, a pooled socket whose peer vanished
    // without closing it (a host that lost power). Not covered by the outage
    // test, whose proxy always closes or resets.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  } as Knex.PgConnectionConfig;
  const knex = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 10, propagateCreateError: true },
    acquireConnectionTimeout: PG_ACQUIRE_TIMEOUT_MS,
    ...commonConfig(options),
  });
  return { knex, dialect: 'postgres', description: redact(url), statementNames: createStatementNames(), close: () => knex.destroy() };
}

function commonConfig(options: DatabaseOptions): Pick<Knex.Config, 'log' | 'compileSqlOnError'> {
  return {
    log: knexLog(options.log),
    // A failed query's message carries its SQL with `?` placeholders, not the
    // bound values: values can be secrets or personal data, and the message is logged.
    compileSqlOnError: false,
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

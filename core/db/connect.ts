import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

export type Dialect = 'sqlite' | 'postgres';
export type SqliteDriver = 'better-sqlite3' | 'sqlite3';

export interface Database {
  knex: Knex;
  dialect: Dialect;
  /** Human-readable target for logs, without credentials. */
  description: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url: string;
  sqliteDriver: SqliteDriver;
  /** Relative SQLite paths resolve against this directory. */
  cwd: string;
}

/**
 * PostgreSQL type parsers for this connection only (pg's global parser table
 * would leak between apps in one process). `date` stays a string: pg's default
 * turns it into a local-midnight Date, which shifts the day.
 */
const PG_DATE_OID = 1082;
const PG_NUMERIC_OID = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (oid === PG_DATE_OID) return (value: string) => value;
    if (oid === PG_NUMERIC_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function connectDatabase(options: DatabaseOptions): Database {
  const { url } = options;
  if (url.startsWith('sqlite:')) return connectSqlite(url.slice('sqlite:'.length), options);
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return connectPostgres(url);
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
    const db = connection as { pragma(source: string): unknown };
    for (const pragma of pragmas) db.pragma(pragma);
    return;
  }
  const db = connection as { run(sql: string, callback: (error: Error | null) => void): void };
  for (const pragma of pragmas) {
    await new Promise<void>((resolvePragma, reject) => db.run(`PRAGMA ${pragma}`, (error) => (error ? reject(error) : resolvePragma())));
  }
}

function connectPostgres(url: string): Database {
  const knex = knexFactory({
    client: 'pg',
    connection: { connectionString: url, types: pgTypes } as Knex.PgConnectionConfig,
    pool: { min: 0, max: 10 },
    acquireConnectionTimeout: 10_000,
  });
  return { knex, dialect: 'postgres', description: redact(url), close: () => knex.destroy() };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

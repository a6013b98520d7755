import type { SqliteDriver } from '../db/connect.js';

/** What createApp needs, with every default already applied. */
export interface AppOptions {
  /** `development` applies safe schema changes at boot; `production` refuses any drift. */
  mode: 'development' | 'production';
  databaseUrl: string;
  sqliteDriver: SqliteDriver;
  configDir: string;
  migrationsDir: string;
  dataDir: string;
  /** Base for relative paths (SQLite files). */
  cwd: string;
  logLevel: string;
  /** Pretty, human-oriented log output (`larder dev`). */
  prettyLogs: boolean;
  /** Where JSON log lines go; tests capture them. */
  logDestination?: NodeJS.WritableStream;
  /** Signs tokens (DESIGN §2). */
  secret: string;
  /** Set when `secret` is a generated development secret kept in this file. */
  developmentSecretFile?: string;
  metricsToken?: string;
  /** Allowed CORS origins; undefined means `*` without credentials (DESIGN §10). */
  corsOrigins?: string[];
  limits: ServerLimits;
}

export interface ServerLimits {
  /** JSON body limit in bytes (DESIGN §10: 1 MiB). */
  jsonBodyBytes: number;
  /** Longest accepted request URL, in bytes. */
  urlBytes: number;
  /** How long SIGTERM waits for requests in flight. */
  shutdownGraceMs: number;
  /** A client must send its complete headers within this time (slowloris). */
  headersTimeoutMs: number;
  /** A whole request must arrive within this time. */
  requestTimeoutMs: number;
  /** Idle keep-alive sockets close after this; below a typical load balancer's 60 s. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  jsonBodyBytes: 1_048_576,
  urlBytes: 8_192,
  shutdownGraceMs: 10_000,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60_000,
  keepAliveTimeoutMs: 55_000,
};

import type { HistoryRetention } from '../content/history.js';
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
  /** Content history kept (config/server.json `history`); DEFAULT_HISTORY_RETENTION when absent. */
  history?: HistoryRetention;
  /** Auth attempts per window (config/server.json `rateLimit`); DEFAULT_RATE_LIMIT when absent. */
  rateLimit?: RateLimitOptions;
  /**
   * Reverse proxies in front of Larder whose `X-Forwarded-For` entries are
   * trusted (config/server.json `trustProxy`). 0 or absent: the socket
   * address is the client, and the header is ignored.
   */
  trustProxy?: number;
  /** LARDER_ADMIN_EMAIL / LARDER_ADMIN_PASSWORD: created at boot when no admin exists. */
  bootstrapAdmin?: { email: string; password: string };
  /** Password-reset mail (LARDER_SMTP_URL, LARDER_SMTP_FROM, LARDER_RESET_URL). */
  mail?: MailOptions;
}

export interface RateLimitOptions {
  /** Attempts allowed per client IP, and separately per identifier, in each window. */
  max: number;
  windowSeconds: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 10, windowSeconds: 60 };

export interface MailOptions {
  /** nodemailer SMTP URL; without it, development logs reset links instead of sending them. */
  smtpUrl?: string;
  from?: string;
  /** The page that takes `?code=`, e.g. the admin panel's reset form or a front-end's. */
  resetUrl?: string;
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

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_HISTORY_RETENTION, type HistoryRetention } from '../content/history.js';
import { ConfigError } from '../errors.js';
import { parseJsonFile } from '../content-types/load-content-types.js';
import { resolveSecret } from './resolve-secret.js';
import { DEFAULT_LIMITS, DEFAULT_RATE_LIMIT, type AppOptions, type MailOptions, type RateLimitOptions, type ServerLimits } from './options.js';

type Env = Record<string, string | undefined>;

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * Reads the environment (DESIGN §2) and `config/server.json` into AppOptions.
 * Every mistake is a ConfigError naming the variable or file and the fix.
 */
export function loadOptions(env: Env, cwd: string, overrides: Partial<AppOptions> = {}): AppOptions {
  const mode = env.NODE_ENV === 'production' ? 'production' : 'development';
  const dataDir = resolve(cwd, env.LARDER_DATA_DIR ?? './data');
  const configDir = resolve(cwd, env.LARDER_CONFIG_DIR ?? './config');
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.has(logLevel)) {
    throw new ConfigError('LOG_LEVEL', '', `unknown log level "${logLevel}"`, `use one of ${[...LOG_LEVELS].join(', ')}`);
  }
  const driver = env.LARDER_SQLITE_DRIVER ?? 'better-sqlite3';
  if (driver !== 'better-sqlite3' && driver !== 'sqlite3') {
    throw new ConfigError('LARDER_SQLITE_DRIVER', '', `unknown SQLite driver "${driver}"`, 'use better-sqlite3 (default) or sqlite3');
  }
  const resolved = overrides.secret ? { secret: overrides.secret } : resolveSecret(env.LARDER_SECRET, mode, dataDir);
  const corsOrigins = env.CORS_ORIGINS?.split(',').map((origin) => origin.trim()).filter(Boolean);
  const server = readServerJson(configDir);
  return {
    mode,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${join(dataDir, 'larder.db')}`,
    sqliteDriver: driver,
    configDir,
    migrationsDir: resolve(cwd, env.LARDER_MIGRATIONS_DIR ?? './migrations'),
    dataDir,
    cwd,
    logLevel,
    prettyLogs: false,
    secret: resolved.secret,
    ...(resolved.developmentFile ? { developmentSecretFile: resolved.developmentFile } : {}),
    ...(env.LARDER_METRICS_TOKEN ? { metricsToken: env.LARDER_METRICS_TOKEN } : {}),
    ...(corsOrigins && corsOrigins.length > 0 ? { corsOrigins } : {}),
    limits: loadServerLimits(server),
    rateLimit: loadRateLimit(server),
    history: loadHistoryRetention(server),
    trustProxy: loadTrustProxy(server),
    ...loadAdminAndMail(env),
    ...overrides,
  };
}

interface ServerJson {
  file: string;
  raw: Record<string, unknown>;
}

/** `config/server.json` is optional. */
function readServerJson(configDir: string): ServerJson | undefined {
  const file = join(configDir, 'server.json');
  if (!existsSync(file)) return undefined;
  const raw = parseJsonFile(file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, '', 'must be a JSON object', 'use e.g. { "limits": { "jsonBodyBytes": 1048576 } }');
  }
  return { file, raw: raw as Record<string, unknown> };
}

/** Its `limits` override the defaults. */
function loadServerLimits(server: ServerJson | undefined): ServerLimits {
  if (!server) return DEFAULT_LIMITS;
  const { file, raw } = server;
  const limits = { ...DEFAULT_LIMITS };
  const given = raw.limits;
  if (given === undefined) return limits;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new ConfigError(file, 'limits', '"limits" must be an object', 'use e.g. { "jsonBodyBytes": 1048576 }');
  }
  for (const [key, value] of Object.entries(given)) {
    if (!(key in DEFAULT_LIMITS)) {
      throw new ConfigError(file, `limits.${key}`, `unknown limit "${key}"`, `use one of ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new ConfigError(file, `limits.${key}`, `"${key}" must be a positive integer`, 'use a whole number');
    }
    limits[key as keyof ServerLimits] = value;
  }
  return limits;
}

/** `rateLimit: { max, windowSeconds }` for login, register and forgot-password (DESIGN §10). */
function loadRateLimit(server: ServerJson | undefined): RateLimitOptions {
  return loadPositiveIntegers(server, 'rateLimit', DEFAULT_RATE_LIMIT, '{ "max": 10, "windowSeconds": 60 }');
}

/** `history: { maxVersions, retentionDays }`: how much content history is kept. */
function loadHistoryRetention(server: ServerJson | undefined): HistoryRetention {
  return loadPositiveIntegers(server, 'history', DEFAULT_HISTORY_RETENTION, '{ "maxVersions": 100, "retentionDays": 365 }');
}

/** An optional object of positive integer settings in server.json, each defaulted. */
function loadPositiveIntegers<T extends object>(server: ServerJson | undefined, section: string, defaults: T, example: string): T {
  const given = server?.raw[section];
  if (!server || given === undefined) return defaults;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new ConfigError(server.file, section, `"${section}" must be an object`, `use e.g. ${example}`);
  }
  const settings = { ...defaults };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in defaults)) {
      throw new ConfigError(server.file, `${section}.${key}`, `unknown setting "${key}"`, `use ${Object.keys(defaults).join(' and ')}`);
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new ConfigError(server.file, `${section}.${key}`, `"${key}" must be a positive integer`, 'use a whole number');
    }
    (settings as Record<string, number>)[key] = value;
  }
  return settings;
}

/** `trustProxy`: false (default), true (one proxy hop) or the number of proxy hops. */
function loadTrustProxy(server: ServerJson | undefined): number {
  const given = server?.raw.trustProxy;
  if (!server || given === undefined || given === false) return 0;
  if (given === true) return 1;
  if (typeof given !== 'number' || !Number.isInteger(given) || given < 0 || given > 10) {
    throw new ConfigError(server.file, 'trustProxy', '"trustProxy" must be true, false or a number of proxy hops', 'use e.g. true behind one reverse proxy');
  }
  return given;
}

function loadAdminAndMail(env: Env): Pick<AppOptions, 'bootstrapAdmin' | 'mail'> {
  const email = env.LARDER_ADMIN_EMAIL;
  const password = env.LARDER_ADMIN_PASSWORD;
  if (Boolean(email) !== Boolean(password)) {
    throw new ConfigError(email ? 'LARDER_ADMIN_PASSWORD' : 'LARDER_ADMIN_EMAIL', '', 'is needed with the other LARDER_ADMIN_ variable', 'set both LARDER_ADMIN_EMAIL and LARDER_ADMIN_PASSWORD, or neither');
  }
  const mail: MailOptions = {
    ...(env.LARDER_SMTP_URL ? { smtpUrl: env.LARDER_SMTP_URL } : {}),
    ...(env.LARDER_SMTP_FROM ? { from: env.LARDER_SMTP_FROM } : {}),
    ...(env.LARDER_RESET_URL ? { resetUrl: env.LARDER_RESET_URL } : {}),
  };
  return { ...(email && password ? { bootstrapAdmin: { email, password } } : {}), mail };
}

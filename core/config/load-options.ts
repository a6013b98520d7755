import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { parseJsonFile } from '../content-types/load-content-types.js';
import { resolveSecret } from './resolve-secret.js';
import { DEFAULT_LIMITS, type AppOptions, type ServerLimits } from './options.js';

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
    limits: loadServerLimits(configDir),
    ...overrides,
  };
}

/** `config/server.json` is optional; its `limits` override the defaults. */
function loadServerLimits(configDir: string): ServerLimits {
  const file = join(configDir, 'server.json');
  if (!existsSync(file)) return DEFAULT_LIMITS;
  const raw = parseJsonFile(file);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(file, '', 'must be a JSON object', 'use e.g. { "limits": { "jsonBodyBytes": 1048576 } }');
  }
  const limits = { ...DEFAULT_LIMITS };
  const given = (raw as Record<string, unknown>).limits;
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

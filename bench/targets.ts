import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { onCleanup } from './children.js';

/** One database the bench runs against, with its own config, migrations and data dirs. */
export interface Target {
  kind: 'sqlite' | 'postgres';
  dir: string;
  configDir: string;
  /** Larder's DATABASE_URL; the floor reads the same database. */
  databaseUrl: string;
}

function layout(root: string, kind: Target['kind']) {
  const dir = join(root, kind);
  const configDir = join(dir, 'config');
  for (const sub of ['config', 'migrations', 'data']) mkdirSync(join(dir, sub), { recursive: true });
  return { dir, configDir };
}

export function sqliteTarget(root: string): Target {
  const { dir, configDir } = layout(root, 'sqlite');
  return { kind: 'sqlite', dir, configDir, databaseUrl: `sqlite:${join(dir, 'data', 'bench.db')}` };
}

/**
 * A fresh `larder_bench_<random>` database on the server at `baseUrl`,
 * dropped again on cleanup (also after an error or Ctrl-C). Returns the
 * reason instead when the server does not answer, so the run goes on with SQLite only.
 */
export async function postgresTarget(root: string, baseUrl: string): Promise<Target | string> {
  const admin = new pg.Client({ connectionString: `${baseUrl}/postgres`, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch (error) {
    await admin.end().catch(() => undefined);
    return `PostgreSQL at ${baseUrl} does not answer (${error instanceof Error ? error.message : String(error)})`;
  }
  const name = `larder_bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  onCleanup(async () => {
    const dropper = new pg.Client({ connectionString: `${baseUrl}/postgres`, connectionTimeoutMillis: 3_000 });
    await dropper.connect();
    try {
      // FORCE: a server killed mid-run may still hold connections.
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  });
  const { dir, configDir } = layout(root, 'postgres');
  return { kind: 'postgres', dir, configDir, databaseUrl: `${baseUrl}/${name}` };
}

/** Environment of a Larder process for `target`; LOG_LEVEL=warn so the load does not measure pino. */
export function larderEnv(target: Target): Record<string, string> {
  return {
    DATABASE_URL: target.databaseUrl,
    LARDER_CONFIG_DIR: target.configDir,
    LARDER_MIGRATIONS_DIR: join(target.dir, 'migrations'),
    LARDER_DATA_DIR: join(target.dir, 'data'),
    // A fixed secret keeps the development-secret warning (and its file) out of the run.
    LARDER_SECRET: 'bench-secret-not-for-production-0123456789abcdef',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
}

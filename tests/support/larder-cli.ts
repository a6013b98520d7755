import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from './cli-process.js';
import { OPEN_ROLES } from './definitions.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A Larder project on disk for CLI-driven tests: a config dir whose content
 * types a test rewrites step by step, a migrations dir, and a database URL.
 * `run` calls the built CLI (`npm run build` first) the way an operator would.
 */
export interface CliProject {
  root: string;
  configDir: string;
  migrationsDir: string;
  env: Record<string, string>;
  /** Replaces every definition in config/content-types. */
  define(definitions: Record<string, unknown>): void;
  run(args: string[], extraEnv?: Record<string, string>): CliResult;
  remove(): void;
}

export function cliProject(databaseUrl: string): CliProject {
  const root = mkdtempSync(join(tmpdir(), 'larder-project-'));
  const configDir = join(root, 'config');
  const migrationsDir = join(root, 'migrations');
  mkdirSync(join(configDir, 'content-types'), { recursive: true });
  writeFileSync(join(configDir, 'roles.json'), JSON.stringify(OPEN_ROLES));
  const env = {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '',
    DATABASE_URL: databaseUrl, LARDER_CONFIG_DIR: configDir, LARDER_MIGRATIONS_DIR: migrationsDir,
    LARDER_DATA_DIR: join(root, 'data'), LARDER_SECRET: 'test-secret-that-is-long-enough-for-larder-0123456789',
  };
  return {
    root, configDir, migrationsDir, env,
    define(definitions) {
      const dir = join(configDir, 'content-types');
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const [name, definition] of Object.entries(definitions)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(definition, null, 2));
    },
    run(args, extraEnv = {}) {
      const result = spawnSync(process.execPath, [CLI, ...args], {
        cwd: root, encoding: 'utf8', timeout: args[0] === 'start' ? 20_000 : 60_000, env: { ...env, PORT: '0', ...extraEnv },
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

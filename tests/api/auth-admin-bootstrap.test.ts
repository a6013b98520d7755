import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOptions } from '../../core/config/load-options.js';
import { connectDatabase } from '../../core/db/connect.js';
import { ConfigError } from '../../core/errors.js';
import { PASSWORD } from '../support/auth-session.js';
import { createTestDatabase, dialects } from '../support/databases.js';
import { openExampleConfig } from '../support/definitions.js';
import { startTestApp } from '../support/test-app.js';

/** The first admin without the admin panel: LARDER_ADMIN_* at boot, and `larder admin:create` (DESIGN §2). */
const CLI = resolve(import.meta.dirname, '../../dist/core/cli/main.js');
const MIGRATIONS = resolve(import.meta.dirname, '../../migrations');

function larder(args: string[], env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'larder-admin-cli-'));
  const migrations = join(cwd, 'migrations');
  cpSync(MIGRATIONS, migrations, { recursive: true });
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd, encoding: 'utf8', timeout: 30_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LARDER_CONFIG_DIR: openExampleConfig(), LARDER_MIGRATIONS_DIR: migrations, LOG_LEVEL: 'warn', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function adminsIn(url: string): Promise<Array<{ username: string; email: string; password: string }>> {
  const db = connectDatabase({ url, sqliteDriver: 'better-sqlite3', cwd: process.cwd() });
  try {
    return await db.knex('larder_users').join('larder_roles', 'larder_roles.id', 'larder_users.role_id')
      .where('larder_roles.type', 'admin').select('larder_users.username', 'larder_users.email', 'larder_users.password');
  } finally {
    await db.close();
  }
}

for (const dialect of dialects) {
  describe(`first admin without the admin panel [${dialect}]`, () => {
    it('LARDER_ADMIN_EMAIL/PASSWORD create the admin at boot, only while there is none', async () => {
      const first = await startTestApp({ dialect, options: { bootstrapAdmin: { email: 'Ops@Example.test', password: PASSWORD } } });
      try {
        expect((await first.request('GET', '/api/admin/init')).body).toEqual({ data: { hasAdmin: true } });
        const signedIn = await first.request('POST', '/api/auth/local', { identifier: 'ops@example.test', password: PASSWORD });
        expect(signedIn.status).toBe(200);
        const me = await first.request('GET', '/api/users/me', undefined, { authorization: `Bearer ${signedIn.body.jwt}` });
        expect(me.body.role.type).toBe('admin');
        await first.app.close();

        // A restart with other values changes nothing: an admin exists.
        const second = await startTestApp({
          dialect, options: { databaseUrl: first.database.url, migrationsDir: first.migrationsDir, bootstrapAdmin: { email: 'other@example.test', password: PASSWORD } },
        });
        // close(), not app.close(): it also drops the database startTestApp made for it, unused here.
        await second.close();
        expect((await adminsIn(first.database.url)).map((admin) => admin.email)).toEqual(['ops@example.test']);
      } finally {
        await first.close();
      }
    });

    it('larder admin:create makes an admin, hashed, and refuses a taken email', async () => {
      const database = await createTestDatabase(dialect);
      try {
        expect(existsSync(CLI), 'run `npm run build` first (npm test does)').toBe(true);
        const env = { DATABASE_URL: database.url };
        const created = larder(['admin:create', '--email', 'Chief@Example.test', '--password', PASSWORD, '--username', 'chief'], env);
        expect(created.stderr).toBe('');
        expect(created.status).toBe(0);
        expect(created.stdout).toMatch(/Created admin "chief" <chief@example\.test>/);
        const admins = await adminsIn(database.url);
        expect(admins).toHaveLength(1);
        expect(admins[0]).toMatchObject({ username: 'chief', email: 'chief@example.test' });
        expect(admins[0]!.password).toMatch(/^scrypt\$/);

        const again = larder(['admin:create', '--email', 'chief@example.test', '--password', PASSWORD, '--username', 'chief2'], env);
        expect(again.status).toBe(1);
        expect(again.stderr.trim()).toBe('larder: Email or username are already taken');

        const short = larder(['admin:create', '--email', 'x@example.test', '--password', 'short'], env);
        expect(short.status).toBe(1);
        expect(short.stderr).toMatch(/--password: password must be at least 8 characters/);
      } finally {
        await database.drop();
      }
    });
  });
}

describe('admin settings mistakes stop boot with one clear message', () => {
  it('one LARDER_ADMIN_ variable without the other', () => {
    expect(() => loadOptions({ LARDER_ADMIN_EMAIL: 'a@example.test', LARDER_SECRET: 'x'.repeat(32) }, tmpdir())).toThrow(ConfigError);
    expect(() => loadOptions({ LARDER_ADMIN_EMAIL: 'a@example.test', LARDER_SECRET: 'x'.repeat(32) }, tmpdir())).toThrow(/LARDER_ADMIN_PASSWORD/);
  });

  it('a LARDER_ADMIN_PASSWORD that is too short', () => {
    const result = larder(['start'], { LARDER_ADMIN_EMAIL: 'a@example.test', LARDER_ADMIN_PASSWORD: 'short', PORT: '0', DATABASE_URL: 'sqlite::memory:' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^larder: LARDER_ADMIN_PASSWORD: password must be at least 8 characters\. Fix:/);
  });

  it('admin:create without --password prints its usage', () => {
    const result = larder(['admin:create', '--email', 'a@example.test'], { DATABASE_URL: 'sqlite::memory:' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Usage: larder admin:create');
  });
});

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collection, writeDefinitions } from '../support/definitions.js';
import { startTestApp } from '../support/test-app.js';

const CLI = resolve(import.meta.dirname, '../../dist/core/cli/main.js');

/** Runs the built CLI the way an operator would. */
function larder(args: string[], env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'larder-cli-'));
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd, encoding: 'utf8', timeout: 20_000,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', ...env },
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, cwd };
}

describe('boot errors', () => {
  it('the CLI is built', () => {
    expect(existsSync(CLI), 'run `npm run build` first (npm test does)').toBe(true);
  });

  const cases: Array<{ name: string; env: () => Record<string, string>; message: RegExp }> = [
    {
      name: 'an unknown attribute type',
      env: () => ({ LARDER_CONFIG_DIR: join(writeDefinitions({ note: collection('note', 'notes', { body: { type: 'number' } }) }), '..') }),
      message: /note\.json at attributes\.body\.type: unknown attribute type "number"\. Fix: use one of/,
    },
    {
      name: 'a relation to a missing type',
      env: () => ({ LARDER_CONFIG_DIR: join(writeDefinitions({ note: collection('note', 'notes', { owner: { type: 'relation', relation: 'manyToOne', target: 'person' } }) }), '..') }),
      message: /note\.json at attributes\.owner\.target: relation target "person" does not exist/,
    },
    {
      name: 'a reserved name',
      env: () => ({ LARDER_CONFIG_DIR: join(writeDefinitions({ note: collection('note', 'notes', { createdAt: { type: 'string' } }) }), '..') }),
      message: /attributes\.createdAt: "createdAt" is a reserved name/,
    },
    {
      name: 'production without LARDER_SECRET',
      env: () => ({ NODE_ENV: 'production', LARDER_CONFIG_DIR: join(writeDefinitions({}), '..') }),
      message: /LARDER_SECRET: is required when NODE_ENV=production/,
    },
    {
      name: 'an unsupported DATABASE_URL',
      env: () => ({ DATABASE_URL: 'mysql://root@localhost/db', LARDER_CONFIG_DIR: join(writeDefinitions({}), '..') }),
      message: /DATABASE_URL: unsupported database URL/,
    },
  ];

  for (const testCase of cases) {
    it(`stops with one clear line and status 1 on ${testCase.name}`, () => {
      const result = larder(['start'], testCase.env());
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(testCase.message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('refuses to drop a field at boot, prints the plan and the command, and keeps the data', async () => {
    const v1 = { note: collection('note', 'notes', { title: { type: 'string' }, body: { type: 'text' } }) };
    const first = await startTestApp({ dialect: 'sqlite', contentTypes: v1 });
    await first.request('POST', '/api/notes', { data: { title: 'keep me', body: 'and me' } });
    await first.app.close();
    expect(readdirSync(first.migrationsDir).filter((file) => file.endsWith('_init.json'))).toHaveLength(1);

    const configDir = join(writeDefinitions({ note: collection('note', 'notes', { title: { type: 'string' } }) }), '..');
    const result = larder(['start'], {
      LARDER_CONFIG_DIR: configDir, LARDER_MIGRATIONS_DIR: first.migrationsDir, DATABASE_URL: first.database.url,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('DESTRUCTIVE');
    expect(result.stderr).toContain('drop column notes.body');
    expect(result.stderr).toContain('larder migrate apply --allow-destructive');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    await first.database.drop();
  });

  it('a conflicting migration file stops boot with one clear line, rolled back, data intact', async () => {
    const v1 = { note: collection('note', 'notes', { title: { type: 'string' } }) };
    const first = await startTestApp({ dialect: 'sqlite', contentTypes: v1 });
    const created = await first.request('POST', '/api/notes', { data: { title: 'survives' } });
    await first.app.close();
    // A second branch generated its own init: it creates the same table again.
    const [init] = readdirSync(first.migrationsDir);
    copyFileSync(join(first.migrationsDir, init!), join(first.migrationsDir, init!.replace(/^\d+/, '99990101000000')));

    const result = larder(['start'], {
      LARDER_CONFIG_DIR: first.configDir, LARDER_MIGRATIONS_DIR: first.migrationsDir, DATABASE_URL: first.database.url,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Migration 99990101000000_init failed and was rolled back/);
    expect(result.stderr).toContain('larder migrate status');
    expect(result.stderr).not.toMatch(/\n\s+at /);

    // Drop the stray file: the server boots and the entry is still there.
    rmSync(join(first.migrationsDir, init!.replace(/^\d+/, '99990101000000')));
    const again = await startTestApp({ dialect: 'sqlite', contentTypes: v1, options: { databaseUrl: first.database.url, migrationsDir: first.migrationsDir } });
    try {
      expect((await again.request('GET', `/api/notes/${created.body.data.documentId}`)).body.data.title).toBe('survives');
    } finally {
      await again.close();
      await first.database.drop();
    }
  });

  it('applies a new field at boot and records it as a migration file', async () => {
    const v1 = { note: collection('note', 'notes', { title: { type: 'string' } }) };
    const first = await startTestApp({ dialect: 'sqlite', contentTypes: v1 });
    const created = await first.request('POST', '/api/notes', { data: { title: 'still here' } });
    await first.app.close();
    const v2 = { note: collection('note', 'notes', { title: { type: 'string' }, pinned: { type: 'boolean', default: false } }) };
    const second = await startTestApp({
      dialect: 'sqlite', contentTypes: v2,
      options: { databaseUrl: first.database.url, migrationsDir: first.migrationsDir },
    });
    try {
      const read = await second.request('GET', `/api/notes/${created.body.data.documentId}`);
      expect(read.body.data).toMatchObject({ title: 'still here', pinned: false });
      expect(readdirSync(first.migrationsDir).filter((file) => file.endsWith('.json'))).toHaveLength(2);
    } finally {
      await second.close();
      await first.database.drop();
    }
  });
});

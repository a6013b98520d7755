import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../core/db/connect.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { cliProject, type CliProject } from '../support/larder-cli.js';

/** `larder migrate …` as an operator meets it: answers, exit codes and one-line errors. */
const notes = { note: collection('note', 'notes', { title: { type: 'string' } }) };
const STACK = /\n\s+at /;

describe('larder migrate', () => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  async function project(): Promise<{ project: CliProject; database: TestDatabase }> {
    const database = await createTestDatabase('sqlite');
    const created = cliProject(database.url);
    created.define(notes);
    cleanup.push(() => database.drop(), () => created.remove());
    return { project: created, database };
  }

  it('plan and status on a database that does not exist yet create nothing, and exit 2', async () => {
    const { project: p, database } = await project();
    const plan = p.run(['migrate', 'plan']);
    expect(plan.status).toBe(2);
    expect(plan.stdout).toContain('(does not exist yet)');
    expect(plan.stdout).toContain('+ safe         create table notes');
    expect(p.run(['migrate', 'status']).status).toBe(2);
    expect(existsSync(database.url.slice('sqlite:'.length))).toBe(false);
  });

  it('plan exits 0 once the database, migrations/ and config agree', async () => {
    const { project: p } = await project();
    expect(p.run(['migrate', 'generate', '--name', 'init']).status).toBe(0);
    expect(p.run(['migrate', 'plan']).status).toBe(2);
    expect(p.run(['migrate', 'apply']).status).toBe(0);
    const plan = p.run(['migrate', 'plan']);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('No changes');
    expect(p.run(['migrate', 'generate', '--name', 'again']).stdout).toContain('No changes to write');
  });

  it('a hand-written data migration runs in order with the generated ones, once', async () => {
    const { project: p, database } = await project();
    expect(p.run(['migrate', 'generate', '--name', 'init']).status).toBe(0);
    const stub = p.run(['migrate', 'generate', '--name', 'backfill titles', '--data']);
    expect(stub.status).toBe(0);
    const file = readdirSync(p.migrationsDir).find((name) => name.endsWith('_backfill_titles.js'))!;
    expect(readFileSync(join(p.migrationsDir, file), 'utf8')).toContain('export async function up(knex');
    writeFileSync(join(p.migrationsDir, file), `export async function up(knex, { dialect }) {
  const now = new Date().toISOString();
  await knex('notes').insert({ document_id: 'fromdatamigration0000001', title: 'by ' + dialect, created_at: now, updated_at: now });
}
`);
    expect(p.run(['migrate', 'status']).stdout).toMatch(/pending\s+\S+_backfill_titles\s+\(data migration\)/);
    const apply = p.run(['migrate', 'apply']);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/_init\n\s+\S+_backfill_titles/);
    expect(p.run(['migrate', 'apply']).stdout).toContain('Nothing to apply');
    const db = connectDatabase({ url: database.url, sqliteDriver: 'better-sqlite3', cwd: p.root });
    try {
      expect(await db.knex('notes').pluck('title')).toEqual(['by sqlite']);
    } finally {
      await db.close();
    }
  });

  it('a failing data migration is rolled back, with one line', async () => {
    const { project: p } = await project();
    expect(p.run(['migrate', 'generate', '--name', 'init']).status).toBe(0);
    writeFileSync(join(p.migrationsDir, '99990101000000_broken.js'), 'export async function up(knex) { await knex("notes").insert({ nope: 1 }); }\n');
    const apply = p.run(['migrate', 'apply']);
    expect(apply.status).toBe(1);
    expect(apply.stderr).toMatch(/^larder: Migration 99990101000000_broken failed and was rolled back/);
    expect(apply.stderr).not.toMatch(STACK);
    expect(p.run(['migrate', 'status']).stdout).toMatch(/1 applied, 1 pending/);
  });

  it('production boot applies nothing: it refuses pending files and drift alike', async () => {
    const { project: p } = await project();
    const production = { NODE_ENV: 'production' };
    expect(p.run(['migrate', 'generate', '--name', 'init']).status).toBe(0);
    const pending = p.run(['start'], production);
    expect(pending.status).toBe(1);
    expect(pending.stderr).toMatch(/1 migration\(s\) are not applied: \S+_init\.\nProduction boot applies nothing\. Run: larder migrate apply/);
    expect(p.run(['migrate', 'apply'], production).status).toBe(0);

    p.define({ note: collection('note', 'notes', { title: { type: 'string' }, body: { type: 'text' } }) });
    const drift = p.run(['start'], production);
    expect(drift.status).toBe(1);
    expect(drift.stderr).toContain('+ safe         add column notes.body text');
    expect(drift.stderr).toContain('Production boot applies nothing');
    expect(drift.stderr).not.toMatch(STACK);
  });

  it.each([
    [['migrate', 'generate', '--rename', 'subtitle=tagline', '--name', 'x'], /^larder: --rename subtitle=tagline: expected TYPE\.OLD=NEW/],
    [['migrate', 'plan', '--rename-type', 'ghost=note'], /^larder: --rename-type ghost=note: there is no content type "note" in config|^larder: --rename-type ghost=note: the last migration has no content type "ghost"/],
    [['migrate', 'generate'], /^larder: migrate generate at --name: a migration needs a name/],
    [['migrate', 'frobnicate'], /^Usage: larder migrate/],
    [['migrate', 'apply', '--force'], /^larder migrate: Unknown option '--force'/],
    [['export'], /^larder: export at --out: the export needs a file to write/],
    [['export', '--bogus'], /^larder: export: Unknown option '--bogus'/],
    [['import', '/nonexistent/file.jsonl'], /^larder: \/nonexistent\/file\.jsonl: does not exist/],
  ])('%j fails with a clear message and status 1', async (args, message) => {
    const { project: p } = await project();
    const result = p.run(args);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(STACK);
  });

  it('an unreachable database is one line', async () => {
    const { project: p } = await project();
    const result = p.run(['migrate', 'apply'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^larder: DATABASE_URL: cannot reach postgres:\/\/nobody@127\.0\.0\.1:1\/none \(.*\)\. Fix: check that the database is running/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

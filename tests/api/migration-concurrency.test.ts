import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase, type Database } from '../../core/db/connect.js';
import { startCliServer, type CliServer } from '../support/cli-process.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { cliProject, type CliProject } from '../support/larder-cli.js';
import { startTestApp } from '../support/test-app.js';

const notes = { note: collection('note', 'notes', { title: { type: 'string' } }) };

/** A data migration that must run once: run twice, it leaves two rows (and waits, so a second instance queues on the lock). */
const SEED_MIGRATION = `export async function up(knex) {
  const now = new Date().toISOString();
  await knex('notes').insert({ document_id: 'seededbymigration0000001', title: 'seeded once', created_at: now, updated_at: now });
  await new Promise((resolve) => setTimeout(resolve, 500));
}
`;

const applied = (output: string, suffix: string) => output.split('\n').filter((line) => line.includes('"migration.applied"') && line.includes(suffix)).length;

describe('two servers booting at once against one PostgreSQL database', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function setUp(): Promise<{ project: CliProject; db: Database; database: TestDatabase }> {
    const database = await createTestDatabase('postgres');
    const project = cliProject(database.url);
    const db = connectDatabase({ url: database.url, sqliteDriver: 'better-sqlite3', cwd: project.root });
    cleanup.push(() => project.remove(), () => database.drop(), () => db.close());
    project.define(notes);
    return { project, db, database };
  }
  async function bootTwo(project: CliProject): Promise<[CliServer, CliServer]> {
    const started = await Promise.allSettled([startCliServer(project.root, project.env, 30_000), startCliServer(project.root, project.env, 30_000)]);
    const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    cleanup.push(async () => {
      for (const server of servers) {
        server.child.kill('SIGTERM');
        await server.exited;
      }
    });
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return servers as [CliServer, CliServer];
  }

  it.skipIf(!dialects.includes('postgres'))('pending migrations, a data migration among them, run exactly once', async () => {
    const { project, db } = await setUp();
    expect(project.run(['migrate', 'generate', '--name', 'init']).status).toBe(0);
    const [init] = readdirSync(project.migrationsDir);
    // Hand-written, beside the generated file, ordered after it by its stamp.
    writeFileSync(join(project.migrationsDir, '99990101000000_seed.js'), SEED_MIGRATION);

    const [first, second] = await bootTwo(project);
    const output = first.output() + second.output();
    expect(applied(output, '_init'), output).toBe(1);
    expect(applied(output, '_seed'), output).toBe(1);
    expect(await db.knex('larder_migrations').orderBy('id').pluck('name')).toEqual([init!.replace(/\.json$/, ''), '99990101000000_seed']);
    expect(await db.knex('notes').pluck('title')).toEqual(['seeded once']);
    for (const server of [first, second]) expect((await fetch(`${server.url}/api/notes`)).status).toBe(200);
  });

  it.skipIf(!dialects.includes('postgres'))('a fresh database in development: one instance generates and applies the init migration, the other finds it done', async () => {
    const { project, db } = await setUp();
    const [first, second] = await bootTwo(project);
    const output = first.output() + second.output();
    expect(output.split('\n').filter((line) => line.includes('"migration.generated"')), output).toHaveLength(1);
    expect(readdirSync(project.migrationsDir)).toHaveLength(1);
    expect(await db.knex('larder_migrations').count({ n: '*' })).toEqual([{ n: '1' }]);
    const created = await fetch(`${second.url}/api/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { title: 'x' } }) });
    expect(created.status).toBe(201);
  });
});

for (const dialect of dialects) {
  describe(`/_ready while migrations are pending [${dialect}]`, () => {
    it('answers 503 until the pending migration is applied, then 200', async () => {
      const database = await createTestDatabase(dialect);
      const project = cliProject(database.url);
      project.define(notes);
      const app = await startTestApp({ dialect, options: { databaseUrl: database.url, configDir: project.configDir, migrationsDir: project.migrationsDir } });
      try {
        expect((await app.request('GET', '/_ready')).status).toBe(200);
        // A new release's data migration lands beside the running server.
        writeFileSync(join(project.migrationsDir, '99990101000000_backfill.js'), 'export async function up(knex) { await knex("notes").update({ title: "x" }); }\n');
        const pending = await app.request('GET', '/_ready');
        expect(pending.status).toBe(503);
        expect(pending.body).toMatchObject({ status: 'unavailable', database: 'up', schema: 'migrations pending' });
        expect((await app.request('GET', '/_health')).status).toBe(200);

        const apply = project.run(['migrate', 'apply']);
        expect(apply.status, apply.stderr).toBe(0);
        expect((await app.request('GET', '/_ready')).status).toBe(200);
      } finally {
        await app.close();
        await database.drop();
        project.remove();
      }
    });
  });
}

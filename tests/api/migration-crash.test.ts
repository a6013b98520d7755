import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Database, type Dialect } from '../../core/db/connect.js';
import { CLI } from '../support/cli-process.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { cliProject, type CliProject } from '../support/larder-cli.js';
import { startTestApp } from '../support/test-app.js';

/**
 * Crash safety: `larder migrate apply` is killed with SIGKILL in the middle of
 * a migration that rewrites a 100,000-row table (a rebuild on SQLite, a type
 * change on PostgreSQL). The database must still be at the old version with
 * every row, and a second `apply` must then succeed.
 */
const ROWS = 100_000;
const SUM = (ROWS * (ROWS + 1)) / 2;
const v1 = { item: collection('item', 'items', { label: { type: 'string' }, n: { type: 'integer' }, body: { type: 'text' } }) };
/** Widening two columns: SQLite rebuilds the table, PostgreSQL rewrites it; either way every row is copied. */
const v2 = { item: collection('item', 'items', { label: { type: 'text' }, n: { type: 'biginteger' }, body: { type: 'text' }, note: { type: 'string' } }) };

/** One INSERT … SELECT over a recursive CTE: 100k rows (about 30 MB) in about a second, on both databases. */
function bulkInsertSql(dialect: Dialect): string {
  const documentId = dialect === 'sqlite' ? "printf('%024d', x)" : "lpad(x::text, 24, '0')";
  const body = dialect === 'sqlite' ? "printf('%.*c', 250, 'x')" : "repeat('x', 250)";
  return `INSERT INTO items (document_id, label, n, body, created_at, updated_at)
    WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < ${ROWS})
    SELECT ${documentId}, 'item ' || x, x, ${body}, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z' FROM seq`;
}

/**
 * Resolves once the migration is visibly rewriting the table inside its
 * transaction: SQLite spills the uncommitted copy into the WAL file (it is
 * larger than the page cache); PostgreSQL shows the ALTER TABLE as active.
 */
async function untilRewriting(db: Database, walFile: string, timeoutMs = 20_000): Promise<void> {
  const start = db.dialect === 'sqlite' ? walSize(walFile) : 0;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (db.dialect === 'sqlite') {
      if (walSize(walFile) > start + 4 * 1024 * 1024) return;
    } else {
      const active = await db.knex('pg_stat_activity').where({ state: 'active', datname: db.knex.raw('current_database()') })
        .andWhere('query', 'like', 'ALTER TABLE "items"%').count({ n: '*' });
      if (Number((active[0] as { n: number | string }).n) > 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('the migration never started rewriting the table');
}

function walSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

async function columnType(db: Database, table: string, column: string): Promise<string> {
  if (db.dialect === 'sqlite') {
    const columns = await db.knex.raw(`PRAGMA table_info(${table})`) as Array<{ name: string; type: string }>;
    return columns.find((candidate) => candidate.name === column)!.type.toLowerCase();
  }
  const result = await db.knex('information_schema.columns').where({ table_name: table, column_name: column }).first('data_type');
  return String((result as { data_type: string }).data_type);
}

for (const dialect of dialects) {
  describe(`a migration killed half-way [${dialect}]`, () => {
    let database: TestDatabase;
    let project: CliProject;
    let db: Database;
    const state = async () => ({
      migrations: await db.knex('larder_migrations').orderBy('id').pluck('name'),
      rows: Number(((await db.knex('items').count({ n: '*' }))[0] as { n: number | string }).n),
      sum: Number(((await db.knex('items').sum({ total: 'n' }))[0] as { total: number | string }).total),
      sample: await db.knex('items').where({ id: 54321 }).first('label', 'n'),
      n: await columnType(db, 'items', 'n'),
    });

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      project = cliProject(database.url);
      project.define(v1);
      expect(project.run(['migrate', 'generate', '--name', 'init']).status).toBe(0);
      expect(project.run(['migrate', 'apply']).status).toBe(0);
      db = connectDatabase({ url: database.url, sqliteDriver: 'better-sqlite3', cwd: project.root });
      await db.knex.raw(bulkInsertSql(dialect));
      project.define(v2);
      expect(project.run(['migrate', 'generate', '--name', 'widen_items']).status).toBe(0);
    });
    afterAll(async () => {
      await db?.close();
      await database?.drop();
      project?.remove();
    });

    it('leaves the previous schema and every row intact, and the rerun succeeds', async () => {
      const before = await state();
      expect(before).toMatchObject({ rows: ROWS, sum: SUM, sample: { label: 'item 54321', n: 54321 } });
      expect(before.n).toBe('integer');

      // An empty WAL file, so its growth shows the migration's uncommitted writes.
      if (dialect === 'sqlite') await db.knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
      const child = spawn(process.execPath, [CLI, 'migrate', 'apply'], { cwd: project.root, env: project.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the migration never started:\n${output}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('_widen_items …')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      });
      // The lock is taken and the rewrite under way: kill it with no chance to clean up.
      await untilRewriting(db, `${database.url.slice('sqlite:'.length)}-wal`);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(output, 'the migration finished before the kill: make it longer').not.toContain('Applied:');

      const after = await state();
      expect(after).toEqual(before);
      if (dialect === 'sqlite') {
        expect(await db.knex.raw("SELECT name FROM sqlite_schema WHERE name LIKE '_larder_rebuild%'")).toEqual([]);
      }

      const rerun = project.run(['migrate', 'apply']);
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(rerun.stdout).toContain('_widen_items');
      const done = await state();
      expect(done).toMatchObject({ rows: ROWS, sum: SUM, migrations: [...before.migrations, expect.stringMatching(/_widen_items$/)] });
      expect(done.n).toBe('bigint');
    });

    it('serves every row through the API afterwards', async () => {
      const app = await startTestApp({ dialect, options: { databaseUrl: database.url, configDir: project.configDir, migrationsDir: project.migrationsDir } });
      try {
        const list = await app.request('GET', '/api/items?pagination[pageSize]=1&sort=n:desc');
        expect(list.status).toBe(200);
        expect(list.body.meta.pagination.total).toBe(ROWS);
        expect(list.body.data[0]).toMatchObject({ label: `item ${ROWS}`, n: String(ROWS), note: null });
      } finally {
        await app.close();
      }
    });
  });
}

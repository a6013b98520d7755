import { cpSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../core/db/connect.js';
import { SYSTEM_TABLE } from '../../core/schema/system-tables.js';
import { createTestDatabase, dialects } from '../support/databases.js';
import { cliProject } from '../support/larder-cli.js';

/**
 * The example project's real migration files, as an operator upgrading Larder
 * meets them: a database left by the release before the change, versions in
 * its history table, then the new migration applied by `larder migrate apply`.
 */
const REPO = resolve(import.meta.dirname, '../..');
const UPGRADE = '20261122062959_history_ids_without_autoincrement.json';
const history = SYSTEM_TABLE.history;

function version(n: number) {
  return {
    content_type: 'article', document_id: 'upgradedocument000000001', version: n, action: n === 1 ? 'create' : 'update',
    data: JSON.stringify({ title: `version ${n}` }), user_id: null, created_at: new Date(Date.UTC(2026, 0, n)).toISOString(),
  };
}

describe.each(dialects)('history table ids without AUTOINCREMENT, upgrading (%s)', (dialect) => {
  const cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  it('keeps every version and its id, and numbers the next one after the largest', async () => {
    const database = await createTestDatabase(dialect);
    const project = cliProject(database.url);
    cleanup.push(() => database.drop(), () => project.remove());
    cpSync(join(REPO, 'config'), project.configDir, { recursive: true });
    const files = readdirSync(join(REPO, 'migrations')).sort();
    const upgrade = files.indexOf(UPGRADE);
    expect(upgrade).toBeGreaterThan(0);
    const copy = (names: string[]) => names.forEach((file) => cpSync(join(REPO, 'migrations', file), join(project.migrationsDir, file)));
    copy(files.slice(0, upgrade));

    const before = project.run(['migrate', 'apply']);
    expect(before.status, before.stderr).toBe(0);
    const db = connectDatabase({ url: database.url, sqliteDriver: 'better-sqlite3', cwd: project.root });
    cleanup.push(() => db.close());
    // Ids 1–3, then 3 deleted: AUTOINCREMENT would hand out 4 next, the rowid alias 3 again.
    await db.knex(history).insert([1, 2, 3].map(version));
    await db.knex(history).where({ version: 3 }).delete();
    const kept = await db.knex(history).orderBy('id').select('id', 'version', 'data');
    if (dialect === 'sqlite') expect(await tableSql(db.knex)).toMatch(/autoincrement/i);
    await db.close();

    // The upgrade and whatever came after it, so the database ends up matching the config.
    copy(files.slice(upgrade));
    const apply = project.run(['migrate', 'apply']);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain(UPGRADE.replace('.json', ''));
    expect(project.run(['migrate', 'plan']).stdout).toContain('No changes');

    const after = connectDatabase({ url: database.url, sqliteDriver: 'better-sqlite3', cwd: project.root });
    cleanup.push(() => after.close());
    expect(await after.knex(history).orderBy('id').select('id', 'version', 'data')).toEqual(kept);
    const [inserted] = await after.knex(history).insert(version(3)).returning('id') as Array<{ id: number }>;
    if (dialect === 'sqlite') {
      expect(await tableSql(after.knex)).not.toMatch(/autoincrement/i);
      expect(await tableSql(after.knex)).toMatch(/`id` integer not null primary key/);
      expect(inserted!.id).toBe(3);
      // The content tables keep AUTOINCREMENT, so sqlite_sequence exists; the history table has no row in it.
      expect(await after.knex('sqlite_sequence').where({ name: history })).toEqual([]);
    } else {
      // PostgreSQL's serial is untouched: the sequence goes on from where it was.
      expect(inserted!.id).toBe(4);
    }
    // The unique version index came through the rebuild.
    await expect(after.knex(history).insert(version(3))).rejects.toThrow(/unique|duplicate/i);
  });
});

async function tableSql(knex: import('knex').Knex): Promise<string> {
  const rows = await knex.raw(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [history]) as Array<{ sql: string }>;
  return rows[0]!.sql;
}

import type { Knex } from 'knex';
import { pathToFileURL } from 'node:url';
import type { Database, Dialect } from '../db/connect.js';
import { applyOperations } from './apply-operations.js';
import { DataCheckError } from './data-checks.js';
import { diffSnapshots } from './diff-snapshots.js';
import { MigrationFailedError, SchemaDriftError } from './errors.js';
import type { CodeMigration, GeneratedMigration, MigrationFile } from './migration-files.js';
import { planSteps, type PlannedOperation } from './plan-schema-change.js';
import { emptySnapshot, type SchemaSnapshot } from './snapshot.js';

export type { PlannedOperation } from './plan-schema-change.js';

const HISTORY_TABLE = 'larder_migrations';
const LOCK_TABLE = 'larder_migration_lock';

export { MigrationFailedError } from './errors.js';

/** Creates the bookkeeping tables if missing. Safe to race: a loser just finds them there. */
export async function ensureMigrationTables(db: Database): Promise<void> {
  const { knex } = db;
  for (let attempt = 0; ; attempt++) {
    try {
      if (!(await knex.schema.hasTable(HISTORY_TABLE))) {
        await knex.schema.createTable(HISTORY_TABLE, (table) => {
          table.increments('id');
          table.string('name', 255).notNullable().unique();
          table.text('snapshot').notNullable();
          table.string('applied_at', 32).notNullable();
        });
      }
      if (!(await knex.schema.hasTable(LOCK_TABLE))) {
        await knex.schema.createTable(LOCK_TABLE, (table) => {
          table.integer('id').primary();
          table.string('locked_at', 32);
        });
      }
      // Every time, not only after creating the table: an instance that lost the
      // race to create it must still find the row it locks. Read first: an
      // INSERT … ON CONFLICT would queue behind a migration holding the row.
      if (!(await knex(LOCK_TABLE).where({ id: 1 }).first('id'))) {
        await knex(LOCK_TABLE).insert({ id: 1, locked_at: null }).onConflict('id').ignore();
      }
      return;
    } catch (error) {
      // Another instance created the same table between our check and our CREATE.
      if (attempt >= 2) throw error;
    }
  }
}

/** Names of the applied migrations, oldest first. */
export async function appliedMigrationNames(knex: Knex | Knex.Transaction): Promise<string[]> {
  const rows: Array<{ name: string }> = await knex(HISTORY_TABLE).select('name').orderBy('id');
  return rows.map((row) => row.name);
}

/** The schema the database is at: the snapshot recorded with the last applied migration. */
export async function lastAppliedSnapshot(knex: Knex | Knex.Transaction): Promise<SchemaSnapshot | undefined> {
  const row = await knex(HISTORY_TABLE).select('snapshot').orderBy('id', 'desc').first() as { snapshot: string } | undefined;
  return row ? JSON.parse(row.snapshot) as SchemaSnapshot : undefined;
}

export function planMigration(from: SchemaSnapshot, to: SchemaSnapshot): PlannedOperation[] {
  return planSteps(diffSnapshots(from, to));
}

export function pendingMigrations(files: readonly MigrationFile[], applied: readonly string[]): MigrationFile[] {
  const done = new Set(applied);
  return files.filter((file) => !done.has(file.name));
}

export interface ApplyHooks {
  /** Called as a migration starts running (after the lock is taken), e.g. to log it. */
  onStart?(name: string): void;
}

/**
 * Applies each migration not yet recorded, in order, one transaction each.
 * The first statement of each transaction takes a row lock, so concurrent
 * instances queue on it and the loser finds the migration already recorded.
 * Returns the names it applied.
 */
export async function applyMigrations(db: Database, migrations: readonly MigrationFile[], hooks: ApplyHooks = {}): Promise<string[]> {
  await ensureMigrationTables(db);
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await underLock(db, () => migration.name, async (trx, base) => {
      if (await isRecorded(trx, migration.name)) return undefined;
      hooks.onStart?.(migration.name);
      const snapshot = migration.kind === 'generated'
        ? await runGenerated(trx, db.dialect, migration, base)
        : await runCode(trx, db.dialect, migration, base);
      return { name: migration.name, snapshot };
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}

/**
 * Development boot: under the lock, asks `build` for a migration from the
 * schema the database is at now, applies it and lets `save` write its file
 * before commit. Two instances booting together on the same drift: the second
 * waits for the lock, then finds no drift left and returns undefined.
 */
export async function applyGeneratedUnderLock(
  db: Database,
  build: (base: SchemaSnapshot) => GeneratedMigration | undefined,
  save: (migration: GeneratedMigration) => void,
  hooks: ApplyHooks = {},
): Promise<GeneratedMigration | undefined> {
  await ensureMigrationTables(db);
  let built: GeneratedMigration | undefined;
  await underLock(db, () => built?.name ?? 'generated at boot', async (trx, base) => {
    built = build(base);
    if (!built) return undefined;
    hooks.onStart?.(built.name);
    await runGenerated(trx, db.dialect, built, base);
    save(built);
    return { name: built.name, snapshot: built.snapshot };
  });
  return built;
}

async function runGenerated(trx: Knex.Transaction, dialect: Dialect, migration: GeneratedMigration, base: SchemaSnapshot): Promise<SchemaSnapshot> {
  await applyOperations(trx, dialect, migration.operations, base);
  return migration.snapshot;
}

/** A data migration changes data, not the schema: the recorded snapshot stays the one before it. */
async function runCode(trx: Knex.Transaction, dialect: Dialect, migration: CodeMigration, base: SchemaSnapshot): Promise<SchemaSnapshot> {
  const loaded = await import(pathToFileURL(migration.path).href) as { up?: unknown; default?: { up?: unknown } | ((...args: unknown[]) => unknown) };
  const up = loaded.up ?? (typeof loaded.default === 'function' ? loaded.default : loaded.default?.up);
  if (typeof up !== 'function') throw new MigrationFailedError(`Migration ${migration.name} (${migration.path}) does not export an up(knex) function`);
  await (up as (knex: Knex.Transaction, context: { dialect: Dialect }) => unknown)(trx, { dialect });
  return base;
}

async function isRecorded(trx: Knex.Transaction, name: string): Promise<boolean> {
  return Boolean(await trx(HISTORY_TABLE).where({ name }).first('id'));
}

/**
 * One transaction under the migration lock: `work` gets the schema the
 * database is at and returns what to record, or undefined to record nothing.
 * Any failure rolls everything back, including the lock.
 */
async function underLock(
  db: Database,
  label: () => string,
  work: (trx: Knex.Transaction, base: SchemaSnapshot) => Promise<{ name: string; snapshot: SchemaSnapshot } | undefined>,
): Promise<boolean> {
  const run = () => db.knex.transaction(async (trx) => {
    const locked = await trx(LOCK_TABLE).where({ id: 1 }).update({ locked_at: new Date().toISOString() });
    if (Number(locked) !== 1) throw new Error(`the migration lock row is missing from ${LOCK_TABLE}`);
    const base = (await lastAppliedSnapshot(trx)) ?? emptySnapshot();
    const result = await work(trx, base);
    if (!result) return false;
    if (db.dialect === 'sqlite') await assertForeignKeys(trx);
    await trx(HISTORY_TABLE).insert({ name: result.name, snapshot: JSON.stringify(result.snapshot), applied_at: new Date().toISOString() });
    return true;
  });
  try {
    return db.dialect === 'sqlite' ? await withSqliteForeignKeysOff(db, run) : await run();
  } catch (error) {
    throw migrationError(label(), error);
  }
}

/**
 * SQLite's table rebuild needs foreign-key enforcement off, and the pragma
 * cannot change inside a transaction (sqlite.org/lang_altertable.html, steps
 * 1 and 12): turn it off around the transaction, on the pool's one
 * connection, and check every foreign key before commit instead.
 */
async function withSqliteForeignKeysOff<T>(db: Database, work: () => Promise<T>): Promise<T> {
  await db.knex.raw('PRAGMA foreign_keys = OFF');
  try {
    return await work();
  } finally {
    await db.knex.raw('PRAGMA foreign_keys = ON');
  }
}

async function assertForeignKeys(trx: Knex.Transaction): Promise<void> {
  const violations = await trx.raw('PRAGMA foreign_key_check') as Array<{ table: string; parent: string }>;
  if (violations.length === 0) return;
  const first = violations[0]!;
  throw new DataCheckError(`${violations.length} row(s) would break a foreign key (the first: a row of ${first.table} pointing at a missing row of ${first.parent})`);
}

function migrationError(label: string, error: unknown): Error {
  if (error instanceof MigrationFailedError || error instanceof SchemaDriftError) return error;
  const what = label.includes(' ') ? `The migration ${label}` : `Migration ${label}`;
  if (error instanceof DataCheckError) {
    return new MigrationFailedError(`${what} was not applied, nothing changed: ${error.message}`);
  }
  const reason = (error instanceof Error ? error.message : String(error)).split(' - ').at(-1);
  return new MigrationFailedError(
    `${what} failed and was rolled back, so the database is as it was before it: ${reason}.\n` +
    'Check that migrations/ holds no duplicate or conflicting file (two branches that each generated one, say): larder migrate status');
}

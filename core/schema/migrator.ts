import type { Knex } from 'knex';
import type { Database } from '../db/connect.js';
import { applyOperations } from './apply-operations.js';
import { diffSnapshots } from './diff-snapshots.js';
import type { MigrationFile } from './migration-files.js';
import { safetyOf, type Operation, type Safety } from './operations.js';
import type { SchemaSnapshot } from './snapshot.js';

const HISTORY_TABLE = 'larder_migrations';
const LOCK_TABLE = 'larder_migration_lock';

export interface PlannedOperation {
  operation: Operation;
  safety: Safety;
}

export interface AppliedMigration {
  name: string;
  snapshot: SchemaSnapshot;
}

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
        await knex(LOCK_TABLE).insert({ id: 1, locked_at: null });
      }
      return;
    } catch (error) {
      // Another instance created the same table between our check and our CREATE.
      if (attempt >= 2) throw error;
    }
  }
}

export async function appliedMigrations(knex: Knex | Knex.Transaction): Promise<AppliedMigration[]> {
  const rows: Array<{ name: string; snapshot: string }> = await knex(HISTORY_TABLE).select('name', 'snapshot').orderBy('id');
  return rows.map((row) => ({ name: row.name, snapshot: JSON.parse(row.snapshot) as SchemaSnapshot }));
}

export function planMigration(from: SchemaSnapshot, to: SchemaSnapshot): PlannedOperation[] {
  return diffSnapshots(from, to).map((operation) => ({ operation, safety: safetyOf(operation) }));
}

/**
 * Applies each migration not yet recorded, in order, one transaction each.
 * The first statement of each transaction takes a row lock, so concurrent
 * instances queue on it and the loser finds the migration already recorded.
 * Returns the names it applied.
 */
export async function applyMigrations(db: Database, migrations: readonly MigrationFile[]): Promise<string[]> {
  await ensureMigrationTables(db);
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await applyOne(db, migration);
    if (ran) applied.push(migration.name);
  }
  return applied;
}

/** A migration could not be applied; its transaction was rolled back. Shown to the operator as is. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
}

async function applyOne(db: Database, migration: MigrationFile): Promise<boolean> {
  try {
    return await db.knex.transaction(async (trx) => {
      await trx(LOCK_TABLE).where({ id: 1 }).update({ locked_at: new Date().toISOString() });
      const done = await trx(HISTORY_TABLE).where({ name: migration.name }).first('id');
      if (done) return false;
      await applyOperations(trx, db.dialect, migration.operations);
      await trx(HISTORY_TABLE).insert({
        name: migration.name,
        snapshot: JSON.stringify(migration.snapshot),
        applied_at: new Date().toISOString(),
      });
      return true;
    });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split(' - ').at(-1);
    throw new MigrationFailedError(
      `Migration ${migration.name} failed and was rolled back, so the database is as it was before it: ${reason}.\n` +
      'Check that migrations/ holds no duplicate or conflicting file (two branches that each generated one, say): larder migrate status');
  }
}

export function pendingMigrations(files: readonly MigrationFile[], applied: readonly AppliedMigration[]): MigrationFile[] {
  const done = new Set(applied.map((migration) => migration.name));
  return files.filter((file) => !done.has(file.name));
}

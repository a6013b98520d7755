import type { Logger } from 'pino';
import type { Database } from '../db/connect.js';
import type { ContentType } from '../content-types/types.js';
import { buildSnapshot } from './build-snapshot.js';
import { readMigrationFiles, writeMigrationFile } from './migration-files.js';
import {
  appliedMigrations, applyMigrations, ensureMigrationTables, pendingMigrations, planMigration,
  type PlannedOperation,
} from './migrator.js';
import { describeOperation, safetyOf } from './operations.js';
import { emptySnapshot } from './snapshot.js';

/** The server cannot start: the database and the content model differ in a way boot must not fix. */
export class SchemaDriftError extends Error {
  override readonly name = 'SchemaDriftError';
}

export interface SchemaSyncOptions {
  mode: 'development' | 'production';
  migrationsDir: string;
  log: Logger;
}

/**
 * Brings the database up to the content model at boot (DESIGN §6, §10):
 * - in development, applies pending migration files, then turns any safe
 *   difference between config and database into a new migration file and
 *   applies it, so history starts at once;
 * - refuses (SchemaDriftError, with the plan and the command) on anything
 *   destructive, and in production on any drift at all.
 */
export async function syncSchemaAtBoot(db: Database, types: readonly ContentType[], options: SchemaSyncOptions): Promise<void> {
  const { log } = options;
  await ensureMigrationTables(db);
  const files = readMigrationFiles(options.migrationsDir);
  const pending = pendingMigrations(files, await appliedMigrations(db.knex));

  if (pending.length > 0) {
    if (options.mode === 'production') {
      throw new SchemaDriftError(
        `${pending.length} migration(s) are not applied: ${pending.map((m) => m.name).join(', ')}.\n` +
        'Production boot applies nothing. Run: larder migrate apply');
    }
    for (const migration of pending) {
      const unsafe = migration.operations.filter((operation) => safetyOf(operation) !== 'safe');
      if (unsafe.length > 0) {
        throw new SchemaDriftError(
          `Migration ${migration.name} contains destructive operations:\n${unsafe.map((op) => `  - ${describeOperation(op)}`).join('\n')}\n` +
          'Boot never applies them. Review the file, then run: larder migrate apply --allow-destructive');
      }
    }
    const applied = await applyMigrations(db, pending);
    for (const name of applied) log.info({ event: 'migration.applied', migration: name }, `applied migration ${name}`);
  }

  const history = await appliedMigrations(db.knex);
  const from = history.at(-1)?.snapshot ?? emptySnapshot();
  const to = buildSnapshot(types);
  const plan = planMigration(from, to);
  if (plan.length === 0) return;

  if (options.mode === 'production') {
    throw new SchemaDriftError(
      `The content model differs from the database:\n${formatPlan(plan)}\n` +
      'Production boot applies nothing. Generate and review a migration in development (larder migrate generate --name <name>), commit it, then run: larder migrate apply');
  }
  const blocked = plan.filter((step) => step.safety !== 'safe');
  if (blocked.length > 0) {
    throw new SchemaDriftError(
      `The content model differs from the database in a way that can lose data:\n${formatPlan(plan)}\n` +
      'Boot applies only safe changes. Review the plan with: larder migrate plan\n' +
      'Then, if the data may go: larder migrate generate --name <name> && larder migrate apply --allow-destructive');
  }
  const migration = writeMigrationFile(options.migrationsDir, history.length === 0 ? 'init' : 'auto', plan.map((step) => step.operation), to);
  log.info({ event: 'migration.generated', migration: migration.name, operations: plan.length }, `generated migration ${migration.name}`);
  await applyMigrations(db, [migration]);
  log.info({ event: 'migration.applied', migration: migration.name }, `applied migration ${migration.name}`);
}

export function formatPlan(plan: readonly PlannedOperation[]): string {
  const marks = { safe: '+ safe       ', destructive: '! DESTRUCTIVE', unsupported: '? unsupported' } as const;
  return plan.map((step) => `  ${marks[step.safety]}  ${describeOperation(step.operation)}`).join('\n');
}

import type { Logger } from 'pino';
import type { Database } from '../db/connect.js';
import type { ContentType } from '../content-types/types.js';
import { SchemaDriftError } from './errors.js';
import { migrationName, readMigrationFiles, saveMigrationFile, type MigrationFile } from './migration-files.js';
import {
  appliedMigrationNames, applyGeneratedUnderLock, applyMigrations, ensureMigrationTables, lastAppliedSnapshot, pendingMigrations,
} from './migrator.js';
import { describeChange, formatPlan, planSchemaChange, planSteps, type SchemaChange } from './plan-schema-change.js';
import { emptySnapshot } from './snapshot.js';

export { SchemaDriftError } from './errors.js';
export { formatPlan } from './plan-schema-change.js';

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
  const pending = pendingMigrations(files, await appliedMigrationNames(db.knex));
  const hooks = { onStart: (name: string) => log.info({ event: 'migration.start', migration: name }, `applying migration ${name}`) };

  if (pending.length > 0) {
    if (options.mode === 'production') {
      throw new SchemaDriftError(
        `${pending.length} migration(s) are not applied: ${pending.map((m) => m.name).join(', ')}.\n` +
        'Production boot applies nothing. Run: larder migrate apply');
    }
    refuseUnsafe(pending);
    const applied = await applyMigrations(db, pending, hooks);
    for (const name of applied) log.info({ event: 'migration.applied', migration: name }, `applied migration ${name}`);
  }

  const base = (await lastAppliedSnapshot(db.knex)) ?? emptySnapshot();
  const change = planSchemaChange(base, types);
  if (change.steps.length === 0) return;
  if (options.mode === 'production') {
    throw new SchemaDriftError(
      `The content model differs from the database:\n${describeChange(change)}\n` +
      'Production boot applies nothing. Generate and review a migration in development (larder migrate generate --name <name>), commit it, then run: larder migrate apply');
  }
  refuseUnsafeDrift(change);

  const label = base.tables.length === 0 ? 'init' : 'auto';
  const migration = await applyGeneratedUnderLock(db, (current) => {
    // Planned again under the lock: another instance may have applied it meanwhile.
    const now = planSchemaChange(current, types);
    if (now.steps.length === 0) return undefined;
    refuseUnsafeDrift(now);
    return { kind: 'generated', name: migrationName(options.migrationsDir, label), operations: now.steps.map((step) => step.operation), snapshot: now.snapshot };
  }, (generated) => saveMigrationFile(options.migrationsDir, generated), hooks);
  if (migration) {
    log.info({ event: 'migration.generated', migration: migration.name, operations: migration.operations.length }, `generated migration ${migration.name}`);
    log.info({ event: 'migration.applied', migration: migration.name }, `applied migration ${migration.name}`);
  }
}

function refuseUnsafe(pending: readonly MigrationFile[]): void {
  for (const migration of pending) {
    if (migration.kind !== 'generated') continue;
    const unsafe = planSteps(migration.operations).filter((step) => step.safety !== 'safe');
    if (unsafe.length > 0) {
      throw new SchemaDriftError(
        `Migration ${migration.name} contains destructive operations:\n${formatPlan(unsafe)}\n` +
        'Boot never applies them. Review the file, then run: larder migrate apply --allow-destructive');
    }
  }
}

function refuseUnsafeDrift(change: SchemaChange): void {
  if (change.steps.every((step) => step.safety === 'safe')) return;
  if (change.steps.some((step) => step.safety === 'unsupported')) {
    throw new SchemaDriftError(
      `The content model differs from the database in a way Larder cannot migrate by itself:\n${describeChange(change)}\n` +
      'Change the content model back, or make the change in steps as described above.');
  }
  throw new SchemaDriftError(
    `The content model differs from the database in a way that can lose data:\n${describeChange(change)}\n` +
    'Boot applies only safe changes. Review the plan with: larder migrate plan\n' +
    'Then, if the data may go: larder migrate generate --name <name> && larder migrate apply --allow-destructive');
}

import type { ContentType } from '../content-types/types.js';
import { latestSnapshot, type MigrationFile } from './migration-files.js';
import { pendingMigrations } from './migrator.js';
import { describeChange, formatPlan, planSchemaChange, planSteps, type PlannedOperation, type SchemaChange } from './plan-schema-change.js';
import type { RenameRequest } from './renames.js';
import { emptySnapshot } from './snapshot.js';

/** Where the live database stands against migrations/ and the content model. */
export interface MigrationState {
  /** e.g. `sqlite:/srv/data/larder.db`, with " (does not exist yet)" when so. */
  database: string;
  files: MigrationFile[];
  applied: string[];
  /** Files not applied to the database yet, in the order `apply` runs them. */
  pending: MigrationFile[];
  /** Recorded in the database, but no file has that name: another branch, or a deleted file. */
  unknown: string[];
  /** Content model changes not in any file yet: what `generate` would write. */
  drift: SchemaChange;
}

export function inspectMigrations(
  database: string, files: MigrationFile[], applied: string[], types: readonly ContentType[], flags: readonly RenameRequest[] = [],
): MigrationState {
  const names = new Set(files.map((file) => file.name));
  return {
    database,
    files,
    applied,
    pending: pendingMigrations(files, applied),
    unknown: applied.filter((name) => !names.has(name)),
    drift: planSchemaChange(latestSnapshot(files) ?? emptySnapshot(), types, flags),
  };
}

/** Anything between the live database and the content model: what `plan` and `status` exit 2 on. */
export function hasWork(state: MigrationState): boolean {
  return state.pending.length > 0 || state.unknown.length > 0 || state.drift.steps.length > 0;
}

/** Every step that would reach the live database: pending files first, then the drift. */
export function allSteps(state: MigrationState): PlannedOperation[] {
  return [...state.pending.flatMap((file) => (file.kind === 'generated' ? planSteps(file.operations) : [])), ...state.drift.steps];
}

/** `larder migrate plan`: the whole way from the live database to the content model. */
export function formatMigrationPlan(state: MigrationState): string {
  const lines = [`Database: ${state.database}: ${state.applied.length} applied, ${state.pending.length} pending`];
  if (state.unknown.length > 0) {
    lines.push('', `Applied to the database but missing from migrations/: ${state.unknown.join(', ')}.`,
      'Restore those files from version control (or the branch that made them) before generating new ones.');
  }
  if (state.pending.length > 0) {
    lines.push('', 'Pending migrations, not yet applied to this database (larder migrate apply):');
    for (const file of state.pending) {
      if (file.kind === 'code') {
        lines.push(`  ${file.name}  (data migration, runs up(knex))`);
      } else {
        lines.push(`  ${file.name}`, formatPlan(planSteps(file.operations), '    '));
      }
    }
  }
  if (state.drift.steps.length > 0) {
    lines.push('', 'Content model changes not in a migration file yet (larder migrate generate --name <name>):', describeChange(state.drift));
  } else if (state.drift.suggestions.length > 0) {
    lines.push('', describeChange(state.drift));
  }
  if (!hasWork(state)) {
    lines.push('', 'No changes: the database, migrations/ and the content model agree.');
    return lines.join('\n');
  }
  if (state.pending.length === 0 && state.drift.steps.length === 0) return lines.join('\n');
  const steps = allSteps(state);
  const destructive = steps.filter((step) => step.safety === 'destructive').length;
  const unsupported = steps.filter((step) => step.safety === 'unsupported').length;
  const checked = steps.filter((step) => step.checks.length > 0).length;
  lines.push('', `Plan: ${steps.length} step(s) to reach the content model` +
    `${destructive ? `, ${destructive} destructive (apply needs --allow-destructive)` : ''}` +
    `${unsupported ? `, ${unsupported} unsupported` : ''}` +
    `${checked ? `, ${checked} checking the data first` : ''}.`);
  return lines.join('\n');
}

/** `larder migrate status`: one line per pending or unknown migration, and a drift count. */
export function formatMigrationStatus(state: MigrationState): string {
  const lines = [`Database: ${state.database}`, `${state.applied.length} applied, ${state.pending.length} pending`];
  for (const file of state.pending) {
    const steps = file.kind === 'generated' ? planSteps(file.operations) : [];
    const destructive = steps.filter((step) => step.safety !== 'safe').length;
    lines.push(`  pending  ${file.name}${file.kind === 'code' ? '  (data migration)' : `  (${steps.length} step(s)${destructive ? `, ${destructive} destructive` : ''})`}`);
  }
  for (const name of state.unknown) lines.push(`  unknown  ${name}  (applied, but no file in migrations/)`);
  if (state.drift.steps.length > 0) {
    lines.push(`The content model has ${state.drift.steps.length} change(s) not yet in a migration file (see: larder migrate plan).`);
  }
  return lines.join('\n');
}

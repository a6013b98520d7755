import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadOptions } from '../config/load-options.js';
import type { AppOptions } from '../config/options.js';
import { loadContentTypes } from '../content-types/load-content-types.js';
import { connectDatabase, type Database } from '../db/connect.js';
import { ConfigError } from '../errors.js';
import { OperatorError } from '../schema/errors.js';
import {
  formatMigrationPlan, formatMigrationStatus, hasWork, inspectMigrations, type MigrationState,
} from '../schema/inspect-migrations.js';
import { readMigrationFiles, writeCodeMigration, writeMigrationFile } from '../schema/migration-files.js';
import { appliedMigrationNames, applyMigrations, ensureMigrationTables, pendingMigrations } from '../schema/migrator.js';
import { describeChange, planSteps } from '../schema/plan-schema-change.js';
import { parseRenameFlags } from '../schema/renames.js';

const USAGE = `Usage: larder migrate <command>

  status                          applied and pending migrations; exits 2 when anything is pending
  plan [renames]                  every step from the live database to the content model, each
                                  marked safe or DESTRUCTIVE; exits 2 when there is any
  generate --name NAME [renames]  write the content model's changes to migrations/<stamp>_NAME.json
  generate --name NAME --data     write a stub for a hand-written data migration (.js, exports up(knex))
  apply [--allow-destructive]     apply pending migrations in order, one transaction each

Renames (the data moves with them; also declared by "renamedFrom" in a definition):
  --rename TYPE.OLD=NEW           an attribute, e.g. --rename article.subtitle=tagline
  --rename-type OLD=NEW           a content type, e.g. --rename-type post=article
`;

/** `larder migrate status|plan|generate|apply` (DESIGN §2, §6). Exit 0: done; 1: refused or failed; 2: drift. */
export async function runMigrateCommand(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        data: { type: 'boolean', default: false },
        rename: { type: 'string', multiple: true, default: [] },
        'rename-type': { type: 'string', multiple: true, default: [] },
        'allow-destructive': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`larder migrate: ${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const { positionals, values } = parsed;
  const [action, ...extra] = positionals;
  if (extra.length > 0 || !['status', 'plan', 'generate', 'apply'].includes(action ?? '')) {
    process.stderr.write(USAGE);
    return 1;
  }
  // Migrations sign nothing: skip resolving (and, in development, creating) the secret.
  const options = loadOptions(process.env, process.cwd(), { secret: 'unused-by-migrate' });
  const types = loadContentTypes(`${options.configDir}/content-types`).all();
  const flags = parseRenameFlags(values.rename, values['rename-type']);
  const files = readMigrationFiles(options.migrationsDir);
  const out = (text: string) => process.stdout.write(`${text}\n`);

  switch (action) {
    case 'plan':
    case 'status': {
      const state = await inspectLive(options, (applied, database) => inspectMigrations(database, files, applied, types, flags));
      out(action === 'plan' ? formatMigrationPlan(state) : formatMigrationStatus(state));
      return hasWork(state) ? 2 : 0;
    }
    case 'generate': {
      if (!values.name) throw new ConfigError('migrate generate', '--name', 'a migration needs a name', 'pass --name <what-changed>');
      if (values.data) {
        out(`Wrote ${writeCodeMigration(options.migrationsDir, values.name)}: fill in up(knex); larder migrate apply runs it.`);
        return 0;
      }
      const { drift } = inspectMigrations('', files, [], types, flags);
      if (drift.steps.length === 0) {
        out('No changes to write: migrations/ already leads to the content model.');
        if (drift.suggestions.length > 0) out(describeChange(drift));
        return 0;
      }
      const unsupported = drift.steps.filter((step) => step.safety === 'unsupported');
      if (unsupported.length > 0) {
        throw new OperatorError(`Nothing written: Larder cannot make ${unsupported.length} of these changes by itself:\n${describeChange(drift)}`);
      }
      const migration = writeMigrationFile(options.migrationsDir, values.name, drift.steps.map((step) => step.operation), drift.snapshot);
      out(`Wrote ${options.migrationsDir}/${migration.name}.json:\n${describeChange(drift)}`);
      if (drift.steps.some((step) => step.safety === 'destructive')) {
        out('It holds destructive steps: review it, then apply with: larder migrate apply --allow-destructive');
      }
      return 0;
    }
    default:
      return withDatabase(options, async (db) => {
        await ensureMigrationTables(db);
        const pending = pendingMigrations(files, await appliedMigrationNames(db.knex));
        const steps = pending.flatMap((file) => (file.kind === 'generated' ? planSteps(file.operations) : []));
        const unsupported = steps.filter((step) => step.safety === 'unsupported');
        if (unsupported.length > 0) {
          throw new OperatorError(`Nothing applied: pending migrations hold steps Larder cannot make (${unsupported.length}); see: larder migrate plan`);
        }
        const destructive = pending.filter((file) => file.kind === 'generated' && planSteps(file.operations).some((step) => step.safety === 'destructive'));
        if (destructive.length > 0 && !values['allow-destructive']) {
          process.stderr.write(`larder: nothing applied: these migrations can lose data: ${destructive.map((m) => m.name).join(', ')}.\n` +
            'Review them (larder migrate plan), then run: larder migrate apply --allow-destructive\n');
          return 1;
        }
        const applied = await applyMigrations(db, pending, { onStart: (name) => out(`Applying ${name} …`) });
        out(applied.length === 0 ? 'Nothing to apply.' : `Applied:\n${applied.map((name) => `  ${name}`).join('\n')}`);
        const drift = inspectMigrations('', files, [], types, flags).drift;
        if (drift.steps.length > 0) out(`The content model has ${drift.steps.length} change(s) not yet in a migration file (see: larder migrate plan).`);
        return 0;
      });
  }
}

/**
 * Reads the applied migrations without creating anything: a SQLite file that
 * does not exist yet is an empty database, not one to create just to plan.
 */
async function inspectLive(options: AppOptions, inspect: (applied: string[], database: string) => MigrationState): Promise<MigrationState> {
  const sqlitePath = options.databaseUrl.startsWith('sqlite:') ? options.databaseUrl.slice('sqlite:'.length) : undefined;
  if (sqlitePath !== undefined && sqlitePath !== ':memory:' && !existsSync(resolve(options.cwd, sqlitePath))) {
    return inspect([], `${options.databaseUrl} (does not exist yet)`);
  }
  return withDatabase(options, async (db) => {
    const exists = await db.knex.schema.hasTable('larder_migrations');
    return inspect(exists ? await appliedMigrationNames(db.knex) : [], db.description);
  });
}

/** Connects, and turns an unreachable database into one clear line. */
export async function withDatabase<T>(options: AppOptions, work: (db: Database) => Promise<T>): Promise<T> {
  const db = connectDatabase({ url: options.databaseUrl, sqliteDriver: options.sqliteDriver, cwd: options.cwd });
  try {
    try {
      await db.knex.raw('select 1');
    } catch (error) {
      throw new ConfigError('DATABASE_URL', '', `cannot reach ${db.description} (${(error as Error).message})`, 'check that the database is running and the URL is right');
    }
    return await work(db);
  } finally {
    await db.close();
  }
}

import { parseArgs } from 'node:util';
import { loadOptions } from '../config/load-options.js';
import { loadContentTypes } from '../content-types/load-content-types.js';
import { connectDatabase, type Database } from '../db/connect.js';
import { ConfigError } from '../errors.js';
import { buildSnapshot } from '../schema/build-snapshot.js';
import { readMigrationFiles, writeMigrationFile } from '../schema/migration-files.js';
import { appliedMigrations, applyMigrations, ensureMigrationTables, pendingMigrations, planMigration } from '../schema/migrator.js';
import { safetyOf } from '../schema/operations.js';
import { emptySnapshot } from '../schema/snapshot.js';
import { formatPlan } from '../schema/sync-schema.js';

/** `larder migrate status|plan|generate|apply` (DESIGN §2, §6). */
export async function runMigrateCommand(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, 'allow-destructive': { type: 'boolean', default: false } },
  });
  const [action] = positionals;
  const options = loadOptions(process.env, process.cwd());
  const files = readMigrationFiles(options.migrationsDir);
  const target = buildSnapshot(loadContentTypes(`${options.configDir}/content-types`).all());
  // What the migration files lead to, applied or not: the base for new plans.
  const base = files.at(-1)?.snapshot ?? emptySnapshot();
  const out = (line: string) => process.stdout.write(`${line}\n`);

  switch (action) {
    case 'plan': {
      const plan = planMigration(base, target);
      if (plan.length === 0) {
        out('No changes: the migration files match the content model.');
        return 0;
      }
      out(`The content model differs from the migration files:\n${formatPlan(plan)}`);
      out('\nWrite these changes with: larder migrate generate --name <name>');
      return 2;
    }
    case 'generate': {
      if (!values.name) throw new ConfigError('migrate generate', '--name', 'a migration needs a name', 'pass --name <what-changed>');
      const plan = planMigration(base, target);
      if (plan.length === 0) {
        out('No changes to write.');
        return 0;
      }
      const migration = writeMigrationFile(options.migrationsDir, values.name, plan.map((step) => step.operation), target);
      out(`Wrote ${options.migrationsDir}/${migration.name}.json:\n${formatPlan(plan)}`);
      return 0;
    }
    case 'status':
    case 'apply':
      return withDatabase(options, async (db) => {
        await ensureMigrationTables(db);
        const pending = pendingMigrations(files, await appliedMigrations(db.knex));
        if (action === 'status') {
          out(`${files.length - pending.length} applied, ${pending.length} pending${pending.length ? `:\n${pending.map((m) => `  ${m.name}`).join('\n')}` : ''}`);
          const drift = planMigration(base, target).length;
          if (drift > 0) out(`The content model has ${drift} change(s) not yet in a migration file (see: larder migrate plan).`);
          return pending.length > 0 || drift > 0 ? 2 : 0;
        }
        const destructive = pending.filter((m) => m.operations.some((op) => safetyOf(op) !== 'safe'));
        if (destructive.length > 0 && !values['allow-destructive']) {
          out(`These migrations can lose data: ${destructive.map((m) => m.name).join(', ')}.`);
          out('Review them, then run: larder migrate apply --allow-destructive');
          return 1;
        }
        const applied = await applyMigrations(db, pending);
        out(applied.length === 0 ? 'Nothing to apply.' : `Applied:\n${applied.map((name) => `  ${name}`).join('\n')}`);
        return 0;
      });
    default:
      process.stderr.write('Usage: larder migrate status|plan|generate --name NAME|apply [--allow-destructive]\n');
      return 1;
  }
}

async function withDatabase(options: ReturnType<typeof loadOptions>, work: (db: Database) => Promise<number>): Promise<number> {
  const db = connectDatabase({ url: options.databaseUrl, sqliteDriver: options.sqliteDriver, cwd: options.cwd });
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

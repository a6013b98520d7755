import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Operation } from './operations.js';
import type { SchemaSnapshot } from './snapshot.js';

/**
 * One file in `migrations/`, ordered by name (a UTC timestamp first):
 * - `generated`: `<stamp>_<name>.json`, declarative operations plus the snapshot they lead to;
 * - `code`: `<stamp>_<name>.js` (or .mjs/.cjs), a hand-written data migration
 *   exporting `up(knex)`, run in the same transaction and lock machinery.
 */
export type MigrationFile = GeneratedMigration | CodeMigration;

export interface GeneratedMigration {
  kind: 'generated';
  /** File name without extension, e.g. `20261121181500_init`; the order key. */
  name: string;
  operations: Operation[];
  snapshot: SchemaSnapshot;
}

export interface CodeMigration {
  kind: 'code';
  name: string;
  /** Absolute path, imported when the migration runs. */
  path: string;
}

const CODE_EXTENSIONS = ['.js', '.mjs', '.cjs'];

export function readMigrationFiles(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  const seen = new Map<string, string>();
  const files: MigrationFile[] = [];
  for (const file of readdirSync(dir).sort()) {
    const extension = file.endsWith('.json') ? '.json' : CODE_EXTENSIONS.find((ext) => file.endsWith(ext));
    if (!extension) continue;
    const name = file.slice(0, -extension.length);
    const path = join(dir, file);
    const clash = seen.get(name);
    if (clash) throw new ConfigError(path, '', `has the same name as ${clash}`, 'rename one of the two; a migration is known by its name');
    seen.set(name, file);
    files.push(extension === '.json' ? readGenerated(path, name) : { kind: 'code', name, path });
  }
  // Names, not file names: `x.js` and `x_2.json` must order by stamp and name alone.
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Migration names in `dir`, without reading the files: cheap enough for every readiness probe. */
export function migrationNamesOnDisk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((file) => {
    const extension = ['.json', ...CODE_EXTENSIONS].find((ext) => file.endsWith(ext));
    return extension ? [file.slice(0, -extension.length)] : [];
  });
}

function readGenerated(path: string, name: string): GeneratedMigration {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(path, '', `is not valid JSON (${(error as Error).message})`, 'restore the file from version control');
  }
  const migration = parsed as Partial<GeneratedMigration>;
  if (!Array.isArray(migration.operations) || typeof migration.snapshot !== 'object' || migration.snapshot === null) {
    throw new ConfigError(path, '', 'is not a Larder migration (it needs "operations" and "snapshot")', 'restore the file from version control');
  }
  return { kind: 'generated', name, operations: migration.operations, snapshot: migration.snapshot };
}

/** The snapshot the files lead to, applied or not: the base for the next generated migration. */
export function latestSnapshot(files: readonly MigrationFile[]): SchemaSnapshot | undefined {
  for (let i = files.length - 1; i >= 0; i--) {
    const file = files[i]!;
    if (file.kind === 'generated') return file.snapshot;
  }
  return undefined;
}

/**
 * `<stamp>_<slug>`, the stamp a UTC time to the second. Files run in name
 * order, so a new file's stamp is later than every existing one's, even when
 * two are written within one second (or the clock is behind the last file).
 */
function nextName(dir: string, label: string, now: Date): string {
  const latest = migrationNamesOnDisk(dir).map((name) => /^(\d{14})_/.exec(name)?.[1]).filter((stamp): stamp is string => stamp !== undefined).sort().at(-1);
  let time = now.getTime();
  if (latest !== undefined) time = Math.max(time, stampTime(latest) + 1000);
  const stamp = new Date(time).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const slug = label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'migration';
  return `${stamp}_${slug}`;
}

function stampTime(stamp: string): number {
  const [year, month, day, hour, minute, second] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(stamp.slice(at, i === 0 ? 4 : at + 2)));
  const time = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  // A hand-named file with a stamp that is not a time (99990101000000 is fine) still sorts by its digits.
  return Number.isNaN(time) ? 0 : time;
}

export function migrationName(dir: string, label: string, now = new Date()): string {
  return nextName(dir, label, now);
}

export function writeMigrationFile(dir: string, label: string, operations: Operation[], snapshot: SchemaSnapshot, now = new Date()): GeneratedMigration {
  mkdirSync(dir, { recursive: true });
  return saveMigrationFile(dir, { kind: 'generated', name: nextName(dir, label, now), operations, snapshot });
}

/** Writes a generated migration under the name it already has. */
export function saveMigrationFile(dir: string, migration: GeneratedMigration): GeneratedMigration {
  mkdirSync(dir, { recursive: true });
  const { operations, snapshot } = migration;
  writeFileSync(join(dir, `${migration.name}.json`), `${JSON.stringify({ operations, snapshot }, null, 2)}\n`);
  return migration;
}

const CODE_TEMPLATE = `/**
 * A data migration: it runs once, in order with the generated migrations, in
 * one transaction under the migration lock. \`knex\` is that transaction.
 * Change data here, not the schema: schema changes come from config/.
 *
 * @param {import('knex').Knex.Transaction} knex
 * @param {{ dialect: 'sqlite' | 'postgres' }} context
 */
export async function up(knex, context) {
  // e.g. await knex('articles').whereNull('kind').update({ kind: 'news' });
}
`;

/** Writes a stub for a hand-written data migration and returns its path. */
export function writeCodeMigration(dir: string, label: string, now = new Date()): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${nextName(dir, label, now)}.js`);
  writeFileSync(path, CODE_TEMPLATE);
  return path;
}

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NAME_PATTERN } from '../content-types/check-definition.js';
import { checkDefinitions, readDefinitionFiles } from '../content-types/load-content-types.js';
import type { ContentType } from '../content-types/types.js';
import type { Database } from '../db/connect.js';
import { isPlainObject } from '../query/is-plain-object.js';
import { ConfigError, ConflictError, ValidationError } from '../errors.js';
import { OperatorError } from './errors.js';
import { migrationName, saveMigrationFile } from './migration-files.js';
import type { BuilderPlan, PlannedStep } from './builder-plan.js';
import { applyGeneratedUnderLock, ensureMigrationTables, lastAppliedSnapshot } from './migrator.js';
import { describeOperation, type Operation } from './operations.js';
import { planSchemaChange, type PlannedOperation, type SchemaChange } from './plan-schema-change.js';
import { parseRenameFlags, type RenameRequest } from './renames.js';
import { emptySnapshot, type SchemaSnapshot } from './snapshot.js';

/**
 * The development content-type builder (DESIGN §9): the admin panel's edits
 * to `config/content-types/*.json`, checked exactly as boot checks them and
 * planned with the same code as `larder migrate plan`.
 */
export interface BuilderInput {
  /** singularName → full definition, or null to remove the type. Types not named keep their file. */
  types: Record<string, Record<string, unknown> | null>;
  renames: RenameRequest[];
  allowDestructive: boolean;
}

export interface BuilderPaths {
  configDir: string;
  migrationsDir: string;
}

/** Parses `{ types, renames?, allowDestructive? }`, naming the path of anything wrong. */
export function parseBuilderInput(body: unknown): BuilderInput {
  if (!isPlainObject(body)) throw ValidationError.at([], 'The body must be a JSON object: { "types": { "<singularName>": <definition> | null } }');
  const { types, renames, allowDestructive } = body;
  if (!isPlainObject(types)) throw ValidationError.at(['types'], '"types" must be an object of singularName → definition (or null to remove the type)');
  for (const [name, definition] of Object.entries(types)) {
    if (!NAME_PATTERN.test(name)) throw ValidationError.at(['types', name], `"${name}" is not a singular name (lowercase letters, digits and dashes)`);
    if (definition !== null && !isPlainObject(definition)) throw ValidationError.at(['types', name], 'a definition must be an object, or null to remove the type');
  }
  if (allowDestructive !== undefined && typeof allowDestructive !== 'boolean') throw ValidationError.at(['allowDestructive'], '"allowDestructive" must be true or false');
  return { types: types as BuilderInput['types'], renames: parseRenames(renames), allowDestructive: allowDestructive === true };
}

/** `{ fields: ["article.subtitle=tagline"], types: ["post=article"] }`, as `--rename` and `--rename-type`. */
function parseRenames(value: unknown): RenameRequest[] {
  if (value === undefined) return [];
  const list = (key: string, item: unknown): string[] => {
    if (item === undefined) return [];
    if (!Array.isArray(item) || !item.every((entry) => typeof entry === 'string')) {
      throw ValidationError.at(['renames', key], `"renames.${key}" must be an array of strings`);
    }
    return item as string[];
  };
  if (!isPlainObject(value)) throw ValidationError.at(['renames'], '"renames" must be { "fields": ["type.old=new"], "types": ["old=new"] }');
  try {
    return parseRenameFlags(list('fields', value.fields), list('types', value.types));
  } catch (error) {
    throw asValidationError(error, ['renames']);
  }
}

/** The definition files as they are now: file name (the singular name) → parsed JSON. */
export function readDefinitions(configDir: string): Map<string, unknown> {
  try {
    // A broken file on disk is a ConfigError, like at boot, not a crash.
    return readDefinitionFiles(join(configDir, 'content-types'));
  } catch (error) {
    throw asValidationError(error, ['types']);
  }
}

/** Applies the changes in memory and checks the whole set as boot does (core/content-types/). */
export function candidateTypes(configDir: string, input: BuilderInput): { files: Map<string, unknown>; types: ContentType[] } {
  const files = readDefinitions(configDir);
  for (const [name, definition] of Object.entries(input.types)) {
    if (definition === null) {
      if (!files.has(name)) throw ValidationError.at(['types', name], `there is no content type "${name}" to remove`);
      files.delete(name);
      continue;
    }
    const info = definition.info;
    const singular = isPlainObject(info) ? info.singularName : undefined;
    if (singular !== name) {
      throw ValidationError.at(['types', name, 'info', 'singularName'], `info.singularName must be "${name}", the key it is sent under (and its file name)`);
    }
    files.set(name, definition);
  }
  try {
    return { files, types: [...checkDefinitions(join(configDir, 'content-types'), files).all()] };
  } catch (error) {
    throw asValidationError(error, ['types']);
  }
}

/** Plans from the schema the database is at (the last applied migration's snapshot) to the candidate model. */
export async function planBuilderChange(db: Database, paths: BuilderPaths, input: BuilderInput): Promise<{ change: SchemaChange; files: Map<string, unknown>; plan: BuilderPlan }> {
  const { files, types } = candidateTypes(paths.configDir, input);
  await ensureMigrationTables(db);
  const base = (await lastAppliedSnapshot(db.knex)) ?? emptySnapshot();
  const change = planOrFail(base, types, input.renames);
  const operations = await Promise.all(change.steps.map((step) => describeStep(db, step)));
  return { change, files, plan: { operations, destructive: operations.some((step) => step.safety === 'destructive'), renameSuggestions: change.suggestions } };
}

/**
 * Writes the definition files, generates the migration into migrations/ and
 * applies it under the migration lock, in one transaction. If anything
 * fails, the previous files are put back and the migration file removed.
 */
export async function applyBuilderChange(db: Database, paths: BuilderPaths, input: BuilderInput): Promise<{ applied: string[]; plan: BuilderPlan }> {
  const { change, files, plan } = await planBuilderChange(db, paths, input);
  refuse(change, input.allowDestructive);
  const dir = join(paths.configDir, 'content-types');
  const before = readRawFiles(dir);
  let built: string | undefined;
  try {
    writeDefinitions(dir, files, before);
    const migration = await applyGeneratedUnderLock(db, (base) => {
      // Planned again under the lock: the database may have moved since the plan above.
      const now = planOrFail(base, candidateTypes(paths.configDir, { ...input, types: {} }).types, input.renames);
      if (now.steps.length === 0) return undefined;
      refuse(now, input.allowDestructive);
      built = migrationName(paths.migrationsDir, 'builder');
      return { kind: 'generated', name: built, operations: now.steps.map((step) => step.operation), snapshot: now.snapshot };
    }, (generated) => saveMigrationFile(paths.migrationsDir, generated));
    return { applied: migration ? [migration.name] : [], plan };
  } catch (error) {
    restoreFiles(dir, before);
    if (built) rmSync(join(paths.migrationsDir, `${built}.json`), { force: true });
    if (error instanceof OperatorError) throw new ConflictError(error.message);
    throw error;
  }
}

function planOrFail(base: SchemaSnapshot, types: readonly ContentType[], renames: readonly RenameRequest[]): SchemaChange {
  try {
    return planSchemaChange(base, types, renames);
  } catch (error) {
    throw asValidationError(error, ['renames']);
  }
}

function refuse(change: SchemaChange, allowDestructive: boolean): void {
  const unsupported = change.steps.filter((step) => step.safety === 'unsupported');
  if (unsupported.length > 0) {
    throw new ValidationError(`Nothing changed: Larder cannot make ${unsupported.length} of these changes by itself: ` +
      unsupported.map((step) => `${describeOperation(step.operation)} (${step.reason ?? 'unsupported'})`).join('; '));
  }
  const destructive = change.steps.filter((step) => step.safety === 'destructive');
  if (destructive.length > 0 && !allowDestructive) {
    throw new ValidationError(`Nothing changed: these steps can lose data: ${destructive.map((step) => describeOperation(step.operation)).join('; ')}. ` +
      'Review them, then apply again with "allowDestructive": true', destructive.map((step) => ({
      path: ['allowDestructive'], message: describeOperation(step.operation), name: 'DestructiveChange',
    })));
  }
}

async function describeStep(db: Database, step: PlannedOperation): Promise<PlannedStep> {
  const { operation } = step;
  const safety = step.safety === 'safe' && step.checks.length > 0 ? 'checked' : step.safety;
  const planned: PlannedStep = { op: operation.op, description: describeOperation(operation), safety, checks: step.checks };
  if (step.reason) planned.reason = step.reason;
  if (operation.op === 'dropTable') planned.loses = { table: operation.table.name, rows: await countRows(db, operation.table.name) };
  if (operation.op === 'dropColumn') {
    planned.loses = { table: operation.table, column: operation.column.name, rows: await countRows(db, operation.table, operation.column.name) };
  }
  return planned;
}

/** Rows that hold data the drop would lose: every row of a table, or the non-null values of a column. */
async function countRows(db: Database, table: string, column?: string): Promise<number> {
  if (!(await db.knex.schema.hasTable(table))) return 0;
  const query = db.knex(table).count({ count: '*' });
  if (column) query.whereNotNull(column);
  const [row] = await query as Array<{ count: number | string }>;
  return Number(row?.count ?? 0);
}

function readRawFiles(dir: string): Map<string, string> {
  const raw = new Map<string, string>();
  if (!existsSync(dir)) return raw;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) raw.set(file, readFileSync(join(dir, file), 'utf8'));
  return raw;
}

/** One pretty-printed file per type, `<singularName>.json`; files of removed types are deleted. */
function writeDefinitions(dir: string, files: Map<string, unknown>, before: Map<string, string>): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, json] of files) {
    const text = `${JSON.stringify(json, null, 2)}\n`;
    // Untouched files keep their bytes: only what the builder changed shows in a diff.
    if (before.has(`${name}.json`) && JSON.stringify(JSON.parse(before.get(`${name}.json`)!)) === JSON.stringify(json)) continue;
    writeFileSync(join(dir, `${name}.json`), text);
  }
  for (const file of before.keys()) if (!files.has(file.slice(0, -'.json'.length))) rmSync(join(dir, file));
}

function restoreFiles(dir: string, before: Map<string, string>): void {
  for (const file of existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : []) {
    if (!before.has(file)) rmSync(join(dir, file));
  }
  for (const [file, text] of before) writeFileSync(join(dir, file), text);
}

/** A ConfigError (file, path, fix) or a RenameError becomes a 400 naming where the problem is. */
function asValidationError(error: unknown, prefix: string[]): unknown {
  if (error instanceof ConfigError) {
    const name = /([^/\\]+)\.json$/.exec(error.file)?.[1];
    const path = [...prefix, ...(name ? [name] : []), ...(error.path ? error.path.split('.') : [])];
    return new ValidationError(`content-types/${name ?? error.file}.json${error.path ? ` at ${error.path}` : ''}: ${error.problem}. Fix: ${error.fix}`,
      [{ path, message: `${error.problem}. Fix: ${error.fix}`, name: 'ValidationError' }]);
  }
  if (error instanceof OperatorError) return ValidationError.at(prefix, error.message);
  return error;
}


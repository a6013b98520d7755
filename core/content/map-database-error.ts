import type { Knex } from 'knex';
import { publishedTableOf } from '../content-types/storage-tables.js';
import type { ContentType, ScalarAttribute } from '../content-types/types.js';
import { ConflictError, ValidationError, type ValidationIssue } from '../errors.js';
import type { StorageValue } from '../values/cast-value.js';

interface DriverError {
  code?: string;
  message?: string;
  detail?: string;
}

const UNIQUE_MESSAGE = 'This attribute must be unique';

function isUniqueViolation(error: unknown): boolean {
  const e = error as DriverError;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE'
    || (e?.code === 'SQLITE_CONSTRAINT' && (e.message ?? '').includes('UNIQUE constraint failed'));
}

function isForeignKeyViolation(error: unknown): boolean {
  const e = error as DriverError;
  return e?.code === '23503' || e?.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
    || (e?.code === 'SQLITE_CONSTRAINT' && (e.message ?? '').includes('FOREIGN KEY constraint failed'));
}

/**
 * Turns a constraint violation from either driver into the contract's error,
 * or returns undefined for anything else. A unique violation is a 409 whose
 * details name every written field whose value is taken (the database names
 * only the first index it trips), so front-ends that parse Strapi's 400 find
 * them (DESIGN §10). The lookup runs only on this error path.
 */
export async function mapDatabaseError(
  knex: Knex,
  type: ContentType,
  error: unknown,
  written: Record<string, StorageValue>,
  ownRowId?: number,
): Promise<Error | undefined> {
  if (isUniqueViolation(error)) {
    const taken = await takenUniqueFields(knex, type, written, ownRowId);
    const reported = taken.length > 0 ? taken : [columnNamed(type, uniqueColumn(error as DriverError))].filter((a): a is ScalarAttribute => !!a);
    const errors: ValidationIssue[] = reported.map((attribute) => ({ path: [attribute.name], message: UNIQUE_MESSAGE, name: 'ValidationError' }));
    return new ConflictError(UNIQUE_MESSAGE, { errors });
  }
  if (isForeignKeyViolation(error)) return new ValidationError('A related entry does not exist');
  return undefined;
}

async function takenUniqueFields(knex: Knex, type: ContentType, written: Record<string, StorageValue>, ownRowId?: number): Promise<ScalarAttribute[]> {
  const taken: ScalarAttribute[] = [];
  for (const attribute of type.attributes.values()) {
    if (attribute.kind !== 'scalar' || !attribute.unique) continue;
    const value = written[attribute.column];
    if (value === undefined || value === null) continue;
    // Drafts skip `unique`: for draft & publish types the published table holds the constraint.
    const table = type.draftAndPublish ? publishedTableOf(type.table) : type.table;
    const query = knex(table).where(attribute.column, value).first('id');
    if (ownRowId !== undefined) query.whereNot('id', ownRowId);
    if (await query) taken.push(attribute);
  }
  return taken;
}

function columnNamed(type: ContentType, column: string | undefined): ScalarAttribute | undefined {
  return [...type.attributes.values()].find((a): a is ScalarAttribute => a.kind === 'scalar' && a.column === column);
}

function uniqueColumn(error: DriverError): string | undefined {
  // PostgreSQL: detail `Key (slug)=(hello) already exists.`
  const pg = /^Key \(([^)]+)\)=/.exec(error.detail ?? '');
  if (pg) return pg[1];
  // SQLite: `UNIQUE constraint failed: articles.slug`
  return /UNIQUE constraint failed: [^.]+\.(\w+)/.exec(error.message ?? '')?.[1];
}

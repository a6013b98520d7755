import type { ContentType } from '../content-types/types.js';
import { ConflictError, ValidationError } from '../errors.js';

interface DriverError {
  code?: string;
  message?: string;
  detail?: string;
  constraint?: string;
}

/**
 * Turns a constraint violation from either driver into the contract's error
 * for this type, or returns undefined for anything else. A unique violation
 * is a 409 whose details name the field, so front-ends that parse Strapi's
 * 400 still find it (DESIGN §10).
 */
export function mapDatabaseError(type: ContentType, error: unknown): Error | undefined {
  const e = error as DriverError;
  const message = e.message ?? '';
  const unique = e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE'
    || (e.code === 'SQLITE_CONSTRAINT' && message.includes('UNIQUE constraint failed'));
  if (unique) {
    const column = uniqueColumn(e);
    const attribute = [...type.attributes.values()].find((a) => a.kind === 'scalar' && a.column === column);
    const path = attribute ? [attribute.name] : [];
    return new ConflictError('This attribute must be unique', {
      errors: [{ path, message: 'This attribute must be unique', name: 'ValidationError' }],
    });
  }
  const foreignKey = e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY'
    || (e.code === 'SQLITE_CONSTRAINT' && message.includes('FOREIGN KEY constraint failed'));
  if (foreignKey) return new ValidationError('A related entry does not exist');
  return undefined;
}

function uniqueColumn(error: DriverError): string | undefined {
  // PostgreSQL: detail `Key (slug)=(hello) already exists.`
  const pg = /^Key \(([^)]+)\)=/.exec(error.detail ?? '');
  if (pg) return pg[1];
  // SQLite: `UNIQUE constraint failed: articles.slug`
  const sqlite = /UNIQUE constraint failed: [^.]+\.(\w+)/.exec(error.message ?? '');
  return sqlite?.[1];
}

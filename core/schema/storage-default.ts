import type { ScalarAttribute } from '../content-types/types.js';

/**
 * The database default for a column, when the attribute's default is a plain
 * constant. Validators apply defaults on create too; the column default keeps
 * rows created outside the API (imports, hand-written SQL) consistent.
 */
export function toStorageDefault(attribute: ScalarAttribute): string | number | boolean | undefined {
  const value = attribute.default;
  if (value === undefined || value === null) return undefined;
  switch (attribute.type) {
    case 'string': case 'text': case 'richtext': case 'email': case 'uid': case 'enumeration':
      return typeof value === 'string' ? value : undefined;
    case 'integer': case 'float': case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'biginteger':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    default:
      // Dates, times and JSON defaults are applied by the validator only: their
      // literal forms differ between SQLite and PostgreSQL.
      return undefined;
  }
}

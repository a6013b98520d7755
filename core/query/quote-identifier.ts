/**
 * Double quotes are the standard identifier quote on both SQLite and
 * PostgreSQL. Names come from checked definitions, but quoting keeps a
 * reserved word like "order" usable as a column.
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

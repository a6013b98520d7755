interface DriverError {
  code?: string;
  message?: string;
}

/** A unique-index violation from PostgreSQL (23505) or either SQLite driver. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as DriverError | undefined;
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE'
    || (e?.code === 'SQLITE_CONSTRAINT' && (e.message ?? '').includes('UNIQUE constraint failed'));
}

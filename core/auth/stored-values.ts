import { formatDateTime } from '../values/format-value.js';

/**
 * How the auth tables' values look in either database. Datetimes are written
 * as ISO strings on both (text on SQLite, where ISO strings compare in time
 * order; timestamptz on PostgreSQL), as the content service writes them.
 */
export function isoNow(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString();
}

/** SQLite returns booleans as 0/1, PostgreSQL as booleans. */
export function storedBoolean(raw: unknown): boolean {
  return raw === true || raw === 1 || raw === '1';
}

/** An ISO 8601 string ending in `Z`, or null. */
export function storedDate(raw: unknown): string | null {
  return formatDateTime(raw);
}

/** Epoch milliseconds of a stored datetime, or undefined. */
export function storedTime(raw: unknown): number | undefined {
  const iso = formatDateTime(raw);
  if (iso === null) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}

/** `json` columns: text on SQLite, parsed already by pg. */
export function storedJson(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

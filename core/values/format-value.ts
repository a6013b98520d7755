import type { ScalarAttribute } from '../content-types/types.js';

/**
 * Turns a value read from either database into its API form (DESIGN §4):
 * biginteger as a string, date `YYYY-MM-DD`, time `HH:mm:ss.SSS`, datetime
 * ISO 8601 in UTC, decimal and float as numbers, json as stored.
 */
export function formatValue(attribute: ScalarAttribute, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  switch (attribute.type) {
    case 'integer':
    case 'float':
    case 'decimal':
      return typeof raw === 'number' ? raw : Number(raw);
    case 'biginteger':
      return typeof raw === 'bigint' ? raw.toString() : String(raw);
    case 'boolean':
      return raw === true || raw === 1 || raw === '1' || raw === 't' || raw === 'true';
    case 'date':
      return formatDate(raw);
    case 'time':
      return formatTime(raw);
    case 'datetime':
      return formatDateTime(raw);
    case 'json':
      return typeof raw === 'string' ? JSON.parse(raw) : raw;
    default:
      return raw;
  }
}

export function formatDateTime(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof Date) return raw.toISOString();
  if (typeof raw === 'number') return new Date(raw).toISOString();
  const text = String(raw);
  // What Larder itself writes on SQLite (toISOString): already in API form.
  // Every row of a list carries two of these, so skip the parse round trip.
  if (isCanonicalUtc(text)) return text;
  const time = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/** `YYYY-MM-DDTHH:mm:ss.sssZ`, checked by shape (digits and separators), without a regex or a Date. */
function isCanonicalUtc(text: string): boolean {
  if (text.length !== 24 || text.charCodeAt(23) !== 90 /* Z */ || text.charCodeAt(10) !== 84 /* T */) return false;
  for (let index = 0; index < 23; index++) {
    const code = text.charCodeAt(index);
    const expected = CANONICAL_SEPARATORS[index];
    if (expected === undefined ? code < 48 || code > 57 : code !== expected) return false;
  }
  return true;
}

/** Separator char codes by position in `YYYY-MM-DDTHH:mm:ss.sss`; digits elsewhere. */
const CANONICAL_SEPARATORS: Record<number, number> = { 4: 45, 7: 45, 10: 84, 13: 58, 16: 58, 19: 46 };

function formatDate(raw: unknown): string {
  if (raw instanceof Date) return raw.toISOString().slice(0, 10);
  return String(raw).slice(0, 10);
}

function formatTime(raw: unknown): string {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/.exec(String(raw));
  if (!match) return String(raw);
  const [, hours, minutes, seconds = '00', fraction = ''] = match;
  return `${hours}:${minutes}:${seconds}.${fraction.padEnd(3, '0').slice(0, 3)}`;
}

import type { Dialect } from '../db/connect.js';
import type { ScalarAttribute } from '../content-types/types.js';

/** A value as it is bound into SQL for a column. */
export type StorageValue = string | number | boolean | null;

/** Thrown when input cannot be read as the attribute's type; callers attach the path. */
export class CastError extends Error {}

const TRUE_FORMS = new Set(['true', '1', 't']);
const FALSE_FORMS = new Set(['false', '0', 'f']);
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Reads one input value (from a JSON body or a query string) as the
 * attribute's type, with the lenient input forms of DESIGN §10, and returns it
 * in storage form for the dialect. `null` passes through. Throws CastError.
 */
export function castValue(attribute: ScalarAttribute, input: unknown, dialect: Dialect): StorageValue {
  if (input === null) return null;
  switch (attribute.type) {
    case 'string': case 'text': case 'richtext': case 'email': case 'uid': case 'password': case 'enumeration':
      if (typeof input !== 'string') throw new CastError('must be a string');
      return input;
    case 'integer': {
      const value = readNumber(input);
      if (!Number.isInteger(value)) throw new CastError('must be an integer');
      if (value < INT32_MIN || value > INT32_MAX) throw new CastError(`must be between ${INT32_MIN} and ${INT32_MAX}`);
      return value;
    }
    case 'biginteger':
      return castBigInteger(input);
    case 'float':
    case 'decimal':
      return readNumber(input);
    case 'boolean': {
      const value = castBoolean(input);
      // better-sqlite3 cannot bind booleans; SQLite stores them as 0/1 anyway.
      return dialect === 'sqlite' ? (value ? 1 : 0) : value;
    }
    case 'date':
      return castDate(input);
    case 'time':
      return castTime(input);
    case 'datetime':
      return castDateTime(input);
    case 'json':
      return JSON.stringify(input);
  }
}

export function castBoolean(input: unknown): boolean {
  if (typeof input === 'boolean') return input;
  if (typeof input === 'number' && (input === 0 || input === 1)) return input === 1;
  if (typeof input === 'string') {
    const lower = input.toLowerCase();
    if (TRUE_FORMS.has(lower)) return true;
    if (FALSE_FORMS.has(lower)) return false;
  }
  throw new CastError('must be a boolean (true, false, 1, 0, t or f)');
}

function readNumber(input: unknown): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new CastError('must be a finite number');
    return input;
  }
  if (typeof input === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(input)) {
    return Number(input);
  }
  throw new CastError('must be a number');
}

function castBigInteger(input: unknown): string {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) throw new CastError('must be an integer; send large values as a string');
    text = String(input);
  } else if (typeof input === 'string' && /^-?\d+$/.test(input.trim())) {
    text = input.trim();
  } else {
    throw new CastError('must be an integer (as a string or a number)');
  }
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) throw new CastError('must fit in a signed 64-bit integer');
  return value.toString();
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** `YYYY-MM-DD`, or a full datetime of which the UTC date is kept. */
export function castDate(input: unknown): string {
  if (typeof input !== 'string') throw new CastError('must be a date (YYYY-MM-DD)');
  const match = DATE.exec(input);
  if (match) {
    if (!isRealDate(Number(match[1]), Number(match[2]), Number(match[3]))) throw new CastError('is not a real date');
    return input;
  }
  if (DATETIME.test(input)) return castDateTime(input).slice(0, 10);
  throw new CastError('must be a date (YYYY-MM-DD)');
}

/** `HH:mm`, `HH:mm:ss` or `HH:mm:ss.SSS`, stored as `HH:mm:ss.SSS`. */
export function castTime(input: unknown): string {
  if (typeof input !== 'string') throw new CastError('must be a time (HH:mm:ss.SSS)');
  const match = TIME.exec(input);
  if (!match) throw new CastError('must be a time (HH:mm, HH:mm:ss or HH:mm:ss.SSS)');
  const [, hours, minutes, seconds = '00', millis = '0'] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) throw new CastError('is not a real time of day');
  return `${hours}:${minutes}:${seconds}.${millis.padEnd(3, '0')}`;
}

/** ISO 8601; no zone, or a bare date, means UTC. Stored as `YYYY-MM-DDTHH:mm:ss.SSSZ`. */
export function castDateTime(input: unknown): string {
  if (typeof input !== 'string') throw new CastError('must be an ISO 8601 datetime');
  const bareDate = DATE.exec(input);
  const match = bareDate ? null : DATETIME.exec(input);
  if (!bareDate && !match) throw new CastError('must be an ISO 8601 datetime');
  const parts = (bareDate ?? match)!;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (!isRealDate(year, month, day)) throw new CastError('is not a real date');
  if (match) {
    const hours = Number(match[4]);
    const minutes = Number(match[5]);
    const seconds = Number(match[6] ?? '0');
    if (hours > 23 || minutes > 59 || seconds > 59) throw new CastError('is not a real time of day');
  }
  const zone = match?.[8];
  const iso = bareDate ? `${input}T00:00:00Z` : zone ? input.replace(' ', 'T') : `${input.replace(' ', 'T')}Z`;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new CastError('must be an ISO 8601 datetime');
  return new Date(time).toISOString();
}

import type { Dialect } from '../db/connect.js';
import { PaginationError, ValidationError } from '../errors.js';
import { decodeCursor } from './cursor.js';
import { isPlainObject } from './is-plain-object.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PaginationRequest, type SortKey } from './types.js';

const KEYS = new Set(['page', 'pageSize', 'start', 'limit', 'withCount', 'after']);

/**
 * `pagination[...]` (DESIGN §4, §10). Stricter than Strapi, which clamps bad
 * values silently: every malformed number is a 400 PaginationError. The sort
 * is needed to check that an `after` cursor was made under the same sort.
 */
export function parsePagination(raw: unknown, sort: readonly SortKey[], dialect: Dialect): PaginationRequest {
  if (raw === undefined) return { mode: 'page', page: 1, pageSize: DEFAULT_PAGE_SIZE, withCount: true };
  if (!isPlainObject(raw)) throw ValidationError.at(['pagination'], 'pagination must be an object, e.g. pagination[page]=1');
  for (const key of Object.keys(raw)) {
    if (!KEYS.has(key)) {
      throw ValidationError.at(['pagination', key], `Invalid key ${key} at pagination.${key}; allowed: ${[...KEYS].join(', ')}`);
    }
  }
  const { page, pageSize, start, limit, withCount, after } = raw;
  const count = withCount === undefined ? true : readBoolean(withCount);
  const pageMode = page !== undefined || pageSize !== undefined;
  const offsetMode = start !== undefined || limit !== undefined;

  if (after !== undefined) {
    if (page !== undefined || start !== undefined) {
      throw new PaginationError('pagination.after cannot be combined with page or start');
    }
    if (pageSize !== undefined && limit !== undefined) {
      throw new PaginationError('pagination: give either limit or pageSize with after, not both');
    }
    const size = limit !== undefined ? readLimit(limit) : pageSize !== undefined ? readPositive('pageSize', pageSize) : DEFAULT_PAGE_SIZE;
    return { mode: 'keyset', after: decodeCursor(after, sort, dialect), limit: Math.min(size, MAX_PAGE_SIZE) };
  }
  if (pageMode && offsetMode) {
    throw new PaginationError('pagination: page/pageSize and start/limit cannot be mixed; use one mode');
  }
  if (offsetMode) {
    const offset = start === undefined ? 0 : readInteger('start', start, 0);
    const size = limit === undefined ? DEFAULT_PAGE_SIZE : readLimit(limit);
    return { mode: 'offset', start: offset, limit: Math.min(size, MAX_PAGE_SIZE), withCount: count };
  }
  const pageNumber = page === undefined ? 1 : readPositive('page', page);
  const size = Math.min(pageSize === undefined ? DEFAULT_PAGE_SIZE : readPositive('pageSize', pageSize), MAX_PAGE_SIZE);
  if (!Number.isSafeInteger((pageNumber - 1) * size)) throw new PaginationError('pagination.page is too large');
  return { mode: 'page', page: pageNumber, pageSize: size, withCount: count };
}

function readInteger(name: string, value: unknown, min: number): number {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) number = Number(value);
  else throw new PaginationError(`pagination.${name} must be an integer, got ${describe(value)}`);
  if (!Number.isSafeInteger(number)) throw new PaginationError(`pagination.${name} must be an integer, got ${describe(value)}`);
  if (number < min) throw new PaginationError(`pagination.${name} must be ${min === 0 ? 'zero or more' : `at least ${min}`}, got ${describe(value)}`);
  return number;
}

function readPositive(name: string, value: unknown): number {
  return readInteger(name, value, 1);
}

/** `limit=-1` means "as many as allowed", i.e. the cap (DESIGN §10). */
function readLimit(value: unknown): number {
  if (value === -1 || value === '-1') return MAX_PAGE_SIZE;
  return readInteger('limit', value, 1);
}

function readBoolean(value: unknown): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new PaginationError(`pagination.withCount must be true or false, got ${describe(value)}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : String(value);
}

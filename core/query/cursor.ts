import { createHash } from 'node:crypto';
import type { ScalarAttribute } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { PaginationError } from '../errors.js';
import { CastError, castValue, type StorageValue } from '../values/cast-value.js';
import type { Cursor, SortKey } from './types.js';

/**
 * Keyset cursors are opaque to clients: base64url JSON of the last row's sort
 * values and id, plus a hash of the sort they were made under, so a cursor
 * reused under another sort is refused instead of silently skipping rows.
 */
export function sortSignature(sort: readonly SortKey[]): string {
  let text = '';
  for (const key of sort) {
    for (const step of key.through) text += `${step.attribute.name}.`;
    text += `${key.attribute.name}:${key.direction},`;
  }
  return createHash('sha1').update(text).digest('base64url').slice(0, 12);
}

export function encodeCursor(signature: string, values: readonly unknown[], id: number): string {
  const stored = values.map(toJsonValue);
  return Buffer.from(JSON.stringify({ s: signature, v: stored, i: id })).toString('base64url');
}

/** Throws PaginationError for anything but a cursor made under this sort. */
export function decodeCursor(text: unknown, sort: readonly SortKey[], dialect: Dialect): Cursor {
  if (typeof text !== 'string' || text === '' || !/^[A-Za-z0-9_-]+$/.test(text)) throw malformed();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw malformed();
  const { s, v, i } = decoded as Record<string, unknown>;
  if (typeof s !== 'string' || !Array.isArray(v) || typeof i !== 'number' || !Number.isSafeInteger(i)) throw malformed();
  if (i < 1 || !v.every(isStorageValue)) throw malformed();
  if (s !== sortSignature(sort) || v.length !== sort.length) {
    throw new PaginationError('pagination.after: this cursor was made for a different sort; start again without "after"');
  }
  return { values: v.map((value, index) => checkValue(sort[index]!.attribute, value, dialect)), id: i };
}

/**
 * Cursors come back from clients, so each value must be one the sort field
 * could hold: a forged one would otherwise reach PostgreSQL as a type error
 * (a 500). Decimals keep their text, which carries more digits than a double.
 */
function checkValue(attribute: ScalarAttribute, value: StorageValue, dialect: Dialect): StorageValue {
  if (value === null) return null;
  if (typeof value === 'string' && value.includes('\u0000')) throw malformed();
  try {
    const cast = castValue(attribute, value, dialect);
    return attribute.type === 'decimal' && typeof value === 'string' ? value : cast;
  } catch (error) {
    if (error instanceof CastError) throw malformed();
    throw error;
  }
}

function isStorageValue(value: unknown): value is StorageValue {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Database values as they can be bound again: pg gives Dates for timestamptz. */
function toJsonValue(value: unknown): StorageValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

function malformed(): PaginationError {
  return new PaginationError('pagination.after: malformed cursor; use the "next" value of a previous response');
}

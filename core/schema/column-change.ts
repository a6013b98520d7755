import type { Assessment } from './operations.js';
import type { ColumnSpec, ColumnType } from './snapshot.js';

/** How a column's values move from one type to another. */
export type Conversion = 'same' | 'widen' | 'narrow' | 'unsupported';

const NUMERIC: ReadonlySet<ColumnType> = new Set(['integer', 'bigInteger', 'double', 'decimal']);

/**
 * Numeric changes that keep every value exactly. integer is 32-bit, so a
 * double holds it; decimal is PostgreSQL's unconstrained numeric, which holds
 * any integer or double. Every other numeric change is a narrowing.
 */
const NUMERIC_WIDENS: Record<string, ReadonlySet<ColumnType>> = {
  integer: new Set(['bigInteger', 'double', 'decimal']),
  bigInteger: new Set(['decimal']),
  double: new Set(['decimal']),
};

export function conversionOf(from: ColumnSpec, to: ColumnSpec): Conversion {
  if (from.type === to.type) {
    if (from.type !== 'string' || (from.length ?? 255) === (to.length ?? 255)) return 'same';
    return (to.length ?? 255) > (from.length ?? 255) ? 'widen' : 'narrow';
  }
  if (from.type === 'string' && to.type === 'text') return 'widen';
  if (from.type === 'text' && to.type === 'string') return 'narrow';
  if (NUMERIC.has(from.type) && NUMERIC.has(to.type)) {
    return NUMERIC_WIDENS[from.type]?.has(to.type) ? 'widen' : 'narrow';
  }
  return 'unsupported';
}

/** The database column itself changes; otherwise only the content model's rules do. */
export function isPhysicalChange(from: ColumnSpec, to: ColumnSpec): boolean {
  return conversionOf(from, to) !== 'same' || from.nullable !== to.nullable || from.default !== to.default
    || from.autoincrement !== to.autoincrement
    || JSON.stringify(from.references ?? null) !== JSON.stringify(to.references ?? null);
}

/** Enumeration values that `to` no longer allows. Going from an enumeration to a plain string removes none. */
export function removedEnumValues(from: ColumnSpec, to: ColumnSpec): string[] | undefined {
  if (!to.enum) return undefined;
  if (!from.enum) return []; // a plain string becomes an enumeration: every value must be allowed
  const kept = new Set(to.enum);
  return from.enum.filter((value) => !kept.has(value));
}

export function classifyColumnChange(from: ColumnSpec, to: ColumnSpec): Assessment {
  const conversion = conversionOf(from, to);
  if (conversion === 'unsupported') {
    return {
      safety: 'unsupported',
      checks: [],
      reason: `Larder cannot convert ${from.type} to ${to.type} values by itself. ` +
        'Add the new field beside the old one, copy the values in a data migration (migrations/<stamp>_<name>.js exporting up(knex)), then drop the old field',
    };
  }
  const checks: string[] = [];
  if (conversion === 'narrow') checks.push(`every value fits ${to.type}${to.length ? `(${to.length})` : ''}`);
  if (from.nullable && !to.nullable) checks.push(to.default !== undefined ? 'no NULLs (backfilled with the default)' : 'no NULLs');
  if (!from.required && to.required) {
    checks.push(to.default !== undefined ? 'every entry has a value (empty ones get the default)' : 'every entry has a value');
  }
  const removed = removedEnumValues(from, to);
  if (removed && (removed.length > 0 || !from.enum)) {
    checks.push(from.enum ? `no entry holds ${removed.map((value) => JSON.stringify(value)).join(', ')}` : 'every value is one of the enumeration');
  }
  return { safety: conversion === 'narrow' ? 'destructive' : 'safe', checks };
}

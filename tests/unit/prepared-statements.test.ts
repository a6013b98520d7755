import { describe, expect, it } from 'vitest';
import { preparedName } from '../../core/db/prepared-statements.js';

describe('preparedName', () => {
  it('names a repeated text the same way, distinct texts apart, and stops naming at the cap', () => {
    const first = preparedName('SELECT 1 WHERE "a" = $1');
    expect(first).toMatch(/^larder_[0-9a-f]{20}$/);
    expect(preparedName('SELECT 1 WHERE "a" = $1')).toBe(first);
    expect(preparedName('SELECT 2')).not.toBe(first);
    const names = new Set<string | undefined>();
    for (let index = 0; index < 600; index++) names.add(preparedName(`SELECT ${index} AS "n"`));
    // 500 names in all (two taken above), then unnamed: a connection never holds more.
    expect(names.has(undefined)).toBe(true);
    expect([...names].filter(Boolean)).toHaveLength(498);
    expect(preparedName('SELECT 1 WHERE "a" = $1')).toBe(first);
  });
});

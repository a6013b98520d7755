import { describe, expect, it } from 'vitest';
import { createStatementNames } from '../../core/db/prepared-statements.js';

describe('createStatementNames', () => {
  it('names a repeated text the same way, distinct texts apart, and stops naming at the cap', () => {
    const preparedName = createStatementNames();
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

  it('counts the cap per pool: a full pool leaves another one its own 500 names', () => {
    const full = createStatementNames();
    for (let index = 0; index < 500; index++) full(`SELECT ${index} AS "n"`);
    expect(full('SELECT 1 WHERE "b" = $1')).toBeUndefined();
    const other = createStatementNames();
    expect(other('SELECT 1 WHERE "b" = $1')).toMatch(/^larder_[0-9a-f]{20}$/);
    // Names come from the text alone, so every pool gives a text the same name.
    expect(other('SELECT 0 AS "n"')).toBe(full('SELECT 0 AS "n"'));
  });
});

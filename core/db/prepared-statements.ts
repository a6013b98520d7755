import { createHash } from 'node:crypto';

/**
 * PostgreSQL parses and plans an unnamed statement on every run; a named one
 * is parsed once per connection and its plan reused (for a get-one, planning
 * cost more than executing). knex hands `.options({ name })` to pg.
 *
 * Each name lives on every pooled connection until it closes, and nothing
 * evicts it, so only statement texts that repeat should get one: the query
 * compiler's SELECTs bind their values, so their texts are few (one per
 * query shape); populate inlines ids and must not ask. The first
 * MAX_NAMED texts seen get names; later ones run unnamed, as before.
 */
const MAX_NAMED = 500;

/** The prepared-statement name for a statement text, or undefined once the pool's cap is reached. */
export type StatementNames = (sql: string) => string | undefined;

/** Names for one connection pool: its connections are where the names live, so the cap is the pool's. */
export function createStatementNames(): StatementNames {
  const names = new Map<string, string>();
  return (sql) => {
    let name = names.get(sql);
    if (name === undefined && names.size < MAX_NAMED) {
      name = `larder_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      names.set(sql, name);
    }
    return name;
  };
}

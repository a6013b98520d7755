/**
 * knex's better-sqlite3 dialect prepares every statement anew
 * (knex/lib/dialects/better-sqlite3/index.js, `_query`), which costs about a
 * sixth of a simple read's CPU. Larder's query compiler emits the same SQL
 * text for the same query shape, so the connection keeps its prepared
 * statements, bounded, oldest out first. SQLite re-prepares a cached statement
 * by itself if the schema changes under it (sqlite.org/c3ref/prepare.html).
 */
const MAX_STATEMENTS = 500;

interface PreparingConnection {
  prepare(sql: string): unknown;
}

export function cachePreparedStatements(connection: PreparingConnection): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = prepare(sql);
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value!);
      statements.set(sql, statement);
    }
    return statement;
  };
}

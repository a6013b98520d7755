import Database from 'better-sqlite3';
import { relationSql, SQL, type FloorDb, type Row } from './floor-sql.js';

/**
 * The floor on better-sqlite3, the driver Larder uses through knex: prepared
 * once, run synchronously, the same pragmas as core/db/connect.ts.
 */
export function openSqliteFloor(filename: string): FloorDb {
  const db = new Database(filename);
  for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'foreign_keys = ON', 'busy_timeout = 5000']) db.pragma(pragma);

  const statements = {
    getOne: db.prepare(SQL.getOne),
    listByViews: db.prepare(SQL.listByViews),
    countByViews: db.prepare(SQL.countByViews),
    listById: db.prepare(SQL.listById),
    countAll: db.prepare(SQL.countAll),
    listAfter: db.prepare(SQL.listAfter),
    insert: db.prepare(SQL.insert),
    updateViews: db.prepare(SQL.updateViews),
  };
  // IN lists differ in length per page size; one prepared statement per length.
  const relationStatements = new Map<string, Database.Statement>();
  const relation = (name: 'category' | 'tags', ids: readonly number[]): Row[] => {
    const key = `${name}:${ids.length}`;
    let statement = relationStatements.get(key);
    if (!statement) {
      statement = db.prepare(relationSql(name, `IN (${ids.map(() => '?').join(', ')})`));
      relationStatements.set(key, statement);
    }
    return statement.all(...ids) as Row[];
  };

  const create = db.transaction((values: Parameters<FloorDb['create']>[0]) => {
    statements.insert.run(values.documentId, values.title, values.body, values.views,
      values.published === null ? null : values.published ? 1 : 0, values.now, values.now);
    return statements.getOne.get(values.documentId) as Row;
  });
  const updateViews = db.transaction((documentId: string, views: number) => {
    const updated = statements.updateViews.get(views, new Date().toISOString(), documentId) as { id: number } | undefined;
    return updated ? (statements.getOne.get(documentId) as Row) : undefined;
  });
  const count = (row: unknown) => Number((row as { count: number }).count);

  return {
    getOne: async (documentId) => statements.getOne.get(documentId) as Row | undefined,
    listByViews: async (viewsGt, limit, offset) => statements.listByViews.all(viewsGt, limit, offset) as Row[],
    countByViews: async (viewsGt) => count(statements.countByViews.get(viewsGt)),
    listById: async (limit, offset) => statements.listById.all(limit, offset) as Row[],
    countAll: async () => count(statements.countAll.get()),
    listAfter: async (id, limit) => statements.listAfter.all(id, limit) as Row[],
    categoriesOf: async (ids) => relation('category', ids),
    tagsOf: async (ids) => relation('tags', ids),
    create: async (values) => create(values),
    updateViews: async (documentId, views) => updateViews(documentId, views),
  };
}

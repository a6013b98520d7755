import pg from 'pg';
import { numberPlaceholders, relationSql, SQL, type FloorDb, type Row } from './floor-sql.js';

/**
 * The floor on `pg` directly: a pool as large as Larder's (10), named
 * prepared statements, and reads of one page issued concurrently the way
 * Larder issues its row and count queries.
 */
export function openPgFloor(connectionString: string): FloorDb {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const named = (name: string, text: string) => ({ name, text: numberPlaceholders(text) });
  const q = {
    getOne: named('get_one', SQL.getOne),
    listByViews: named('list_by_views', SQL.listByViews),
    countByViews: named('count_by_views', SQL.countByViews),
    listById: named('list_by_id', SQL.listById),
    countAll: named('count_all', SQL.countAll),
    listAfter: named('list_after', SQL.listAfter),
    insert: named('insert', `${SQL.insert} RETURNING "id"`),
    updateViews: named('update_views', SQL.updateViews),
    // One statement for any page size: an array operand instead of an IN list.
    category: named('populate_category', relationSql('category', '= ANY(?::int[])')),
    tags: named('populate_tags', relationSql('tags', '= ANY(?::int[])')),
  };
  const rows = async (query: { name: string; text: string }, values: unknown[]): Promise<Row[]> =>
    (await pool.query({ ...query, values })).rows as Row[];
  const count = async (query: { name: string; text: string }, values: unknown[]) => Number((await rows(query, values))[0]?.count ?? 0);

  /** BEGIN … COMMIT on one pooled client, as knex.transaction does. */
  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  return {
    getOne: async (documentId) => (await rows(q.getOne, [documentId]))[0],
    listByViews: (viewsGt, limit, offset) => rows(q.listByViews, [viewsGt, limit, offset]),
    countByViews: (viewsGt) => count(q.countByViews, [viewsGt]),
    listById: (limit, offset) => rows(q.listById, [limit, offset]),
    countAll: () => count(q.countAll, []),
    listAfter: (id, limit) => rows(q.listAfter, [id, limit]),
    categoriesOf: (ids) => rows(q.category, [ids]),
    tagsOf: (ids) => rows(q.tags, [ids]),
    create: (values) => inTransaction(async (client) => {
      await client.query({ ...q.insert, values: [values.documentId, values.title, values.body, values.views, values.published, values.now, values.now] });
      return (await client.query({ ...q.getOne, values: [values.documentId] })).rows[0] as Row;
    }),
    updateViews: (documentId, views) => inTransaction(async (client) => {
      const updated = (await client.query({ ...q.updateViews, values: [views, new Date().toISOString(), documentId] })).rows[0];
      return updated ? ((await client.query({ ...q.getOne, values: [documentId] })).rows[0] as Row) : undefined;
    }),
  };
}

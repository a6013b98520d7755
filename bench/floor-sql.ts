/**
 * The SQL the floor server runs: the statements Larder's query compiler
 * emits for the bench scenarios (see core/query/find.ts and populate.ts),
 * written by hand once. `?` placeholders; the PostgreSQL floor numbers them.
 */
import { TABLES } from './seed.js';

export type Row = Record<string, unknown>;

/** What each scenario needs from the database; one implementation per driver. */
export interface FloorDb {
  getOne(documentId: string): Promise<Row | undefined>;
  /** `filters[views][$gt]` + `sort=createdAt:desc` (+ the id tie-break), one row more than the page. */
  listByViews(viewsGt: number, limit: number, offset: number): Promise<Row[]>;
  countByViews(viewsGt: number): Promise<number>;
  /** Default order (id), offset pagination. */
  listById(limit: number, offset: number): Promise<Row[]>;
  countAll(): Promise<number>;
  /** Keyset: rows after the cursor's id. */
  listAfter(id: number, limit: number): Promise<Row[]>;
  /** Batched populate: one query per relation for the whole page (rows carry `__source`). */
  categoriesOf(articleIds: readonly number[]): Promise<Row[]>;
  tagsOf(articleIds: readonly number[]): Promise<Row[]>;
  create(values: ArticleValues): Promise<Row>;
  /** undefined when no such document. */
  updateViews(documentId: string, views: number): Promise<Row | undefined>;
}

export interface ArticleValues {
  documentId: string;
  title: string | null;
  body: string | null;
  views: number | null;
  published: boolean | null;
  now: string;
}

const A = `"${TABLES.articles}"`;
export const ARTICLE_COLUMNS = 't0."id", t0."document_id", t0."title", t0."body", t0."views", t0."published", t0."created_at", t0."updated_at"';
const RELATED_COLUMNS = 't0."id", t0."document_id", t0."name", t0."created_at", t0."updated_at"';

export const SQL = {
  getOne: `SELECT ${ARTICLE_COLUMNS} FROM ${A} t0 WHERE t0."document_id" = ? ORDER BY t0."id" ASC LIMIT 1`,
  listByViews: `SELECT ${ARTICLE_COLUMNS} FROM ${A} t0 WHERE t0."views" > ? ORDER BY t0."created_at" DESC, t0."id" ASC LIMIT ? OFFSET ?`,
  countByViews: `SELECT COUNT(*) AS "count" FROM ${A} t0 WHERE t0."views" > ?`,
  listById: `SELECT ${ARTICLE_COLUMNS} FROM ${A} t0 ORDER BY t0."id" ASC LIMIT ? OFFSET ?`,
  countAll: `SELECT COUNT(*) AS "count" FROM ${A} t0`,
  listAfter: `SELECT ${ARTICLE_COLUMNS} FROM ${A} t0 WHERE t0."id" > ? ORDER BY t0."id" ASC LIMIT ?`,
  insert: `INSERT INTO ${A} ("document_id", "title", "body", "views", "published", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  // Write first, as Larder's content service does: on SQLite the transaction takes the write lock at once.
  updateViews: `UPDATE ${A} SET "views" = ?, "updated_at" = ? WHERE "document_id" = ? RETURNING "id"`,
};

/** The populate query for one relation, `ids` being the IN list (placeholders or an array operand). */
export function relationSql(relation: 'category' | 'tags', ids: string): string {
  const link = relation === 'category' ? TABLES.articleCategory : TABLES.articleTags;
  const target = relation === 'category' ? TABLES.categories : TABLES.tags;
  return `SELECT l0."${link.source}" AS "__source", ${RELATED_COLUMNS} FROM "${link.table}" l0 `
    + `JOIN "${target}" t0 ON t0."id" = l0."${link.target}" WHERE l0."${link.source}" ${ids} ORDER BY l0."id" ASC`;
}

/** `?, ?, …` → `$1, $2, …` for pg. */
export function numberPlaceholders(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

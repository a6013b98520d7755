import type { Knex } from 'knex';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import type { StatementNames } from '../db/prepared-statements.js';
import type { QueryTimer } from '../db/query-timing.js';
import { compileSort, keysetCondition, orderByClause, type CompiledSortKey } from './compile-sort.js';
import { encodeCursor, sortSignature } from './cursor.js';
import { populate } from './populate.js';
import { quoteIdentifier } from './quote-identifier.js';
import { runSelect, type Row } from './run-select.js';
import { formatRow, selectColumns } from './select-columns.js';
import { bind, createSqlScope, type SqlScope } from './sql-scope.js';
import { whereConditions } from './where-conditions.js';
import { DEFAULT_PAGE_SIZE, type ParsedQuery, type ReadPolicy } from './types.js';

export interface QueryContext {
  knex: Knex | Knex.Transaction;
  dialect: Dialect;
  registry: ContentTypeRegistry;
  policy: ReadPolicy;
  /** The request's database clock (Server-Timing). */
  timer?: QueryTimer;
  /** PostgreSQL's prepared-statement names (Database.statementNames). */
  statementNames?: StatementNames;
}

/** An entry in API form: { id, documentId, ...readable scalar fields (formatValue), createdAt, updatedAt, publishedAt (D&P types only), ...populated relations }. */
export type Entry = Record<string, unknown> & { id: number; documentId: string };

/**
 * `meta.pagination`. With `withCount=false` the page and offset forms leave
 * out `total` (and `pageCount`): the last two members say so.
 */
export type PaginationMeta =
  | { page: number; pageSize: number; pageCount: number; total: number; next?: string | null }
  | { start: number; limit: number; total: number; next?: string | null }
  | { limit: number; next: string | null }
  | { page: number; pageSize: number; next?: string | null }
  | { start: number; limit: number; next?: string | null };

const ROOT = 't0';

/** An empty query (defaults) for the type, for reading an entry back after a write. */
export function defaultQuery(): ParsedQuery {
  return { sort: [], pagination: { mode: 'page', page: 1, pageSize: DEFAULT_PAGE_SIZE, withCount: true }, populate: [], status: 'published' };
}

export async function findMany(ctx: QueryContext, type: ContentType, query: ParsedQuery): Promise<{ data: Entry[]; pagination: PaginationMeta }> {
  const { pagination } = query;
  const scope = createSqlScope(ctx.dialect, query.status, ctx.registry, ctx.policy);
  const keys = compileSort(scope, query.sort, ROOT);
  const conditions = whereConditions(scope, type, query, ROOT, ctx.policy);
  const countBindings = scope.bindings.slice();
  const countSql = `SELECT COUNT(*) AS "count" FROM ${quoteIdentifier(scope.tables.content(type))} ${ROOT}${where(conditions)}`;
  if (pagination.mode === 'keyset') conditions.push(keysetCondition(scope, keys, pagination.after));

  const limit = pagination.mode === 'page' ? pagination.pageSize : pagination.limit;
  const offset = pagination.mode === 'page' ? (pagination.page - 1) * pagination.pageSize : pagination.mode === 'offset' ? pagination.start : 0;
  const { sql, projection } = selectSql(ctx, scope, type, query, conditions, keys);
  // One row more than the page tells whether a next page exists, without a count.
  // Bound, not inlined: every page of a query shape is then one statement text.
  const rowsSql = `${sql} LIMIT ${bind(scope, limit + 1)}${offset > 0 ? ` OFFSET ${bind(scope, offset)}` : ''}`;
  const withCount = pagination.mode !== 'keyset' && pagination.withCount;
  const [rows, total] = await Promise.all([
    runSelect(ctx.knex, rowsSql, scope.bindings, ctx.timer, prepareOn(ctx, scope)),
    withCount ? runSelect(ctx.knex, countSql, countBindings, ctx.timer, prepareOn(ctx, scope)).then((result) => Number(result[0]?.count ?? 0)) : undefined,
  ]);

  const hasMore = rows.length > limit;
  if (hasMore) rows.length = limit;
  const next = hasMore ? nextCursor(query, rows[rows.length - 1]!) : null;
  const data = rows.map((row) => formatRow(projection, row) as Entry);
  await populate(ctx, query.status, data, query.populate);

  let meta: PaginationMeta;
  if (pagination.mode === 'keyset') meta = { limit, next };
  else if (pagination.mode === 'offset') meta = total === undefined ? { start: offset, limit, next } : { start: offset, limit, total, next };
  else if (total === undefined) meta = { page: pagination.page, pageSize: limit, next };
  else meta = { page: pagination.page, pageSize: limit, pageCount: Math.ceil(total / limit), total, next };
  return { data, pagination: meta };
}

/** One entry by documentId, honouring fields/populate/status/filters of the query; null if absent or filtered out. */
export async function findOne(ctx: QueryContext, type: ContentType, documentId: string, query: ParsedQuery): Promise<Entry | null> {
  const scope = createSqlScope(ctx.dialect, query.status, ctx.registry, ctx.policy);
  const keys = compileSort(scope, [], ROOT);
  const conditions = [`${ROOT}."document_id" = ${bind(scope, documentId)}`, ...whereConditions(scope, type, query, ROOT, ctx.policy)];
  return readFirst(ctx, scope, type, query, conditions, keys);
}

/** The first entry (single types). */
export async function findFirst(ctx: QueryContext, type: ContentType, query: ParsedQuery): Promise<Entry | null> {
  const scope = createSqlScope(ctx.dialect, query.status, ctx.registry, ctx.policy);
  const keys = compileSort(scope, query.sort, ROOT);
  const conditions = whereConditions(scope, type, query, ROOT, ctx.policy);
  return readFirst(ctx, scope, type, query, conditions, keys);
}

async function readFirst(
  ctx: QueryContext, scope: SqlScope, type: ContentType, query: ParsedQuery, conditions: string[], keys: CompiledSortKey[],
): Promise<Entry | null> {
  const { sql, projection } = selectSql(ctx, scope, type, query, conditions, keys);
  const rows = await runSelect(ctx.knex, `${sql} LIMIT 1`, scope.bindings, ctx.timer, prepareOn(ctx, scope));
  if (rows.length === 0) return null;
  const entry = formatRow(projection, rows[0]!) as Entry;
  await populate(ctx, query.status, [entry], query.populate);
  return entry;
}

function selectSql(ctx: QueryContext, scope: SqlScope, type: ContentType, query: ParsedQuery, conditions: string[], keys: CompiledSortKey[]) {
  const projection = selectColumns(type, ctx.dialect, ctx.policy, query.fields);
  let columns = projection.columns(ROOT);
  // The requested sort values ride along for the next cursor (the id tie-break is in every row already).
  for (let index = 0; index < query.sort.length; index++) {
    const key = keys[index]!;
    const value = ctx.dialect === 'sqlite' && key.attribute.type === 'biginteger' ? `CAST(${key.expression} AS TEXT)` : key.expression;
    columns += `, ${value} AS "__k${index}"`;
  }
  const sql = `SELECT ${columns} FROM ${quoteIdentifier(scope.tables.content(type))} ${ROOT}${where(conditions)} ORDER BY ${orderByClause(scope, keys)}`;
  return { sql, projection };
}

/** Compiled SELECTs bind their values, so their texts repeat: named on PostgreSQL, unless an IN list shaped the text. */
function prepareOn(ctx: QueryContext, scope: SqlScope): StatementNames | undefined {
  return scope.varyingText ? undefined : ctx.statementNames;
}

function where(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

function nextCursor(query: ParsedQuery, row: Row): string {
  const values: unknown[] = [];
  for (let index = 0; index < query.sort.length; index++) values.push(row[`__k${index}`]);
  return encodeCursor(sortSignature(query.sort), values, Number(row.id));
}

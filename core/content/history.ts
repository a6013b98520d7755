import type { Knex } from 'knex';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Database } from '../db/connect.js';
import type { DirectBinding } from '../db/direct-statement.js';
import { quoteIdentifier as q } from '../query/quote-identifier.js';
import { HISTORY_VERSION_INDEX, SYSTEM_TABLE } from '../schema/system-tables.js';
import { formatDateTime } from '../values/format-value.js';
import { snapshotExpression, versionData } from './history-snapshot.js';

export type HistoryAction = 'create' | 'update' | 'publish' | 'unpublish' | 'delete' | 'restore';

export interface HistoryRetention {
  /** Versions kept per document (DESIGN default 100). */
  maxVersions: number;
  /** Versions older than this are pruned, deleted documents' included (default 365). */
  retentionDays: number;
}

/**
 * A version numbered from a snapshot older than the row lock: another version of
 * the document was committed while the write waited. Nothing was written; the
 * write can run again with a separate insert, whose snapshot follows the lock.
 */
export class VersionCollision extends Error {
  constructor() {
    super('A concurrent version of this document was recorded first');
  }
}

export const DEFAULT_HISTORY_RETENTION: HistoryRetention = { maxVersions: 100, retentionDays: 365 };

/** A document's state after one change: scalar fields, relations as documentIds, and when it was published. */
export type VersionData = Record<string, unknown>;

export interface VersionSummary {
  version: number;
  action: HistoryAction;
  createdAt: string;
  /** The user who made the change; null for API tokens and anonymous callers. */
  userId: number | null;
}

export interface Version extends VersionSummary {
  data: VersionData;
}

export interface History {
  /** Records the entry's state (read inside `trx`) as the document's next version. */
  record(trx: Knex.Transaction, type: ContentType, id: number, action: HistoryAction, userId: number | null): Promise<void>;
  /**
   * PostgreSQL: runs `write` (an INSERT or UPDATE of at most one row) and
   * records the row it leaves as a version in the same statement. Returns the
   * row's id, or undefined when nothing matched.
   */
  recordWithWrite(trx: Knex.Transaction, type: ContentType, write: Knex.QueryBuilder, action: HistoryAction, userId: number | null): Promise<number | undefined>;
  list(type: ContentType, documentId: string, page: number, pageSize: number): Promise<{ versions: VersionSummary[]; total: number }>;
  get(type: ContentType, documentId: string, version: number): Promise<Version | undefined>;
  /** The document a type's newest version belongs to (single types whose entry was deleted). */
  lastDocumentId(type: ContentType): Promise<string | undefined>;
}

const table = SYSTEM_TABLE.history;
/** A document's versions at or below a number: those beyond maxVersions. */
const PRUNE_OLDEST = `DELETE FROM ${q(table)} WHERE "content_type" = ? AND "document_id" = ? AND "version" <= ?`;
/** Once caught up, age pruning runs at most this often per process. */
const AGE_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/**
 * Expired versions one write removes at most: a backlog (a first boot after a
 * long pause) drains over the following writes instead of stalling one of them.
 */
const AGE_PRUNE_BATCH = 500;

/**
 * Where the driver has a direct statement path (better-sqlite3), versions are
 * recorded through it rather than through knex's query path.
 */
export function createHistory(db: Database, registry: ContentTypeRegistry, retention: HistoryRetention): History {
  const { knex, dialect, directStatement: direct, statementNames } = db;
  let lastAgePrune = 0;
  /** The record statement per type, built once. */
  const statements = new Map<string, Statement>();
  /** Per type, the version insert reading the row `t` that a write (INSERT or UPDATE … RETURNING) returns. */
  const insertsFromWrite = new Map<string, string>();

  /** The version insert, reading the entry's row as `t` from `source`. */
  function versionInsert(type: ContentType, source: string): string {
    return `INSERT INTO ${q(table)} ("content_type", "document_id", "version", "action", "data", "user_id", "created_at") `
      + `SELECT ?, t."document_id", (SELECT COALESCE(MAX(h."version"), 0) + 1 FROM ${q(table)} h WHERE h."content_type" = ? AND h."document_id" = t."document_id"), `
      + `?, ${snapshotExpression(type, registry, dialect)}, ?, ? FROM ${source} RETURNING "document_id", "version"`;
  }

  function statement(sql: string): Statement {
    // PostgreSQL plans an unnamed statement on every run: for these (a JSON object
    // and a subquery per relation) planning took longer than executing, and doubled
    // what history added to an update. Named, each is planned once per connection
    // (better-sqlite3 caches its own statements).
    const name = statementNames?.(sql);
    return { sql, options: name ? { name } : {} };
  }

  function versionBindings(type: ContentType, action: HistoryAction, userId: number | null): DirectBinding[] {
    return [type.singularName, type.singularName, action, userId, new Date().toISOString()];
  }

  async function prune(trx: Knex.Transaction, type: ContentType, documentId: string, latest: number): Promise<void> {
    if (latest > retention.maxVersions) {
      // Once a document has maxVersions, every write prunes: as cheap a path as the insert's.
      const bindings = [type.singularName, documentId, latest - retention.maxVersions];
      if (direct) await direct(trx, PRUNE_OLDEST, bindings);
      else await trx.raw(PRUNE_OLDEST, bindings);
    }
    if (Date.now() - lastAgePrune > AGE_PRUNE_INTERVAL_MS) await pruneExpired(trx);
  }

  /**
   * Ids grow with time, so the oldest versions are the lowest ids: one batch
   * from the low end of the primary key, expired ones deleted. One prune at a
   * time per process; a full batch means more may be waiting, so the next write prunes again.
   */
  async function pruneExpired(trx: Knex.Transaction): Promise<void> {
    lastAgePrune = Date.now();
    const cutoff = new Date(Date.now() - retention.retentionDays * 86_400_000).toISOString();
    const oldest = trx(table).select('id').orderBy('id').limit(AGE_PRUNE_BATCH);
    const deleted = await trx(table).whereIn('id', oldest).where('created_at', '<', cutoff).delete();
    if (deleted === AGE_PRUNE_BATCH) lastAgePrune = 0;
  }

  return {
    async record(trx, type, id, action, userId) {
      if (!type.history) return;
      let recordStatement = statements.get(type.singularName);
      if (!recordStatement) {
        // One statement: the next version number, the snapshot and the insert. The write
        // already holds the document's row lock, and this statement's snapshot is taken
        // after it, so MAX+1 cannot race; the unique index backs it.
        recordStatement = statement(versionInsert(type, `${q(type.table)} t WHERE t."id" = ?`));
        statements.set(type.singularName, recordStatement);
      }
      const bindings = [...versionBindings(type, action, userId), id];
      const rows = (direct
        ? await direct(trx, recordStatement.sql, bindings)
        : rowsOf(await trx.raw(recordStatement.sql, bindings).options(recordStatement.options))) as Array<{ document_id: string; version: number }>;
      if (rows[0]) await prune(trx, type, rows[0].document_id, Number(rows[0].version));
    },

    async recordWithWrite(trx, type, write, action, userId) {
      const compiled = write.returning('*').toSQL();
      // The version insert reads the written row from the write's RETURNING, so the pair is
      // one round trip. Its MAX(version) and relation subqueries see the statement's snapshot:
      // for an UPDATE that is taken before the row lock was granted, so a concurrent version
      // committed meanwhile makes the insert collide on the unique index, and the caller retries.
      let insert = insertsFromWrite.get(type.singularName);
      if (insert === undefined) insertsFromWrite.set(type.singularName, insert = versionInsert(type, 't'));
      const merged = statement(`WITH t AS (${compiled.sql}), v AS (${insert}) SELECT t."id", v."document_id", v."version" FROM t CROSS JOIN v`);
      let result: { rows: Array<{ id: number; document_id: string; version: number }> };
      try {
        result = await trx.raw(merged.sql, [...compiled.bindings, ...versionBindings(type, action, userId)] as Knex.RawBinding[]).options(merged.options);
      } catch (error) {
        const e = error as { code?: string; constraint?: string };
        if (e.code === '23505' && e.constraint === HISTORY_VERSION_INDEX) throw new VersionCollision();
        throw error;
      }
      const row = result.rows[0];
      if (!row) return undefined;
      await prune(trx, type, row.document_id, Number(row.version));
      return Number(row.id);
    },

    async list(type, documentId, page, pageSize) {
      const where = { content_type: type.singularName, document_id: documentId };
      const [rows, count] = await Promise.all([
        knex(table).where(where).orderBy('version', 'desc').limit(pageSize).offset((page - 1) * pageSize).select('version', 'action', 'user_id', 'created_at'),
        knex(table).where(where).count({ total: '*' }).first(),
      ]);
      return { versions: (rows as VersionRow[]).map(summary), total: Number((count as { total: number | string } | undefined)?.total ?? 0) };
    },

    async lastDocumentId(type) {
      const row = await knex(table).where('content_type', type.singularName).orderBy('id', 'desc').first('document_id') as { document_id: string } | undefined;
      return row?.document_id;
    },

    async get(type, documentId, version) {
      const row = await knex(table).where({ content_type: type.singularName, document_id: documentId, version }).first() as (VersionRow & { data: unknown }) | undefined;
      if (!row) return undefined;
      const raw = typeof row.data === 'string' ? JSON.parse(row.data) as Record<string, unknown> : row.data as Record<string, unknown>;
      return { ...summary(row), data: versionData(type, raw) };
    },
  };
}

/** knex's raw result: the rows on SQLite, a pg result on PostgreSQL. */
function rowsOf(result: unknown): unknown[] {
  return Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
}

interface Statement {
  sql: string;
  options: { name?: string };
}

interface VersionRow {
  version: number;
  action: HistoryAction;
  user_id: number | null;
  created_at: unknown;
}

function summary(row: VersionRow): VersionSummary {
  return { version: Number(row.version), action: row.action, createdAt: formatDateTime(row.created_at)!, userId: row.user_id === null ? null : Number(row.user_id) };
}

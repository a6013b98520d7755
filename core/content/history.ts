import type { Knex } from 'knex';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { preparedName } from '../db/prepared-statements.js';
import { quoteIdentifier as q } from '../query/quote-identifier.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { formatDateTime } from '../values/format-value.js';
import { snapshotExpression, versionData } from './history-snapshot.js';

export type HistoryAction = 'create' | 'update' | 'publish' | 'unpublish' | 'delete' | 'restore';

export interface HistoryRetention {
  /** Versions kept per document (DESIGN default 100). */
  maxVersions: number;
  /** Versions older than this are pruned, deleted documents' included (default 365). */
  retentionDays: number;
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
  list(type: ContentType, documentId: string, page: number, pageSize: number): Promise<{ versions: VersionSummary[]; total: number }>;
  get(type: ContentType, documentId: string, version: number): Promise<Version | undefined>;
  /** The document a type's newest version belongs to (single types whose entry was deleted). */
  lastDocumentId(type: ContentType): Promise<string | undefined>;
}

const table = SYSTEM_TABLE.history;
/** Once caught up, age pruning runs at most this often per process. */
const AGE_PRUNE_INTERVAL_MS = 60 * 60 * 1000;
/**
 * Expired versions one write removes at most: a backlog (a first boot after a
 * long pause) drains over the following writes instead of stalling one of them.
 */
const AGE_PRUNE_BATCH = 500;

export function createHistory(knex: Knex, registry: ContentTypeRegistry, dialect: Dialect, retention: HistoryRetention): History {
  let lastAgePrune = 0;
  /** The record statement per type, built once. */
  const statements = new Map<string, { sql: string; options: { name?: string } }>();

  async function prune(trx: Knex.Transaction, type: ContentType, documentId: string, latest: number): Promise<void> {
    if (latest > retention.maxVersions) {
      await trx(table).where({ content_type: type.singularName, document_id: documentId }).where('version', '<=', latest - retention.maxVersions).delete();
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
      let statement = statements.get(type.singularName);
      if (!statement) {
        // One statement: the next version number, the snapshot and the insert. The write
        // already holds the document's row lock, so MAX+1 cannot race; the unique index backs it.
        const sql = `INSERT INTO ${q(table)} ("content_type", "document_id", "version", "action", "data", "user_id", "created_at") `
          + `SELECT ?, t."document_id", (SELECT COALESCE(MAX(h."version"), 0) + 1 FROM ${q(table)} h WHERE h."content_type" = ? AND h."document_id" = t."document_id"), `
          + `?, ${snapshotExpression(type, registry, dialect)}, ?, ? FROM ${q(type.table)} t WHERE t."id" = ? RETURNING "document_id", "version"`;
        // PostgreSQL plans an unnamed statement on every run: for this one (a JSON
        // object and a subquery per relation) planning took longer than executing,
        // and doubled what history added to an update. Named, it is planned once
        // per connection (better-sqlite3 caches its own statements).
        const name = dialect === 'postgres' ? preparedName(sql) : undefined;
        statement = { sql, options: name ? { name } : {} };
        statements.set(type.singularName, statement);
      }
      const result: unknown = await trx.raw(statement.sql, [type.singularName, type.singularName, action, userId, new Date().toISOString(), id]).options(statement.options);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ document_id: string; version: number }>;
      if (rows[0]) await prune(trx, type, rows[0].document_id, Number(rows[0].version));
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

interface VersionRow {
  version: number;
  action: HistoryAction;
  user_id: number | null;
  created_at: unknown;
}

function summary(row: VersionRow): VersionSummary {
  return { version: Number(row.version), action: row.action, createdAt: formatDateTime(row.created_at)!, userId: row.user_id === null ? null : Number(row.user_id) };
}

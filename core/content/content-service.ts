import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Database } from '../db/connect.js';
import { timed, type QueryTimer } from '../db/query-timing.js';
import { NotFoundError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { Access } from '../permissions/access.js';
import type { Action } from '../permissions/types.js';
import { findFirst, findMany, findOne, type Entry, type PaginationMeta, type QueryContext } from '../query/find.js';
import { parseQuery } from '../query/parse-query.js';
import type { ParsedQuery, ReadPolicy } from '../query/types.js';
import type { Validation } from '../validation/create-validation.js';
import { authorId, createContentWrites } from './content-writes.js';
import type { History, Version, VersionSummary } from './history.js';
import type { Hooks } from './hooks.js';
import type { ReadRequest, WriteRequest } from './requests.js';
import { readableVersion, restorableData } from './versions.js';
import { withinScope } from './within-scope.js';

export type { ReadRequest, WriteRequest, WriteStatus } from './requests.js';

export interface ContentService {
  findMany(type: ContentType, request: ReadRequest): Promise<{ data: Entry[]; pagination: PaginationMeta }>;
  findOne(type: ContentType, documentId: string, request: ReadRequest): Promise<Entry>;
  create(type: ContentType, request: WriteRequest): Promise<Entry>;
  update(type: ContentType, documentId: string, request: WriteRequest): Promise<Entry>;
  delete(type: ContentType, documentId: string, access: Access, timer?: QueryTimer): Promise<void>;
  publish(type: ContentType, documentId: string, request: ReadRequest): Promise<Entry>;
  unpublish(type: ContentType, documentId: string, request: ReadRequest): Promise<Entry>;
  /** Single types: the one entry. */
  findSingle(type: ContentType, request: ReadRequest): Promise<Entry>;
  /** Single types: create or update the one entry. */
  putSingle(type: ContentType, request: WriteRequest): Promise<Entry>;
  deleteSingle(type: ContentType, access: Access, timer?: QueryTimer): Promise<void>;
  /** A document's history, newest first (readHistory). */
  versions(type: ContentType, documentId: string, page: VersionPage, access: Access, timer?: QueryTimer): Promise<{ data: VersionSummary[]; pagination: PaginationMeta }>;
  version(type: ContentType, documentId: string, version: number, access: Access, timer?: QueryTimer): Promise<Version>;
  /** Single types: the document whose history `/versions` shows, the current one or, once deleted, the last recorded. */
  singleDocumentId(type: ContentType, timer?: QueryTimer): Promise<string>;
  /** Writes version `version` back into the draft (or the entry, without draft & publish); counts as an update. */
  restore(type: ContentType, documentId: string, version: number, request: ReadRequest): Promise<Entry>;
}

export interface VersionPage {
  page: number;
  pageSize: number;
}

export interface ContentServiceDeps {
  db: Database;
  registry: ContentTypeRegistry;
  validation: Validation;
  metrics: Metrics;
  log: Logger;
  history: History;
  hooks: Hooks;
}

/**
 * The one place content is read and written: every entry point (REST, CLI,
 * admin) goes through here, so permissions, validation and transactions
 * cannot be skipped. Permission order: the action (401/403) before anything
 * about the input, then fields (403), then rows (404 outside the caller's scope).
 */
export function createContentService({ db, registry, validation, metrics, history, hooks }: ContentServiceDeps): ContentService {
  const { knex, dialect, statementNames } = db;
  const queryContext = (policy: ReadPolicy, timer: QueryTimer | undefined): QueryContext => ({ knex, dialect, registry, policy, timer, statementNames });
  const writes = createContentWrites({ db, registry, validation, history, hooks });

  async function counted<T>(type: ContentType, action: string, work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      metrics.contentOperations.inc({ type: type.singularName, action, outcome: 'success' });
      return result;
    } catch (error) {
      metrics.contentOperations.inc({ type: type.singularName, action, outcome: 'error' });
      throw error;
    }
  }

  /** Parses the query for a read under `action`, confined to the caller's rows. */
  function scopedQuery(type: ContentType, action: Action, request: ReadRequest): { query: ParsedQuery; policy: ReadPolicy } {
    const { access } = request;
    access.require(type, action);
    const policy = access.readPolicy(type, action);
    const query = parseQuery(request.params, type, registry, policy, dialect);
    const scopes = [access.rowFilter(type, action)];
    if (query.status === 'draft') {
      access.require(type, 'readDraft');
      scopes.push(access.rowFilter(type, 'readDraft'));
    }
    for (const rows of scopes) {
      if (rows) query.filters = query.filters ? { kind: 'and', children: [rows, query.filters] } : rows;
    }
    return { query, policy };
  }

  /**
   * History follows the caller's readHistory scope while the document exists;
   * a deleted document's history is open to callers whose readHistory has no
   * conditions (there is no row left to test them on).
   */
  async function assertHistoryReadable(type: ContentType, documentId: string, access: Access, timer: QueryTimer | undefined): Promise<void> {
    access.require(type, 'readHistory');
    const scope = access.rowFilter(type, 'readHistory');
    if (!scope) return;
    const found = await timed(timer, async () => withinScope(knex(type.table).where('document_id', documentId), dialect, registry, type, scope, access).first('id'));
    if (!found) throw new NotFoundError('Not Found');
  }

  async function restoreVersion(type: ContentType, documentId: string, number: number, request: ReadRequest): Promise<Entry> {
    request.access.require(type, 'update');
    const { version, data, exists } = await timed(request.timer, async () => {
      const version = await history.get(type, documentId, number);
      if (!version) throw new NotFoundError('Not Found');
      const data = await restorableData(knex, registry, type, version.data);
      const exists = await knex(type.table).where('document_id', documentId).first('id');
      return { version, data, exists };
    });
    const recreate = async (trx: Knex.Transaction) => {
      // A deleted document comes back under its own id and documentId, so links and bookmarks to it hold.
      const author = authorId(request.access);
      await trx(type.table).insert({
        id: version.data.id, document_id: documentId, created_at: version.data.createdAt ?? new Date().toISOString(),
        updated_at: new Date().toISOString(), created_by_id: author, updated_by_id: author,
      });
    };
    const write: WriteRequest = { ...request, data, ...(type.draftAndPublish ? { status: 'draft' as const } : {}) };
    return writes.update(type, documentId, write, 'restore', exists ? undefined : recreate);
  }

  async function firstDocumentId(type: ContentType): Promise<string | undefined> {
    const row = await knex(type.table).orderBy('id').first('document_id');
    return row?.document_id as string | undefined;
  }

  return {
    findMany: (type, request) => counted(type, 'find', () => {
      const { query, policy } = scopedQuery(type, 'find', request);
      return findMany(queryContext(policy, request.timer), type, query);
    }),

    findOne: (type, documentId, request) => counted(type, 'findOne', async () => {
      const { query, policy } = scopedQuery(type, 'findOne', request);
      const entry = await findOne(queryContext(policy, request.timer), type, documentId, query);
      if (!entry) throw new NotFoundError('Not Found');
      return entry;
    }),

    create: (type, request) => counted(type, 'create', () => writes.insert(type, request)),

    update: (type, documentId, request) => counted(type, 'update', () => writes.update(type, documentId, request)),

    delete: (type, documentId, access, timer) => counted(type, 'delete', () => writes.remove(type, documentId, access, timer)),

    publish: (type, documentId, request) => counted(type, 'publish', () => writes.setPublished(type, documentId, true, request)),

    unpublish: (type, documentId, request) => counted(type, 'unpublish', () => writes.setPublished(type, documentId, false, request)),

    findSingle: (type, request) => counted(type, 'findOne', async () => {
      const { query, policy } = scopedQuery(type, 'find', request);
      const entry = await findFirst(queryContext(policy, request.timer), type, query);
      if (!entry) throw new NotFoundError('Not Found');
      return entry;
    }),

    // A single type's one entry is updated, never "created", from the caller's
    // point of view (Strapi): PUT needs `update` whether the row exists yet or not.
    putSingle: (type, request) => counted(type, 'update', async () => {
      request.access.require(type, 'update');
      const documentId = await timed(request.timer, () => firstDocumentId(type));
      if (documentId !== undefined) return writes.update(type, documentId, request);
      return writes.insert(type, request, 'update');
    }),

    versions: async (type, documentId, { page, pageSize }, access, timer) => {
      await assertHistoryReadable(type, documentId, access, timer);
      const { versions, total } = await timed(timer, () => history.list(type, documentId, page, pageSize));
      return { data: versions, pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } };
    },

    version: async (type, documentId, number, access, timer) => {
      await assertHistoryReadable(type, documentId, access, timer);
      const version = await timed(timer, () => history.get(type, documentId, number));
      if (!version) throw new NotFoundError('Not Found');
      return readableVersion(type, version, access);
    },

    singleDocumentId: async (type, timer) => {
      const documentId = await timed(timer, async () => await firstDocumentId(type) ?? await history.lastDocumentId(type));
      if (documentId === undefined) throw new NotFoundError('Not Found');
      return documentId;
    },

    restore: (type, documentId, number, request) => counted(type, 'restore', () => restoreVersion(type, documentId, number, request)),

    deleteSingle: (type, access, timer) => counted(type, 'delete', async () => {
      access.require(type, 'delete');
      const documentId = await timed(timer, () => firstDocumentId(type));
      if (documentId === undefined) throw new NotFoundError('Not Found');
      await writes.remove(type, documentId, access, timer);
    }),
  };
}

import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { hashPassword } from '../auth/password.js';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Database } from '../db/connect.js';
import { timed, type QueryTimer } from '../db/query-timing.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { Access } from '../permissions/access.js';
import type { Action } from '../permissions/types.js';
import { defaultQuery, findFirst, findMany, findOne, type Entry, type PaginationMeta, type QueryContext } from '../query/find.js';
import { parseQuery } from '../query/parse-query.js';
import { rowScope } from '../query/row-scope.js';
import type { FilterNode, ParsedQuery, ReadPolicy } from '../query/types.js';
import type { Validation } from '../validation/create-validation.js';
import type { EntryWrite } from '../validation/entry-write.js';
import type { StorageValue } from '../values/cast-value.js';
import { newDocumentId } from './document-id.js';
import type { History, HistoryAction, Version, VersionSummary } from './history.js';
import type { HookEvent, Hooks } from './hooks.js';
import { copyDraftToPublished, removePublished } from './publication.js';
import { readableVersion, restorableData } from './versions.js';
import { mapDatabaseError } from './map-database-error.js';
import { writeRelations } from './write-relations.js';

export type WriteStatus = 'draft' | 'published';

/** Internal reads (publish checks) see every field. */
const EVERYTHING: ReadPolicy = { canRead: () => true, canReadType: () => true };

export interface ReadRequest {
  /** The qs-parsed query string: filters, sort, pagination, fields, populate, status, _q. */
  params: Record<string, unknown>;
  access: Access;
  /** The request's database clock, for Server-Timing; absent outside HTTP. */
  timer?: QueryTimer;
}

export interface WriteRequest extends ReadRequest {
  /** The request body's `data`. */
  data: unknown;
  /** `status` from the query: `draft` saves without publishing (draft & publish types only). */
  status?: WriteStatus;
}

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
  const { knex, dialect } = db;
  const queryContext = (policy: ReadPolicy, timer: QueryTimer | undefined, trx?: Knex.Transaction): QueryContext => ({ knex: trx ?? knex, dialect, registry, policy, timer });

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
   * What a write answers with: shaped like a findOne when the caller may do
   * one, and the version the write produced: the published one when it
   * published, else the draft.
   */
  function readBackQuery(type: ContentType, action: Action, request: ReadRequest, published: boolean): { query: ParsedQuery; policy: ReadPolicy } {
    const policy = request.access.readPolicy(type, request.access.can(type, 'findOne') ? 'findOne' : action);
    return { query: { ...parseQuery(request.params, type, registry, policy, dialect), status: published ? 'published' : 'draft' }, policy };
  }

  function checkStatus(type: ContentType, status: WriteStatus | undefined, access: Access): void {
    if (status !== undefined && !type.draftAndPublish) {
      throw ValidationError.at(['status'], `${type.displayName} has no draft & publish: remove "status"`);
    }
    // A save without status=draft publishes (DESIGN §10).
    if (type.draftAndPublish && status !== 'draft') access.require(type, 'publish');
  }

  /** Inside a write's transaction, whose time already counts as database time: no timer. */
  async function readBack(trx: Knex.Transaction, type: ContentType, documentId: string, shape: { query: ParsedQuery; policy: ReadPolicy }): Promise<Entry> {
    const entry = await findOne(queryContext(shape.policy, undefined, trx), type, documentId, shape.query);
    if (!entry) throw new NotFoundError('Not Found');
    return entry;
  }

  async function storageRow(type: ContentType, write: EntryWrite): Promise<Record<string, StorageValue>> {
    const row: Record<string, StorageValue> = { ...write.values };
    for (const attribute of type.attributes.values()) {
      if (attribute.kind === 'scalar' && attribute.type === 'password' && typeof row[attribute.column] === 'string') {
        row[attribute.column] = await hashPassword(row[attribute.column] as string);
      }
    }
    return row;
  }

  /**
   * Runs a write; constraint violations become the contract's errors, judged
   * against what was written. The whole transaction counts as database time:
   * it holds a connection (on SQLite, the write lock) from BEGIN to COMMIT.
   */
  async function inTransaction<T>(
    type: ContentType,
    timer: QueryTimer | undefined,
    work: (trx: Knex.Transaction) => Promise<T>,
    written: Record<string, StorageValue> = {},
    ownRowId?: () => number | undefined,
  ): Promise<T> {
    try {
      return await timed(timer, () => knex.transaction(work));
    } catch (error) {
      throw (await mapDatabaseError(knex, type, error, written, ownRowId?.())) ?? error;
    }
  }

  /** Restricts a statement on `type` to the rows the caller may touch with `filter`. */
  function withinScope(query: Knex.QueryBuilder, type: ContentType, filter: FilterNode | undefined, access: Access): Knex.QueryBuilder {
    if (!filter) return query;
    const scope = rowScope(dialect, registry, type, filter, access.readPolicy(type, 'find'));
    return query.whereRaw(`"id" IN (${scope.sql})`, scope.bindings as Knex.RawBinding[]);
  }

  /**
   * Every write transaction starts with a write: on SQLite that takes the
   * write lock at once, so a concurrent writer in another process waits on
   * busy_timeout instead of failing to upgrade a read lock (SQLITE_BUSY).
   * An entry outside the caller's scope is reported absent (DESIGN §5).
   */
  async function updateByDocumentId(
    trx: Knex.Transaction, type: ContentType, documentId: string, changes: Record<string, StorageValue>, scope: FilterNode | undefined, access: Access,
  ): Promise<number> {
    const rows = await withinScope(trx(type.table).where('document_id', documentId), type, scope, access).update(changes).returning('id');
    const first = rows[0] as { id: number } | undefined;
    if (!first) throw new NotFoundError('Not Found');
    return Number(first.id);
  }

  /** After a write, the entry must still satisfy the caller's conditions: nobody writes an entry out of their own reach. */
  async function assertWithinScope(trx: Knex.Transaction, type: ContentType, id: number, scope: FilterNode | undefined, access: Access): Promise<void> {
    if (!scope) return;
    const found = await withinScope(trx(type.table).where('id', id), type, scope, access).first('id');
    if (!found) throw new ForbiddenError('Forbidden: the entry would fall outside what you may write');
  }

  const authorId = (access: Access): number | null => (access.principal.kind === 'user' ? access.principal.userId : null);

  /**
   * The end of every write: its version in history, the `after…` hooks, and
   * the entry read back for the answer, all inside the transaction. The
   * history insert is issued first and the rest beside it: the database runs
   * the statements back to back on the transaction's connection in the order
   * they were issued (so the version holds the write, not what a hook does
   * next), without a trip through the event loop between them, and the
   * transaction holds its connection (on SQLite, the write lock) that much less.
   */
  async function finishWrite(
    trx: Knex.Transaction, type: ContentType, id: number, documentId: string, access: Access, action: HistoryAction, events: HookEvent[],
    shape: { query: ParsedQuery; policy: ReadPolicy },
  ): Promise<Entry> {
    const [, entry] = await Promise.all([
      history.record(trx, type, id, action, authorId(access)),
      (async () => {
        for (const event of events) await hooks.run(event, { type, documentId, trx, principal: access.principal });
        return readBack(trx, type, documentId, shape);
      })(),
    ]);
    return entry;
  }

  /**
   * Publishing validates the whole draft as a published entry would be
   * (DESIGN §10: drafts skip required, min, minLength and unique), then
   * copies it over the published version.
   */
  async function publishDraft(trx: Knex.Transaction, type: ContentType, id: number, documentId: string): Promise<void> {
    const draft = await readBack(trx, type, documentId, { query: { ...defaultQuery(), status: 'draft' }, policy: EVERYTHING });
    const data: Record<string, unknown> = {};
    for (const attribute of type.attributes.values()) {
      // Passwords are stored hashed and were checked when written; relations are checked on their own writes.
      if (attribute.kind !== 'scalar' || attribute.type === 'password') continue;
      if (draft[attribute.name] !== null && draft[attribute.name] !== undefined) data[attribute.name] = draft[attribute.name];
    }
    validation.validatorsFor(type).create(data, { draft: false });
    await copyDraftToPublished(trx, type, id, new Date().toISOString());
  }

  /** `action` is `update` when a single type's PUT creates its one entry. */
  async function insertEntry(type: ContentType, request: WriteRequest, action: 'create' | 'update' = 'create'): Promise<Entry> {
    const { access } = request;
    access.require(type, action);
    checkStatus(type, request.status, access);
    access.checkWritableFields(type, action, request.data);
    const publish = type.draftAndPublish && request.status !== 'draft';
    const shape = readBackQuery(type, action, request, publish);
    const write = validation.validatorsFor(type).create(request.data, { draft: request.status === 'draft' });
    const row = await storageRow(type, write);
    let rowId: number | undefined;
    return inTransaction(type, request.timer, async (trx) => {
      const now = new Date().toISOString();
      const documentId = newDocumentId();
      const author = authorId(access);
      await hooks.run('beforeCreate', { type, documentId, trx, principal: access.principal });
      const inserted = await trx(type.table)
        .insert({ ...row, document_id: documentId, created_at: now, updated_at: now, created_by_id: author, updated_by_id: author })
        .returning('id');
      const id = Number((inserted[0] as { id: number }).id);
      rowId = id;
      await writeRelations(trx, registry, type, id, write.relations);
      await assertWithinScope(trx, type, id, access.rowFilter(type, action), access);
      // Validated in full above: a create that publishes needs no second check.
      if (publish) await copyDraftToPublished(trx, type, id, now);
      return finishWrite(trx, type, id, documentId, access, 'create', publish ? ['afterCreate', 'afterPublish'] : ['afterCreate'], shape);
    }, row, () => rowId);
  }

  /** `prepare` runs first in the transaction: a restore recreates a deleted document there. */
  async function updateEntry(
    type: ContentType, documentId: string, request: WriteRequest, historyAction: HistoryAction = 'update', prepare?: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<Entry> {
    const { access } = request;
    access.require(type, 'update');
    checkStatus(type, request.status, access);
    access.checkWritableFields(type, 'update', request.data);
    const publish = type.draftAndPublish && request.status !== 'draft';
    const shape = readBackQuery(type, 'update', request, publish);
    const write = validation.validatorsFor(type).update(request.data, { draft: request.status === 'draft' });
    const row = await storageRow(type, write);
    const scope = access.rowFilter(type, 'update');
    let rowId: number | undefined;
    return inTransaction(type, request.timer, async (trx) => {
      await prepare?.(trx);
      const changes: Record<string, StorageValue> = { ...row, updated_at: new Date().toISOString(), updated_by_id: authorId(access) };
      const id = await updateByDocumentId(trx, type, documentId, changes, scope, access);
      rowId = id;
      await hooks.run('beforeUpdate', { type, documentId, trx, principal: access.principal });
      await writeRelations(trx, registry, type, id, write.relations);
      await assertWithinScope(trx, type, id, scope, access);
      if (publish) await publishDraft(trx, type, id, documentId);
      return finishWrite(trx, type, id, documentId, access, historyAction, publish ? ['afterUpdate', 'afterPublish'] : ['afterUpdate'], shape);
    }, row, () => rowId);
  }

  async function setPublished(type: ContentType, documentId: string, published: boolean, request: ReadRequest): Promise<Entry> {
    if (!type.draftAndPublish) throw new NotFoundError('Not Found');
    const { access } = request;
    access.require(type, 'publish');
    const shape = readBackQuery(type, 'publish', request, published);
    const scope = access.rowFilter(type, 'publish');
    let rowId: number | undefined;
    return inTransaction(type, request.timer, async (trx) => {
      // Locks the document (and checks scope) without changing the draft.
      const id = await updateByDocumentId(trx, type, documentId, { document_id: documentId }, scope, access);
      rowId = id;
      if (published) await publishDraft(trx, type, id, documentId);
      else await removePublished(trx, type, id);
      return finishWrite(trx, type, id, documentId, access, published ? 'publish' : 'unpublish', [published ? 'afterPublish' : 'afterUnpublish'], shape);
    }, {}, () => rowId);
  }

  async function deleteEntry(type: ContentType, documentId: string, access: Access, timer: QueryTimer | undefined): Promise<void> {
    access.require(type, 'delete');
    const scope = access.rowFilter(type, 'delete');
    await inTransaction(type, timer, async (trx) => {
      const id = await updateByDocumentId(trx, type, documentId, { document_id: documentId }, scope, access);
      await hooks.run('beforeDelete', { type, documentId, trx, principal: access.principal });
      // The last version holds the data as it was, so a deleted document can be restored.
      await history.record(trx, type, id, 'delete', authorId(access));
      if (type.draftAndPublish) await removePublished(trx, type, id);
      await trx(type.table).where('id', id).delete();
      await hooks.run('afterDelete', { type, documentId, trx, principal: access.principal });
    });
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
    const found = await timed(timer, async () => withinScope(knex(type.table).where('document_id', documentId), type, scope, access).first('id'));
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
    return updateEntry(type, documentId, write, 'restore', exists ? undefined : recreate);
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

    create: (type, request) => counted(type, 'create', () => insertEntry(type, request)),

    update: (type, documentId, request) => counted(type, 'update', () => updateEntry(type, documentId, request)),

    delete: (type, documentId, access, timer) => counted(type, 'delete', () => deleteEntry(type, documentId, access, timer)),

    publish: (type, documentId, request) => counted(type, 'publish', () => setPublished(type, documentId, true, request)),

    unpublish: (type, documentId, request) => counted(type, 'unpublish', () => setPublished(type, documentId, false, request)),

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
      if (documentId !== undefined) return updateEntry(type, documentId, request);
      return insertEntry(type, request, 'update');
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
      await deleteEntry(type, documentId, access, timer);
    }),
  };
}

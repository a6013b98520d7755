import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { hashPassword } from '../auth/password.js';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Database } from '../db/connect.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import type { Access } from '../permissions/access.js';
import type { Action } from '../permissions/types.js';
import { findFirst, findMany, findOne, type Entry, type PaginationMeta, type QueryContext } from '../query/find.js';
import { parseQuery } from '../query/parse-query.js';
import { rowScope } from '../query/row-scope.js';
import type { FilterNode, ParsedQuery, ReadPolicy } from '../query/types.js';
import type { Validation } from '../validation/create-validation.js';
import type { EntryWrite } from '../validation/entry-write.js';
import type { StorageValue } from '../values/cast-value.js';
import { newDocumentId } from './document-id.js';
import { mapDatabaseError } from './map-database-error.js';
import { writeRelations } from './write-relations.js';

export type WriteStatus = 'draft' | 'published';

export interface ReadRequest {
  /** The qs-parsed query string: filters, sort, pagination, fields, populate, status, _q. */
  params: Record<string, unknown>;
  access: Access;
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
  delete(type: ContentType, documentId: string, access: Access): Promise<void>;
  publish(type: ContentType, documentId: string, request: ReadRequest): Promise<Entry>;
  unpublish(type: ContentType, documentId: string, request: ReadRequest): Promise<Entry>;
  /** Single types: the one entry. */
  findSingle(type: ContentType, request: ReadRequest): Promise<Entry>;
  /** Single types: create or update the one entry. */
  putSingle(type: ContentType, request: WriteRequest): Promise<Entry>;
  deleteSingle(type: ContentType, access: Access): Promise<void>;
}

export interface ContentServiceDeps {
  db: Database;
  registry: ContentTypeRegistry;
  validation: Validation;
  metrics: Metrics;
  log: Logger;
}

/**
 * The one place content is read and written: every entry point (REST, CLI,
 * admin) goes through here, so permissions, validation and transactions
 * cannot be skipped. Permission order: the action (401/403) before anything
 * about the input, then fields (403), then rows (404 outside the caller's scope).
 */
export function createContentService({ db, registry, validation, metrics }: ContentServiceDeps): ContentService {
  const { knex, dialect } = db;
  const queryContext = (policy: ReadPolicy, trx?: Knex.Transaction): QueryContext => ({ knex: trx ?? knex, dialect, registry, policy });

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

  /** What a write answers with: shaped like a findOne when the caller may do one. */
  function readBackQuery(type: ContentType, action: Action, request: ReadRequest): { query: ParsedQuery; policy: ReadPolicy } {
    const policy = request.access.readPolicy(type, request.access.can(type, 'findOne') ? 'findOne' : action);
    return { query: { ...parseQuery(request.params, type, registry, policy, dialect), status: 'draft' }, policy };
  }

  function checkStatus(type: ContentType, status: WriteStatus | undefined, access: Access): void {
    if (status !== undefined && !type.draftAndPublish) {
      throw ValidationError.at(['status'], `${type.displayName} has no draft & publish: remove "status"`);
    }
    // A save without status=draft publishes (DESIGN §10).
    if (type.draftAndPublish && status !== 'draft') access.require(type, 'publish');
  }

  async function readBack(trx: Knex.Transaction, type: ContentType, documentId: string, shape: { query: ParsedQuery; policy: ReadPolicy }): Promise<Entry> {
    const entry = await findOne(queryContext(shape.policy, trx), type, documentId, shape.query);
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

  /** Runs a write; constraint violations become the contract's errors, judged against what was written. */
  async function inTransaction<T>(
    type: ContentType,
    work: (trx: Knex.Transaction) => Promise<T>,
    written: Record<string, StorageValue> = {},
    ownRowId?: () => number | undefined,
  ): Promise<T> {
    try {
      return await knex.transaction(work);
    } catch (error) {
      throw (await mapDatabaseError(knex, type, error, written, ownRowId?.())) ?? error;
    }
  }

  /** Restricts a statement on `type` to the rows the caller may touch with `filter`. */
  function withinScope(query: Knex.QueryBuilder, type: ContentType, filter: FilterNode | undefined, access: Access): Knex.QueryBuilder {
    if (!filter) return query;
    const scope = rowScope(dialect, type, filter, access.readPolicy(type, 'find'));
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

  /** `action` is `update` when a single type's PUT creates its one entry. */
  async function insertEntry(type: ContentType, request: WriteRequest, action: 'create' | 'update' = 'create'): Promise<Entry> {
    const { access } = request;
    access.require(type, action);
    checkStatus(type, request.status, access);
    access.checkWritableFields(type, action, request.data);
    const shape = readBackQuery(type, action, request);
    const draft = request.status === 'draft';
    const write = validation.validatorsFor(type).create(request.data, { draft });
    const row = await storageRow(type, write);
    return inTransaction(type, async (trx) => {
      const now = new Date().toISOString();
      const documentId = newDocumentId();
      const author = authorId(access);
      const inserted = await trx(type.table)
        .insert({
          ...row,
          document_id: documentId,
          created_at: now,
          updated_at: now,
          created_by_id: author,
          updated_by_id: author,
          ...(type.draftAndPublish ? { published_at: draft ? null : now } : {}),
        })
        .returning('id');
      const id = Number((inserted[0] as { id: number }).id);
      await writeRelations(trx, registry, type, id, write.relations);
      await assertWithinScope(trx, type, id, access.rowFilter(type, action), access);
      return readBack(trx, type, documentId, shape);
    }, row);
  }

  async function updateEntry(type: ContentType, documentId: string, request: WriteRequest): Promise<Entry> {
    const { access } = request;
    access.require(type, 'update');
    checkStatus(type, request.status, access);
    access.checkWritableFields(type, 'update', request.data);
    const shape = readBackQuery(type, 'update', request);
    const draft = request.status === 'draft';
    const write = validation.validatorsFor(type).update(request.data, { draft });
    const row = await storageRow(type, write);
    const scope = access.rowFilter(type, 'update');
    let rowId: number | undefined;
    return inTransaction(type, async (trx) => {
      const now = new Date().toISOString();
      const changes: Record<string, StorageValue> = { ...row, updated_at: now, updated_by_id: authorId(access) };
      // Until drafts get their own storage, a draft save takes the entry off line
      // and a save without status (re)publishes it.
      if (type.draftAndPublish) changes.published_at = draft ? null : now;
      const id = await updateByDocumentId(trx, type, documentId, changes, scope, access);
      rowId = id;
      await writeRelations(trx, registry, type, id, write.relations);
      await assertWithinScope(trx, type, id, scope, access);
      return readBack(trx, type, documentId, shape);
    }, row, () => rowId);
  }

  async function setPublished(type: ContentType, documentId: string, published: boolean, request: ReadRequest): Promise<Entry> {
    if (!type.draftAndPublish) throw new NotFoundError('Not Found');
    const { access } = request;
    access.require(type, 'publish');
    const shape = readBackQuery(type, 'publish', request);
    const scope = access.rowFilter(type, 'publish');
    return inTransaction(type, async (trx) => {
      const now = new Date().toISOString();
      await updateByDocumentId(trx, type, documentId, { published_at: published ? now : null, updated_at: now, updated_by_id: authorId(access) }, scope, access);
      return readBack(trx, type, documentId, shape);
    });
  }

  async function deleteEntry(type: ContentType, documentId: string, access: Access): Promise<void> {
    access.require(type, 'delete');
    const scope = access.rowFilter(type, 'delete');
    const deleted = await inTransaction(type, (trx) => withinScope(trx(type.table).where('document_id', documentId), type, scope, access).delete());
    if (deleted === 0) throw new NotFoundError('Not Found');
  }

  async function firstDocumentId(type: ContentType): Promise<string | undefined> {
    const row = await knex(type.table).orderBy('id').first('document_id');
    return row?.document_id as string | undefined;
  }

  return {
    findMany: (type, request) => counted(type, 'find', () => {
      const { query, policy } = scopedQuery(type, 'find', request);
      return findMany(queryContext(policy), type, query);
    }),

    findOne: (type, documentId, request) => counted(type, 'findOne', async () => {
      const { query, policy } = scopedQuery(type, 'findOne', request);
      const entry = await findOne(queryContext(policy), type, documentId, query);
      if (!entry) throw new NotFoundError('Not Found');
      return entry;
    }),

    create: (type, request) => counted(type, 'create', () => insertEntry(type, request)),

    update: (type, documentId, request) => counted(type, 'update', () => updateEntry(type, documentId, request)),

    delete: (type, documentId, access) => counted(type, 'delete', () => deleteEntry(type, documentId, access)),

    publish: (type, documentId, request) => counted(type, 'publish', () => setPublished(type, documentId, true, request)),

    unpublish: (type, documentId, request) => counted(type, 'unpublish', () => setPublished(type, documentId, false, request)),

    findSingle: (type, request) => counted(type, 'findOne', async () => {
      const { query, policy } = scopedQuery(type, 'find', request);
      const entry = await findFirst(queryContext(policy), type, query);
      if (!entry) throw new NotFoundError('Not Found');
      return entry;
    }),

    // A single type's one entry is updated, never "created", from the caller's
    // point of view (Strapi): PUT needs `update` whether the row exists yet or not.
    putSingle: (type, request) => counted(type, 'update', async () => {
      request.access.require(type, 'update');
      const documentId = await firstDocumentId(type);
      if (documentId !== undefined) return updateEntry(type, documentId, request);
      return insertEntry(type, request, 'update');
    }),

    deleteSingle: (type, access) => counted(type, 'delete', async () => {
      access.require(type, 'delete');
      const documentId = await firstDocumentId(type);
      if (documentId === undefined) throw new NotFoundError('Not Found');
      await deleteEntry(type, documentId, access);
    }),
  };
}

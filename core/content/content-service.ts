import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { hashPassword } from '../auth/password.js';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Database } from '../db/connect.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { findFirst, findMany, findOne, type Entry, type PaginationMeta, type QueryContext } from '../query/find.js';
import type { ParsedQuery, ReadPolicy } from '../query/types.js';
import type { Validation } from '../validation/create-validation.js';
import type { EntryWrite } from '../validation/entry-write.js';
import type { StorageValue } from '../values/cast-value.js';
import { newDocumentId } from './document-id.js';
import { mapDatabaseError } from './map-database-error.js';
import { writeRelations } from './write-relations.js';

export type WriteStatus = 'draft' | 'published';

export interface WriteRequest {
  /** The request body's `data`. */
  data: unknown;
  /** `status` from the query: `draft` saves without publishing (draft & publish types only). */
  status?: WriteStatus;
  /** How to shape the entry returned after the write (fields, populate). */
  query: ParsedQuery;
  policy: ReadPolicy;
}

export interface ReadRequest {
  query: ParsedQuery;
  policy: ReadPolicy;
}

export interface ContentService {
  findMany(type: ContentType, request: ReadRequest): Promise<{ data: Entry[]; pagination: PaginationMeta }>;
  findOne(type: ContentType, documentId: string, request: ReadRequest): Promise<Entry>;
  create(type: ContentType, request: WriteRequest): Promise<Entry>;
  update(type: ContentType, documentId: string, request: WriteRequest): Promise<Entry>;
  delete(type: ContentType, documentId: string): Promise<void>;
  publish(type: ContentType, documentId: string, request: ReadRequest): Promise<Entry>;
  unpublish(type: ContentType, documentId: string, request: ReadRequest): Promise<Entry>;
  /** Single types: the one entry. */
  findSingle(type: ContentType, request: ReadRequest): Promise<Entry>;
  /** Single types: create or update the one entry. */
  putSingle(type: ContentType, request: WriteRequest): Promise<Entry>;
  deleteSingle(type: ContentType): Promise<void>;
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
 * admin) goes through here, so validation and transactions cannot be skipped.
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

  function checkStatus(type: ContentType, status: WriteStatus | undefined): void {
    if (status !== undefined && !type.draftAndPublish) {
      throw ValidationError.at(['status'], `${type.displayName} has no draft & publish: remove "status"`);
    }
  }

  /** Reads back an entry written in this transaction, whatever its publication state. */
  async function readBack(trx: Knex.Transaction, type: ContentType, documentId: string, request: ReadRequest): Promise<Entry> {
    const query: ParsedQuery = { ...request.query, status: 'draft' };
    const entry = await findOne(queryContext(request.policy, trx), type, documentId, query);
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

  /**
   * Every write transaction starts with a write: on SQLite that takes the
   * write lock at once, so a concurrent writer in another process waits on
   * busy_timeout instead of failing to upgrade a read lock (SQLITE_BUSY).
   */
  async function updateByDocumentId(trx: Knex.Transaction, type: ContentType, documentId: string, changes: Record<string, StorageValue>): Promise<number> {
    const rows = await trx(type.table).where('document_id', documentId).update(changes).returning('id');
    const first = rows[0] as { id: number } | undefined;
    if (!first) throw new NotFoundError('Not Found');
    return Number(first.id);
  }

  async function insertEntry(type: ContentType, request: WriteRequest): Promise<Entry> {
    checkStatus(type, request.status);
    const draft = request.status === 'draft';
    const write = validation.validatorsFor(type).create(request.data, { draft });
    const row = await storageRow(type, write);
    return inTransaction(type, async (trx) => {
      const now = new Date().toISOString();
      const documentId = newDocumentId();
      const inserted = await trx(type.table)
        .insert({
          ...row,
          document_id: documentId,
          created_at: now,
          updated_at: now,
          ...(type.draftAndPublish ? { published_at: draft ? null : now } : {}),
        })
        .returning('id');
      const id = Number((inserted[0] as { id: number }).id);
      await writeRelations(trx, registry, type, id, write.relations);
      return readBack(trx, type, documentId, request);
    }, row);
  }

  async function updateEntry(type: ContentType, documentId: string, request: WriteRequest): Promise<Entry> {
    checkStatus(type, request.status);
    const draft = request.status === 'draft';
    const write = validation.validatorsFor(type).update(request.data, { draft });
    const row = await storageRow(type, write);
    let rowId: number | undefined;
    return inTransaction(type, async (trx) => {
      const now = new Date().toISOString();
      const changes: Record<string, StorageValue> = { ...row, updated_at: now };
      // Until drafts get their own storage, a draft save takes the entry off line
      // and a save without status (re)publishes it.
      if (type.draftAndPublish) changes.published_at = draft ? null : now;
      const id = await updateByDocumentId(trx, type, documentId, changes);
      rowId = id;
      await writeRelations(trx, registry, type, id, write.relations);
      return readBack(trx, type, documentId, request);
    }, row, () => rowId);
  }

  async function setPublished(type: ContentType, documentId: string, published: boolean, request: ReadRequest): Promise<Entry> {
    if (!type.draftAndPublish) throw new NotFoundError('Not Found');
    return inTransaction(type, async (trx) => {
      const now = new Date().toISOString();
      await updateByDocumentId(trx, type, documentId, { published_at: published ? now : null, updated_at: now });
      return readBack(trx, type, documentId, request);
    });
  }

  async function firstDocumentId(type: ContentType): Promise<string | undefined> {
    const row = await knex(type.table).orderBy('id').first('document_id');
    return row?.document_id as string | undefined;
  }

  return {
    findMany: (type, request) => counted(type, 'find', () => findMany(queryContext(request.policy), type, request.query)),

    findOne: (type, documentId, request) => counted(type, 'findOne', async () => {
      const entry = await findOne(queryContext(request.policy), type, documentId, request.query);
      if (!entry) throw new NotFoundError('Not Found');
      return entry;
    }),

    create: (type, request) => counted(type, 'create', () => insertEntry(type, request)),

    update: (type, documentId, request) => counted(type, 'update', () => updateEntry(type, documentId, request)),

    delete: (type, documentId) => counted(type, 'delete', async () => {
      const deleted = await inTransaction(type, (trx) => trx(type.table).where('document_id', documentId).delete());
      if (deleted === 0) throw new NotFoundError('Not Found');
    }),

    publish: (type, documentId, request) => counted(type, 'publish', () => setPublished(type, documentId, true, request)),

    unpublish: (type, documentId, request) => counted(type, 'unpublish', () => setPublished(type, documentId, false, request)),

    findSingle: (type, request) => counted(type, 'findOne', async () => {
      const entry = await findFirst(queryContext(request.policy), type, request.query);
      if (!entry) throw new NotFoundError('Not Found');
      return entry;
    }),

    putSingle: (type, request) => counted(type, 'update', async () => {
      const documentId = await firstDocumentId(type);
      return documentId === undefined ? insertEntry(type, request) : updateEntry(type, documentId, request);
    }),

    deleteSingle: (type) => counted(type, 'delete', async () => {
      const documentId = await firstDocumentId(type);
      if (documentId === undefined) throw new NotFoundError('Not Found');
      await inTransaction(type, (trx) => trx(type.table).where('document_id', documentId).delete());
    }),
  };
}

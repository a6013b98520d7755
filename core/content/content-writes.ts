import type { Knex } from 'knex';
import { hashPassword } from '../auth/password.js';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Database } from '../db/connect.js';
import { timed, type QueryTimer } from '../db/query-timing.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { Access } from '../permissions/access.js';
import type { Action } from '../permissions/types.js';
import { defaultQuery, findOne, type Entry } from '../query/find.js';
import { parseQuery } from '../query/parse-query.js';
import type { FilterNode, ParsedQuery, ReadPolicy } from '../query/types.js';
import type { Validation } from '../validation/create-validation.js';
import type { EntryWrite } from '../validation/entry-write.js';
import type { StorageValue } from '../values/cast-value.js';
import { newDocumentId } from './document-id.js';
import { VersionCollision, type History, type HistoryAction } from './history.js';
import type { HookEvent, Hooks } from './hooks.js';
import { mapDatabaseError } from './map-database-error.js';
import { copyDraftToPublished, removePublished } from './publication.js';
import type { ReadRequest, WriteRequest, WriteStatus } from './requests.js';
import { withinScope } from './within-scope.js';
import { writeRelations } from './write-relations.js';

/** Internal reads (publish checks) see every field. */
const EVERYTHING: ReadPolicy = { canRead: () => true, canReadType: () => true };

/** The user a version and the creator fields name; null for API tokens and anonymous callers. */
export const authorId = (access: Access): number | null => (access.principal.kind === 'user' ? access.principal.userId : null);

export interface ContentWrites {
  /** `action` is `update` when a single type's PUT creates its one entry. */
  insert(type: ContentType, request: WriteRequest, action?: 'create' | 'update'): Promise<Entry>;
  /** `prepare` runs first in the transaction: a restore recreates a deleted document there. */
  update(type: ContentType, documentId: string, request: WriteRequest, historyAction?: HistoryAction, prepare?: (trx: Knex.Transaction) => Promise<void>): Promise<Entry>;
  setPublished(type: ContentType, documentId: string, published: boolean, request: ReadRequest): Promise<Entry>;
  remove(type: ContentType, documentId: string, access: Access, timer: QueryTimer | undefined): Promise<void>;
}

export interface ContentWritesDeps {
  db: Database;
  registry: ContentTypeRegistry;
  validation: Validation;
  history: History;
  hooks: Hooks;
}

/**
 * Every write of an entry, each in one transaction: validation, the row,
 * its relations, publication, its version in history and its hooks, then
 * the entry read back for the answer.
 */
export function createContentWrites({ db, registry, validation, history, hooks }: ContentWritesDeps): ContentWrites {
  const { knex, dialect } = db;

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
    const entry = await findOne({ knex: trx, dialect, registry, policy: shape.policy, timer: undefined, statementNames: db.statementNames }, type, documentId, shape.query);
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

  /**
   * Every write transaction starts with a write: on SQLite that takes the
   * write lock at once, so a concurrent writer in another process waits on
   * busy_timeout instead of failing to upgrade a read lock (SQLITE_BUSY).
   * An entry outside the caller's scope is reported absent (DESIGN §5).
   */
  async function updateByDocumentId(
    trx: Knex.Transaction, type: ContentType, documentId: string, changes: Record<string, StorageValue>, scope: FilterNode | undefined, access: Access,
  ): Promise<number> {
    const rows = await withinScope(trx(type.table).where('document_id', documentId), dialect, registry, type, scope, access).update(changes).returning('id');
    const first = rows[0] as { id: number } | undefined;
    if (!first) throw new NotFoundError('Not Found');
    return Number(first.id);
  }

  async function updateRecordingVersion(
    trx: Knex.Transaction, type: ContentType, documentId: string, changes: Record<string, StorageValue>, scope: FilterNode | undefined, access: Access, action: HistoryAction,
  ): Promise<number> {
    const update = withinScope(trx(type.table).where('document_id', documentId), dialect, registry, type, scope, access).update(changes);
    const id = await history.recordWithWrite(trx, type, update, action, authorId(access));
    if (id === undefined) throw new NotFoundError('Not Found');
    return id;
  }

  /** After a write, the entry must still satisfy the caller's conditions: nobody writes an entry out of their own reach. */
  async function assertWithinScope(trx: Knex.Transaction, type: ContentType, id: number, scope: FilterNode | undefined, access: Access): Promise<void> {
    if (!scope) return;
    const found = await withinScope(trx(type.table).where('id', id), dialect, registry, type, scope, access).first('id');
    if (!found) throw new ForbiddenError('Forbidden: the entry would fall outside what you may write');
  }

  /**
   * The end of every write: its version in history, the `after…` hooks, and
   * the entry read back for the answer, all inside the transaction. The
   * history insert is issued first and the rest beside it: the database runs
   * the statements back to back on the transaction's connection in the order
   * they were issued (so the version holds the write, not what a hook does
   * next), without a trip through the event loop between them, and the
   * transaction holds its connection (on SQLite, the write lock) that much less.
   * `recorded`: the write's own statement already stored the version.
   */
  async function finishWrite(
    trx: Knex.Transaction, type: ContentType, id: number, documentId: string, access: Access, action: HistoryAction, events: HookEvent[],
    shape: { query: ParsedQuery; policy: ReadPolicy }, recorded = false,
  ): Promise<Entry> {
    const [, entry] = await Promise.all([
      recorded ? undefined : history.record(trx, type, id, action, authorId(access)),
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
    // On PostgreSQL a create whose version is the row the INSERT leaves (no relations, no
    // publish) records it in the INSERT's own statement. A new document has no other version.
    const recordWithInsert = dialect === 'postgres' && type.history && !publish && write.relations.size === 0;
    let rowId: number | undefined;
    return inTransaction(type, request.timer, async (trx) => {
      const now = new Date().toISOString();
      const documentId = newDocumentId();
      const author = authorId(access);
      await hooks.run('beforeCreate', { type, documentId, trx, principal: access.principal });
      const insert = trx(type.table).insert({ ...row, document_id: documentId, created_at: now, updated_at: now, created_by_id: author, updated_by_id: author });
      const id = recordWithInsert
        ? (await history.recordWithWrite(trx, type, insert, 'create', author))!
        : Number(((await insert.returning('id'))[0] as { id: number }).id);
      rowId = id;
      await writeRelations(trx, registry, type, id, write.relations);
      await assertWithinScope(trx, type, id, access.rowFilter(type, action), access);
      // Validated in full above: a create that publishes needs no second check.
      if (publish) await copyDraftToPublished(trx, type, id, now);
      return finishWrite(trx, type, id, documentId, access, 'create', publish ? ['afterCreate', 'afterPublish'] : ['afterCreate'], shape, recordWithInsert);
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
    // On PostgreSQL a write whose version is the row the UPDATE leaves (no relations,
    // no hook before it, no publish) records it in the UPDATE's own statement.
    const oneStatement = dialect === 'postgres' && type.history && !prepare && !publish && write.relations.size === 0 && !hooks.has('beforeUpdate', type);
    const attempt = (recordWithUpdate: boolean) => inTransaction(type, request.timer, async (trx) => {
      await prepare?.(trx);
      const changes: Record<string, StorageValue> = { ...row, updated_at: new Date().toISOString(), updated_by_id: authorId(access) };
      const id = recordWithUpdate
        ? await updateRecordingVersion(trx, type, documentId, changes, scope, access, historyAction)
        : await updateByDocumentId(trx, type, documentId, changes, scope, access);
      rowId = id;
      await hooks.run('beforeUpdate', { type, documentId, trx, principal: access.principal });
      await writeRelations(trx, registry, type, id, write.relations);
      await assertWithinScope(trx, type, id, scope, access);
      if (publish) await publishDraft(trx, type, id, documentId);
      return finishWrite(trx, type, id, documentId, access, historyAction, publish ? ['afterUpdate', 'afterPublish'] : ['afterUpdate'], shape, recordWithUpdate);
    }, row, () => rowId);
    if (!oneStatement) return attempt(false);
    try {
      return await attempt(true);
    } catch (error) {
      // A version committed while this write waited for the row: the separate insert sees it.
      if (error instanceof VersionCollision) return attempt(false);
      throw error;
    }
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

  return { insert: insertEntry, update: updateEntry, setPublished, remove: deleteEntry };
}

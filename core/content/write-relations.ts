import type { Knex } from 'knex';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType, RelationAttribute } from '../content-types/types.js';
import { ValidationError, type ValidationIssue } from '../errors.js';
import type { RelationWrite } from '../validation/entry-write.js';

/**
 * Applies relation changes for one entry. Every kind lives in a link table;
 * when each target may belong to only one source (oneToOne, oneToMany seen
 * from this side), connecting a target first detaches it from its previous
 * source, as Strapi does, instead of failing on the unique index.
 */
export async function writeRelations(
  trx: Knex.Transaction,
  registry: ContentTypeRegistry,
  type: ContentType,
  entryId: number,
  relations: ReadonlyMap<string, RelationWrite>,
): Promise<void> {
  const issues: ValidationIssue[] = [];
  const resolved: Array<{ attribute: RelationAttribute; write: RelationWrite; ids: Map<string, number> }> = [];
  for (const [name, write] of relations) {
    const attribute = type.attributes.get(name) as RelationAttribute;
    const target = registry.get(attribute.target)!;
    const wanted = write.mode === 'set' ? write.documentIds : [...write.connect, ...write.disconnect];
    const ids = await resolveDocumentIds(trx, target, wanted);
    for (const documentId of write.mode === 'set' ? write.documentIds : write.connect) {
      if (!ids.has(documentId)) {
        const message = `${name} refers to a ${target.singularName} that does not exist: ${documentId}`;
        issues.push({ path: [name], message, name: 'ValidationError' });
      }
    }
    resolved.push({ attribute, write, ids });
  }
  if (issues.length > 0) {
    throw new ValidationError(issues.length === 1 ? issues[0]!.message : `${issues.length} errors occurred`, issues);
  }
  for (const { attribute, write, ids } of resolved) {
    await applyRelationWrite(trx, attribute, entryId, write, ids);
  }
}

async function resolveDocumentIds(trx: Knex.Transaction, target: ContentType, documentIds: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(documentIds)];
  if (unique.length === 0) return new Map();
  const rows: Array<{ id: number; document_id: string }> = await trx(target.table).select('id', 'document_id').whereIn('document_id', unique);
  return new Map(rows.map((row) => [row.document_id, Number(row.id)]));
}

async function applyRelationWrite(
  trx: Knex.Transaction,
  attribute: RelationAttribute,
  entryId: number,
  write: RelationWrite,
  ids: Map<string, number>,
): Promise<void> {
  const { table, sourceColumn, targetColumn } = attribute.link;
  const targetBelongsToOne = attribute.relation === 'oneToOne' || attribute.relation === 'oneToMany';
  let connect: number[];
  if (write.mode === 'set' || attribute.toOne) {
    // A to-one connect replaces the current value, like a set.
    await trx(table).where(sourceColumn, entryId).delete();
    connect = (write.mode === 'set' ? write.documentIds : write.connect).map((documentId) => ids.get(documentId)!);
  } else {
    const disconnect = write.disconnect.map((documentId) => ids.get(documentId)).filter((id): id is number => id !== undefined);
    if (disconnect.length > 0) await trx(table).where(sourceColumn, entryId).whereIn(targetColumn, disconnect).delete();
    const existing = new Set(
      (await trx(table).where(sourceColumn, entryId).select(targetColumn)).map((row: Record<string, unknown>) => Number(row[targetColumn])),
    );
    connect = write.connect.map((documentId) => ids.get(documentId)!).filter((id) => !existing.has(id));
  }
  connect = [...new Set(connect)];
  if (connect.length === 0) return;
  if (targetBelongsToOne) await trx(table).whereIn(targetColumn, connect).delete();
  await trx(table).insert(connect.map((targetId) => ({ [sourceColumn]: entryId, [targetColumn]: targetId })));
}

import type { Knex } from 'knex';
import { publishedTableOf } from '../content-types/storage-tables.js';
import { SYSTEM_COLUMNS, type ContentType, type RelationAttribute } from '../content-types/types.js';
import { quoteIdentifier as q } from '../query/quote-identifier.js';

/** Every column of a content table, in a fixed order. */
function contentColumns(type: ContentType): string[] {
  const columns: string[] = [SYSTEM_COLUMNS.id, SYSTEM_COLUMNS.documentId];
  for (const attribute of type.attributes.values()) if (attribute.kind === 'scalar') columns.push(attribute.column);
  columns.push(SYSTEM_COLUMNS.createdAt, SYSTEM_COLUMNS.updatedAt, SYSTEM_COLUMNS.publishedAt, SYSTEM_COLUMNS.createdBy, SYSTEM_COLUMNS.updatedBy);
  return columns;
}

function ownedRelations(type: ContentType): RelationAttribute[] {
  return [...type.attributes.values()].filter((a): a is RelationAttribute => a.kind === 'relation' && a.owner);
}

/**
 * Publishes the draft of entry `id`: its row and its links are copied over
 * the published version, which keeps the same id and documentId. Runs inside
 * the caller's transaction, after the draft row was locked by a write.
 */
export async function copyDraftToPublished(trx: Knex.Transaction, type: ContentType, id: number, publishedAt: string): Promise<void> {
  const published = publishedTableOf(type.table);
  await removePublished(trx, type, id);
  const columns = contentColumns(type);
  const list = columns.map(q).join(', ');
  const values = columns.map((column) => (column === SYSTEM_COLUMNS.publishedAt ? '?' : q(column))).join(', ');
  await trx.raw(`INSERT INTO ${q(published)} (${list}) SELECT ${values} FROM ${q(type.table)} WHERE ${q('id')} = ?`, [publishedAt, id]);
  for (const attribute of ownedRelations(type)) {
    const { table, sourceColumn, targetColumn } = attribute.link;
    const publishedLinks = publishedTableOf(table);
    if (attribute.relation === 'oneToOne' || attribute.relation === 'oneToMany') {
      // A target belongs to one source: publishing takes it from another published entry, as a draft write does.
      await trx.raw(`DELETE FROM ${q(publishedLinks)} WHERE ${q(targetColumn)} IN (SELECT ${q(targetColumn)} FROM ${q(table)} WHERE ${q(sourceColumn)} = ?)`, [id]);
    }
    // Ordered by the draft link's id, so related entries keep their order.
    await trx.raw(
      `INSERT INTO ${q(publishedLinks)} (${q(sourceColumn)}, ${q(targetColumn)}) SELECT ${q(sourceColumn)}, ${q(targetColumn)} FROM ${q(table)} WHERE ${q(sourceColumn)} = ? ORDER BY ${q('id')}`,
      [id],
    );
  }
}

/** Takes the published version of entry `id` off line; the draft stays. */
export async function removePublished(trx: Knex.Transaction, type: ContentType, id: number): Promise<boolean> {
  for (const attribute of ownedRelations(type)) {
    await trx(publishedTableOf(attribute.link.table)).where(attribute.link.sourceColumn, id).delete();
  }
  const deleted = await trx(publishedTableOf(type.table)).where('id', id).delete();
  return deleted > 0;
}

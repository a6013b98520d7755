import { conversionOf } from './column-change.js';
import type { Operation } from './operations.js';
import type { ColumnSpec, SchemaSnapshot, TableSpec } from './snapshot.js';

/** Columns every content table has; they say nothing about whether two tables are the same type. */
const SYSTEM_COLUMNS = new Set(['id', 'document_id', 'created_at', 'updated_at', 'published_at', 'created_by_id', 'updated_by_id']);

/**
 * Points out drops that look like renames: a field dropped and a field of a
 * compatible type added on the same table, a content type dropped and one
 * with mostly the same fields created, a relation's link table dropped and
 * another created for the same type. A rename is never applied on a guess;
 * each suggestion names the flag (or hint) that declares it.
 */
export function suggestRenames(operations: readonly Operation[], from: SchemaSnapshot, to: SchemaSnapshot): string[] {
  const suggestions: string[] = [];
  const oldTables = new Map(from.tables.map((table) => [table.name, table]));
  const newTables = new Map(to.tables.map((table) => [table.name, table]));

  const drops = new Map<string, ColumnSpec[]>();
  const adds = new Map<string, ColumnSpec[]>();
  for (const operation of operations) {
    if (operation.op === 'dropColumn') drops.set(operation.table, [...(drops.get(operation.table) ?? []), operation.column]);
    if (operation.op === 'addColumn') adds.set(operation.table, [...(adds.get(operation.table) ?? []), operation.column]);
  }
  for (const [tableName, dropped] of drops) {
    const type = newTables.get(tableName)?.contentType?.singularName;
    const added = [...(adds.get(tableName) ?? [])];
    if (!type) continue;
    for (const column of dropped) {
      const match = added.findIndex((candidate) => candidate.attribute !== undefined && conversionOf(column, candidate) !== 'unsupported');
      if (match < 0) continue;
      const [replacement] = added.splice(match, 1);
      const was = column.attribute ?? column.name;
      suggestions.push(
        `${type}.${was} → ${replacement!.attribute}: dropping ${was} loses its data. If it was renamed, declare it: ` +
        `--rename ${type}.${was}=${replacement!.attribute} (or "renamedFrom": "${was}" on ${replacement!.attribute})`);
    }
  }

  const droppedTables = operations.flatMap((operation) => (operation.op === 'dropTable' ? [oldTables.get(operation.table.name) ?? operation.table] : []));
  const createdTables = operations.flatMap((operation) => (operation.op === 'createTable' ? [operation.table] : []));
  for (const dropped of droppedTables) {
    if (dropped.contentType) {
      const match = createdTables.find((created) => created.contentType && sharesMostFields(dropped, created));
      if (match) {
        const was = dropped.contentType.singularName;
        const now = match.contentType!.singularName;
        suggestions.push(
          `type ${was} → ${now}: dropping ${was} loses its entries. If it was renamed, declare it: ` +
          `--rename-type ${was}=${now} (or "renamedFrom": "${was}" in ${now}'s definition)`);
      }
    } else if (dropped.link) {
      const { type, attribute } = dropped.link;
      const match = createdTables.find((created) => created.link?.type === type && created.link.attribute !== attribute
        && created.columns.map((c) => c.name).join() === dropped.columns.map((c) => c.name).join());
      if (match) {
        suggestions.push(
          `${type}.${attribute} → ${match.link!.attribute}: dropping the relation loses its links. If it was renamed, declare it: ` +
          `--rename ${type}.${attribute}=${match.link!.attribute} (or "renamedFrom": "${attribute}" on ${match.link!.attribute})`);
      }
    }
  }
  return suggestions;
}

function sharesMostFields(a: TableSpec, b: TableSpec): boolean {
  const fields = (table: TableSpec) => new Set(table.columns.map((column) => column.name).filter((name) => !SYSTEM_COLUMNS.has(name)));
  const left = fields(a);
  const right = fields(b);
  const shared = [...left].filter((name) => right.has(name)).length;
  return shared > 0 && shared * 2 >= Math.max(left.size, right.size);
}

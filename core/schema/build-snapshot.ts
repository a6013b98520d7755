import { fitIdentifier } from '../content-types/naming.js';
import { publishedTableOf } from '../content-types/storage-tables.js';
import type { ContentType, RelationAttribute, ScalarAttribute, ScalarType } from '../content-types/types.js';
import type { ColumnSpec, ColumnType, IndexSpec, SchemaSnapshot, TableSpec } from './snapshot.js';
import { SNAPSHOT_VERSION } from './snapshot.js';
import { toStorageDefault } from './storage-default.js';
import { systemTables } from './system-tables.js';

/** varchar length of a `string` column; longer values need a `maxLength` above it, which makes the column text. */
export const STRING_COLUMN_LENGTH = 255;

const COLUMN_TYPE: Record<ScalarType, ColumnType> = {
  string: 'string', email: 'string', uid: 'string', enumeration: 'string', password: 'string',
  text: 'text', richtext: 'text',
  integer: 'integer', biginteger: 'bigInteger', float: 'double', decimal: 'decimal',
  boolean: 'boolean', date: 'date', time: 'time', datetime: 'datetime', json: 'json',
};

/** The tables the content model needs, in a stable order. */
export function buildSnapshot(types: readonly ContentType[]): SchemaSnapshot {
  const tables: TableSpec[] = systemTables();
  for (const type of types) {
    const content = contentTable(type);
    if (type.draftAndPublish) {
      // Drafts skip `unique` (DESIGN §10): the published table enforces it.
      tables.push(withoutUniques(content), publishedCopy(content));
    } else {
      tables.push(content);
    }
    for (const attribute of type.attributes.values()) {
      if (attribute.kind === 'relation' && attribute.owner) {
        const link = linkTable(type, attribute, types);
        tables.push(link);
        if (type.draftAndPublish) tables.push(publishedLink(link, type.table));
      }
    }
  }
  tables.sort((a, b) => a.name.localeCompare(b.name));
  return { version: SNAPSHOT_VERSION, tables };
}

function contentTable(type: ContentType): TableSpec {
  const columns: ColumnSpec[] = [
    { name: 'id', type: 'increments', nullable: false },
    { name: 'document_id', type: 'string', length: 24, nullable: false },
  ];
  const indexes: IndexSpec[] = [
    { name: fitIdentifier(`${type.table}_document_id_unique`), columns: ['document_id'], unique: true },
  ];
  for (const attribute of type.attributes.values()) {
    if (attribute.kind !== 'scalar') continue;
    columns.push(scalarColumn(attribute));
    if (attribute.unique) {
      indexes.push({ name: fitIdentifier(`${type.table}_${attribute.column}_unique`), columns: [attribute.column], unique: true });
    } else if (attribute.index) {
      indexes.push({ name: fitIdentifier(`${type.table}_${attribute.column}_index`), columns: [attribute.column], unique: false });
    }
  }
  columns.push(
    { name: 'created_at', type: 'datetime', nullable: false },
    { name: 'updated_at', type: 'datetime', nullable: false },
  );
  if (type.draftAndPublish) {
    columns.push({ name: 'published_at', type: 'datetime', nullable: true });
    indexes.push({ name: fitIdentifier(`${type.table}_published_at_index`), columns: ['published_at'], unique: false });
  }
  // Plain integers, not foreign keys: deleting a user must not touch content.
  columns.push(
    { name: 'created_by_id', type: 'integer', nullable: true },
    { name: 'updated_by_id', type: 'integer', nullable: true },
  );
  return { name: type.table, columns, indexes, contentType: { singularName: type.singularName, kind: type.kind } };
}

function scalarColumn(attribute: ScalarAttribute): ColumnSpec {
  let type = COLUMN_TYPE[attribute.type];
  const column: ColumnSpec = { name: attribute.column, type, nullable: true, attribute: attribute.name };
  if (type === 'string') {
    if ((attribute.maxLength ?? 0) > STRING_COLUMN_LENGTH) {
      type = 'text';
      column.type = type;
    } else {
      column.length = STRING_COLUMN_LENGTH;
    }
  }
  // NOT NULL is not enforced in the database: drafts may leave required fields empty
  // (DESIGN §10), so `required` is checked by the validator. The snapshot records
  // it so that a migration making a field required checks the existing rows.
  if (attribute.required) column.required = true;
  if (attribute.enum) column.enum = [...attribute.enum];
  const storageDefault = toStorageDefault(attribute);
  if (storageDefault !== undefined) column.default = storageDefault;
  return column;
}

function linkTable(type: ContentType, attribute: RelationAttribute, types: readonly ContentType[]): TableSpec {
  const target = types.find((candidate) => candidate.singularName === attribute.target)!;
  const { table, sourceColumn, targetColumn } = attribute.link;
  const columns: ColumnSpec[] = [
    { name: 'id', type: 'increments', nullable: false },
    { name: sourceColumn, type: 'integer', nullable: false, references: { table: type.table, column: 'id', onDelete: 'CASCADE' } },
    { name: targetColumn, type: 'integer', nullable: false, references: { table: target.table, column: 'id', onDelete: 'CASCADE' } },
  ];
  const index = (suffix: string, cols: string[], unique: boolean): IndexSpec => ({ name: fitIdentifier(`${table}_${suffix}`), columns: cols, unique });
  // Cardinality lives in unique indexes, so a kind change only swaps indexes and keeps every link.
  const eachSourceHasOne = attribute.relation === 'oneToOne' || attribute.relation === 'manyToOne';
  const eachTargetHasOne = attribute.relation === 'oneToOne' || attribute.relation === 'oneToMany';
  const indexes: IndexSpec[] = [
    index('unique', [sourceColumn, targetColumn], true),
    eachSourceHasOne ? index('source_unique', [sourceColumn], true) : index('source_index', [sourceColumn], false),
    eachTargetHasOne ? index('target_unique', [targetColumn], true) : index('target_index', [targetColumn], false),
  ];
  return { name: table, columns, indexes, link: { type: type.singularName, attribute: attribute.name } };
}

/** A draft table: unique attributes keep an index, without uniqueness (document ids stay unique). */
function withoutUniques(table: TableSpec): TableSpec {
  return {
    ...table,
    indexes: table.indexes.map((index) => (index.unique && !index.columns.includes('document_id')
      ? { name: index.name.replace(/_unique$/, '_index'), columns: index.columns, unique: false }
      : index)),
  };
}

/** The published versions of a draft & publish type: the same shape, the same ids. */
function publishedCopy(table: TableSpec): TableSpec {
  const name = publishedTableOf(table.name);
  return {
    name,
    columns: table.columns.map((column) => (column.type === 'increments' ? { name: column.name, type: 'integer', nullable: false } : column)),
    indexes: [
      { name: fitIdentifier(`${name}_id_unique`), columns: ['id'], unique: true },
      ...table.indexes.map((index) => ({ ...index, name: fitIdentifier(index.name.replace(table.name, name)) })),
    ],
  };
}

/** Links of published versions: the source is the published row, the target the related document. */
function publishedLink(link: TableSpec, sourceTable: string): TableSpec {
  const name = publishedTableOf(link.name);
  return {
    name,
    // Columns are id, source, target (linkTable): only the source moves to the published table.
    columns: link.columns.map((column, index) => (index === 1 && column.references
      ? { ...column, references: { ...column.references, table: publishedTableOf(sourceTable) } }
      : column)),
    indexes: link.indexes.map((index) => ({ ...index, name: fitIdentifier(index.name.replace(link.name, name)) })),
  };
}

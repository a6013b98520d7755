/**
 * A dialect-neutral description of the tables Larder needs. Migration files
 * store the snapshot they lead to; the next plan diffs config against it.
 *
 * Besides the physical schema, a snapshot keeps the few facts about the
 * content model that a migration must check data against (required, enum
 * values, single or collection type) or that renames need (which type and
 * attribute a table or column belongs to). Snapshots written before these
 * fields existed simply lack them; every reader treats them as optional.
 */

export const SNAPSHOT_VERSION = 1;

export type ColumnType =
  | 'increments' | 'string' | 'text' | 'integer' | 'bigInteger' | 'double' | 'decimal'
  | 'boolean' | 'date' | 'time' | 'datetime' | 'json';

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** For `string`: varchar length. */
  length?: number;
  /**
   * `increments` only, false: on SQLite a plain rowid alias (INTEGER PRIMARY KEY)
   * instead of AUTOINCREMENT. A new id is then one more than the largest present,
   * so the id of a deleted last row can come back, but an insert skips the write
   * to sqlite_sequence. PostgreSQL's serial is the same either way.
   */
  autoincrement?: false;
  /** NOT NULL in the database. Content columns are always nullable: see `required`. */
  nullable: boolean;
  /** A constant default, already in storage form. */
  default?: string | number | boolean | null;
  references?: { table: string; column: string; onDelete: 'CASCADE' | 'SET NULL' };
  /** The content attribute stored in this column (content tables only). */
  attribute?: string;
  /**
   * The attribute is `required`. Not a database constraint, because drafts may
   * leave required fields empty (DESIGN §10): it means every published entry
   * (every entry, for a type without draft & publish) holds a value. Making a
   * field required checks exactly that, in the migration.
   */
  required?: boolean;
  /** Allowed values of an enumeration; removing one checks that no row holds it. */
  enum?: string[];
}

export interface IndexSpec {
  name: string;
  columns: string[];
  unique: boolean;
}

export type ContentKind = 'collectionType' | 'singleType';

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  indexes: IndexSpec[];
  /** Set on a content type's own table. */
  contentType?: { singularName: string; kind: ContentKind };
  /** Set on a relation's link table: the owning type and attribute. */
  link?: { type: string; attribute: string };
}

export interface SchemaSnapshot {
  version: typeof SNAPSHOT_VERSION;
  tables: TableSpec[];
}

export function emptySnapshot(): SchemaSnapshot {
  return { version: SNAPSHOT_VERSION, tables: [] };
}

/** Whether a table has draft & publish: its required fields bind published rows only. */
export function hasDraftAndPublish(table: TableSpec): boolean {
  return table.contentType !== undefined && table.columns.some((column) => column.name === 'published_at');
}

/**
 * A deep copy through JSON, as a snapshot is stored. Unlike structuredClone it
 * does not keep shared references: a snapshot built in memory may share one
 * ColumnSpec between a table and its published copy, and renaming a column
 * of one must not rename the other's.
 */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

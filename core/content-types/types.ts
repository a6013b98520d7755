/**
 * The content model: what a `config/content-types/*.json` definition means once
 * it has been loaded and checked. Everything below the HTTP edge works with
 * these resolved objects, never with raw JSON or type names.
 */

export const SCALAR_TYPES = [
  'string', 'text', 'richtext', 'email', 'password', 'uid',
  'integer', 'biginteger', 'float', 'decimal', 'boolean',
  'date', 'time', 'datetime', 'json', 'enumeration',
] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];

/** Scalar types that take `min`/`max`, and those that take `minLength`/`maxLength`. */
export const NUMERIC_TYPES: ReadonlySet<ScalarType> = new Set(['integer', 'biginteger', 'float', 'decimal']);
export const STRING_LIKE_TYPES: ReadonlySet<ScalarType> = new Set(['string', 'text', 'richtext', 'email', 'password', 'uid']);

export const RELATION_KINDS = ['oneToOne', 'oneToMany', 'manyToOne', 'manyToMany'] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export type ContentTypeKind = 'collectionType' | 'singleType';

interface AttributeBase {
  /** The API name, e.g. `publishedOn`. */
  name: string;
  required: boolean;
  /** Never returned to ordinary callers, never filterable or sortable (DESIGN §3, §10). */
  private: boolean;
}

export interface ScalarAttribute extends AttributeBase {
  kind: 'scalar';
  type: ScalarType;
  /** The database column, snake_case of `name`. */
  column: string;
  unique: boolean;
  /** `"index": true` in the definition: a plain index on the column. */
  index: boolean;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  regex?: string;
  /** Allowed values of an enumeration. */
  enum?: readonly string[];
  /** For `uid`: the attribute a slug is generated from when none is given. */
  targetField?: string;
  /** A rename hint for schema evolution: the attribute's previous name. */
  renamedFrom?: string;
}

/**
 * Every relation is stored in a link table, whatever its kind, as Strapi v5
 * does. Uniqueness constraints on the link table carry the cardinality, so a
 * change of kind (manyToOne → manyToMany) keeps every existing link.
 */
export interface LinkTable {
  table: string;
  /** Column holding the id of the owning side's row. */
  sourceColumn: string;
  /** Column holding the id of the target side's row. */
  targetColumn: string;
}

export interface RelationAttribute extends AttributeBase {
  kind: 'relation';
  type: 'relation';
  relation: RelationKind;
  /** Singular name of the target type. */
  target: string;
  inversedBy?: string;
  mappedBy?: string;
  /** True when this side owns the link table (it is not a `mappedBy` side). */
  owner: boolean;
  /**
   * The link table, seen from this side: `sourceColumn` always points at this
   * type's rows and `targetColumn` at the target's, even on a `mappedBy` side
   * where the physical table belongs to the other type.
   */
  link: LinkTable;
  /** At most one related entry (oneToOne, manyToOne). */
  toOne: boolean;
  /** A rename hint for schema evolution: the attribute's previous name. */
  renamedFrom?: string;
}

export type Attribute = ScalarAttribute | RelationAttribute;

export interface ContentType {
  kind: ContentTypeKind;
  singularName: string;
  pluralName: string;
  displayName: string;
  description?: string;
  table: string;
  draftAndPublish: boolean;
  /** `options.populateCreatorFields`: expose createdBy/updatedBy. */
  populateCreatorFields: boolean;
  /** `options.history` (default true): record a version of every change. Off for high-churn types such as counters. */
  history: boolean;
  /** Attributes in definition order, keyed by API name. */
  attributes: ReadonlyMap<string, Attribute>;
  /** The file the definition came from, for error messages. */
  source: string;
  /** A rename hint for schema evolution: the type's previous singular name. */
  renamedFrom?: string;
}

/** System fields every entry has; never writable through the API. */
export const SYSTEM_FIELDS = [
  'id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy',
  'locale', 'localizations',
] as const;

/** Columns behind the system fields that are stored on the type's own table. */
export const SYSTEM_COLUMNS = {
  id: 'id',
  documentId: 'document_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  publishedAt: 'published_at',
  createdBy: 'created_by_id',
  updatedBy: 'updated_by_id',
} as const;

/** Attributes whose value is a string the API may search with `_q`. */
export const SEARCHABLE_TYPES: ReadonlySet<ScalarType> = new Set(['string', 'text', 'richtext', 'email', 'uid', 'enumeration']);

import { SYSTEM_COLUMNS, type ContentType, type ScalarAttribute, type ScalarType } from '../content-types/types.js';

function define(name: string, column: string, type: ScalarType): ScalarAttribute {
  return { kind: 'scalar', name, column, type, required: false, private: false, unique: false, index: false };
}

/*
 * The system fields a query may filter, sort and select, shaped as scalar
 * attributes so castValue and formatValue treat them like any other field.
 * createdBy/updatedBy stay out until users exist (DESIGN §3 keeps them private).
 */
export const ID_ATTRIBUTE = define('id', SYSTEM_COLUMNS.id, 'integer');
export const DOCUMENT_ID_ATTRIBUTE = define('documentId', SYSTEM_COLUMNS.documentId, 'string');
const CREATED_AT = define('createdAt', SYSTEM_COLUMNS.createdAt, 'datetime');
const UPDATED_AT = define('updatedAt', SYSTEM_COLUMNS.updatedAt, 'datetime');
const PUBLISHED_AT = define('publishedAt', SYSTEM_COLUMNS.publishedAt, 'datetime');

const TRAILING = [CREATED_AT, UPDATED_AT] as const;
const TRAILING_WITH_PUBLISHED = [CREATED_AT, UPDATED_AT, PUBLISHED_AT] as const;

/** The timestamps that close an entry, in output order (DESIGN §3). */
export function trailingSystemAttributes(type: ContentType): readonly ScalarAttribute[] {
  return type.draftAndPublish ? TRAILING_WITH_PUBLISHED : TRAILING;
}

/**
 * `createdBy` / `updatedBy`: the user who wrote an entry. Filters name them as
 * `createdBy: { id: { $eq: … } }`, as in Strapi; permission conditions use
 * them for owner-only rules. They are never selected or sorted on.
 */
const AUTHOR_ATTRIBUTES: ReadonlyMap<string, ScalarAttribute> = new Map([
  ['createdBy', define('createdBy', SYSTEM_COLUMNS.createdBy, 'integer')],
  ['updatedBy', define('updatedBy', SYSTEM_COLUMNS.updatedBy, 'integer')],
]);

export function findAuthorAttribute(name: string): ScalarAttribute | undefined {
  return AUTHOR_ATTRIBUTES.get(name);
}

/** A system field by API name, if the type has it. */
export function findSystemAttribute(type: ContentType, name: string): ScalarAttribute | undefined {
  switch (name) {
    case 'id': return ID_ATTRIBUTE;
    case 'documentId': return DOCUMENT_ID_ATTRIBUTE;
    case 'createdAt': return CREATED_AT;
    case 'updatedAt': return UPDATED_AT;
    case 'publishedAt': return type.draftAndPublish ? PUBLISHED_AT : undefined;
    default: return undefined;
  }
}

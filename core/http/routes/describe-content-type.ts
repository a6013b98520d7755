import type { Attribute, ContentType } from '../../content-types/types.js';
import type { Action } from '../../permissions/types.js';

/** An attribute as the admin panel reads it: its type and constraints, never its storage. */
export type AttributeDescription = Record<string, unknown> & { type: string };

export interface ContentTypeDescription {
  uid: string;
  singularName: string;
  pluralName: string;
  displayName: string;
  description?: string;
  kind: ContentType['kind'];
  draftAndPublish: boolean;
  attributes: Record<string, AttributeDescription>;
  actions: Action[];
}

/**
 * A content type as JSON for `GET /api/content-types`, in Strapi's schema
 * vocabulary (`uid`, `kind`, `attributes`). Tables, columns and link tables
 * stay private to the server.
 */
export function describeContentType(type: ContentType, actions: Action[], shown: (attribute: Attribute) => boolean): ContentTypeDescription {
  const attributes: Record<string, AttributeDescription> = {};
  for (const attribute of type.attributes.values()) {
    if (shown(attribute)) attributes[attribute.name] = describeAttribute(attribute);
  }
  return {
    uid: `api::${type.singularName}.${type.singularName}`,
    singularName: type.singularName,
    pluralName: type.pluralName,
    displayName: type.displayName,
    ...(type.description !== undefined ? { description: type.description } : {}),
    kind: type.kind,
    draftAndPublish: type.draftAndPublish,
    attributes,
    actions,
  };
}

function describeAttribute(attribute: Attribute): AttributeDescription {
  const base = { type: attribute.type, required: attribute.required, private: attribute.private };
  if (attribute.kind === 'relation') {
    return {
      ...base,
      relation: attribute.relation,
      target: attribute.target,
      ...(attribute.inversedBy !== undefined ? { inversedBy: attribute.inversedBy } : {}),
      ...(attribute.mappedBy !== undefined ? { mappedBy: attribute.mappedBy } : {}),
    };
  }
  const optional = {
    default: attribute.default,
    min: attribute.min,
    max: attribute.max,
    minLength: attribute.minLength,
    maxLength: attribute.maxLength,
    regex: attribute.regex,
    enum: attribute.enum,
    targetField: attribute.targetField,
  };
  return {
    ...base,
    unique: attribute.unique,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

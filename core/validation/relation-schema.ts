import type { RelationAttribute } from '../content-types/types.js';
import type { JsonSchema, SchemaOptions } from './json-schema.js';

/** documentIds Larder generates are 24 characters; 64 leaves room for imported ones without allowing junk. */
export const DOCUMENT_ID_MAX_LENGTH = 64;

/**
 * The accepted relation forms (DESIGN §4 "Writes"): an array of refs, `{ set }`
 * or `{ connect, disconnect }`, and for a to-one also a single ref. A ref is a
 * documentId or `{ documentId }`. The branches are chosen with if/then/else on
 * the JSON type rather than anyOf, so an error names the one form that was meant.
 */
export function relationSchema(attribute: RelationAttribute, options: SchemaOptions): JsonSchema {
  const nullable = !attribute.required || options.draft;
  const schema: JsonSchema = attribute.toOne
    ? {
      type: withNull(['string', 'object', 'array'], nullable),
      larderMessages: { type: 'must be a documentId, an object with a documentId, an array of at most one, or an object with "set", or "connect" and "disconnect"' },
      if: { type: 'array' },
      then: refList(1),
      else: {
        if: { type: 'string' },
        then: documentId(),
        else: {
          if: { type: 'object', required: ['documentId'], properties: { documentId: true } },
          then: refObject(),
          else: changeForm(1, 'accepts only "documentId", "set", "connect" and "disconnect"'),
        },
      },
    }
    : {
      type: withNull(['array', 'object'], nullable),
      larderMessages: { type: 'must be an array of documentIds, or an object with "set", or "connect" and "disconnect"' },
      if: { type: 'array' },
      then: refList(undefined),
      else: changeForm(undefined, 'accepts only "set", "connect" and "disconnect"'),
    };
  // Drafts may leave a required relation empty, as they may any required field.
  if (attribute.required && !options.draft) schema.requiredRelation = options.mode;
  return schema;
}

function withNull(types: string[], nullable: boolean): string[] {
  return nullable ? [...types, 'null'] : types;
}

function changeForm(maxItems: number | undefined, unknownKeyHint: string): JsonSchema {
  return {
    properties: { set: refList(maxItems), connect: refList(maxItems), disconnect: refList(undefined) },
    additionalProperties: false,
    // `set` replaces everything, so an increment beside it has no defined meaning.
    allOf: [notTogether('set', 'connect'), notTogether('set', 'disconnect')],
    larderMessages: { additionalProperties: unknownKeyHint },
  };
}

function notTogether(first: string, second: string): JsonSchema {
  return {
    not: { type: 'object', required: [first, second], properties: { [first]: true, [second]: true } },
    larderMessages: { not: `cannot combine "${first}" with "${second}"` },
  };
}

function refList(maxItems: number | undefined): JsonSchema {
  return {
    type: 'array',
    items: ref(),
    ...(maxItems !== undefined ? { maxItems } : {}),
    larderMessages: {
      type: 'must be an array of documentIds',
      ...(maxItems === 1 ? { maxItems: 'is a to-one relation: give at most one documentId' } : {}),
    },
  };
}

function ref(): JsonSchema {
  return {
    type: ['string', 'object'],
    larderMessages: { type: 'must be a documentId or an object with a documentId' },
    if: { type: 'string' },
    then: documentId(),
    else: refObject(),
  };
}

/** Used only where the JSON type is already known to be an object, so a wrong type is reported once, by the caller. */
function refObject(): JsonSchema {
  return {
    required: ['documentId'],
    // Strapi clients may send these beside documentId; Larder has no locales
    // or relation ordering, so they are accepted and ignored.
    properties: { documentId: documentId(), locale: {}, status: {}, position: {} },
    additionalProperties: false,
    larderMessages: { additionalProperties: 'accepts only "documentId", "locale", "status" and "position"' },
  };
}

function documentId(): JsonSchema {
  return {
    type: 'string',
    minLength: 1,
    maxLength: DOCUMENT_ID_MAX_LENGTH,
    larderMessages: {
      type: 'must be a documentId (a string)',
      minLength: 'must be a non-empty documentId',
      maxLength: `must be a documentId of at most ${DOCUMENT_ID_MAX_LENGTH} characters`,
    },
  };
}

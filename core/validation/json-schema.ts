import type { ContentType, ScalarAttribute, ScalarType } from '../content-types/types.js';
import { STRING_COLUMN_LENGTH } from '../schema/build-snapshot.js';
import { relationSchema } from './relation-schema.js';

/** A JSON Schema object; ajv checks its shape when it compiles it. */
export type JsonSchema = Record<string, unknown>;

export type WriteMode = 'create' | 'update';

export interface SchemaOptions {
  mode: WriteMode;
  /** Drafts skip required, min and minLength; maxLength, types, enums and regex still apply (DESIGN §10). */
  draft: boolean;
}

/** Column bounds, checked here so SQLite (which stores any integer) rejects what PostgreSQL would. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/** Strapi's rule for uid values: URL-safe characters only. */
export const UID_PATTERN = '^[A-Za-z0-9\\-_.~]*$';

/** Types stored as varchar(STRING_COLUMN_LENGTH) unless `maxLength` makes the column text (core/schema/build-snapshot.ts). */
const VARCHAR_TYPES: ReadonlySet<ScalarType> = new Set(['string', 'email', 'uid', 'enumeration', 'password']);

const TYPE_MESSAGES: Record<ScalarType, string> = {
  string: 'must be a string', text: 'must be a string', richtext: 'must be a string', email: 'must be a string',
  password: 'must be a string', uid: 'must be a string', enumeration: 'must be a string',
  integer: 'must be an integer', float: 'must be a number', decimal: 'must be a number',
  biginteger: 'must be an integer (as a string or a number)',
  boolean: 'must be a boolean (true, false, 1, 0, t or f)',
  date: 'must be a date (YYYY-MM-DD)',
  time: 'must be a time (HH:mm, HH:mm:ss or HH:mm:ss.SSS)',
  datetime: 'must be an ISO 8601 datetime',
  json: 'must be JSON',
};

/**
 * The body schema of one write kind for a type. `additionalProperties: false`
 * turns unknown keys and system fields into errors; ajv-errors.ts words them.
 */
export function entrySchema(type: ContentType, options: SchemaOptions): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const attribute of type.attributes.values()) {
    properties[attribute.name] = attribute.kind === 'scalar'
      ? scalarSchema(attribute, options.draft)
      : relationSchema(attribute, options);
    if (attribute.required && options.mode === 'create' && !options.draft) required.push(attribute.name);
  }
  return {
    type: 'object',
    properties,
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
  };
}

/** The schema for one scalar value; `null` is allowed unless the attribute is required and this is not a draft. */
export function scalarSchema(attribute: ScalarAttribute, draft: boolean): JsonSchema {
  const nullable = !attribute.required || draft;
  const messages: Record<string, string> = { type: TYPE_MESSAGES[attribute.type] };
  const typed = (...types: string[]): JsonSchema => {
    const all = nullable ? [...types, 'null'] : types;
    return { type: all.length === 1 ? all[0] : all, larderMessages: messages };
  };
  const min = draft ? undefined : attribute.min;
  const { max } = attribute;
  switch (attribute.type) {
    case 'string': case 'text': case 'richtext': case 'email': case 'password': case 'uid': {
      const keywords = textKeywords(attribute, draft, messages);
      return { ...typed('string'), ...keywords };
    }
    case 'enumeration':
      return {
        ...typed('string'),
        enum: nullable ? [...attribute.enum ?? [], null] : [...attribute.enum ?? []],
        maxLength: attribute.maxLength ?? STRING_COLUMN_LENGTH,
      };
    case 'integer':
      return {
        ...typed('integer'),
        minimum: min === undefined ? INT32_MIN : Math.max(min, INT32_MIN),
        maximum: max === undefined ? INT32_MAX : Math.min(max, INT32_MAX),
      };
    case 'float': case 'decimal':
      return {
        ...typed('number'),
        ...(min !== undefined ? { minimum: min } : {}),
        ...(max !== undefined ? { maximum: max } : {}),
      };
    case 'biginteger': {
      // A JSON number past 2^53 has already lost digits, so large values come as strings.
      const range = {
        ...(min !== undefined ? { minimum: String(BigInt(Math.ceil(min))) } : {}),
        ...(max !== undefined ? { maximum: String(BigInt(Math.floor(max))) } : {}),
      };
      return {
        ...typed('string', 'integer'),
        castsAs: 'biginteger',
        ...(Object.keys(range).length > 0 ? { bigintRange: range } : {}),
      };
    }
    case 'boolean':
      return { ...typed('boolean', 'integer', 'string'), castsAs: 'boolean' };
    case 'date': case 'time': case 'datetime':
      return { ...typed('string'), castsAs: attribute.type };
    case 'json':
      return nullable ? {} : { not: { type: 'null' } };
  }
}

function textKeywords(attribute: ScalarAttribute, draft: boolean, messages: Record<string, string>): JsonSchema {
  const keywords: JsonSchema = {};
  const maxLength = attribute.maxLength ?? (VARCHAR_TYPES.has(attribute.type) ? STRING_COLUMN_LENGTH : undefined);
  if (maxLength !== undefined) keywords.maxLength = maxLength;
  if (!draft) {
    // A required text may not be '': an empty form field is not a value.
    const minLength = Math.max(attribute.minLength ?? 0, attribute.required ? 1 : 0);
    if (minLength > 0) keywords.minLength = minLength;
    if (minLength === 1 && (attribute.minLength ?? 0) < 1) messages.minLength = 'cannot be empty';
  }
  // As in Strapi (yup's excludeEmptyString), '' skips format and regex checks:
  // an optional field left empty is not a malformed email.
  const checks: JsonSchema[] = [];
  if (attribute.type === 'uid') checks.push(patternCheck(UID_PATTERN));
  if (attribute.type === 'email') checks.push({ format: 'email', larderMessages: { format: 'must be a valid email' } });
  if (attribute.regex !== undefined) checks.push(patternCheck(attribute.regex));
  if (checks.length > 0) {
    keywords.if = { const: '' };
    keywords.else = checks.length === 1 ? checks[0] : { allOf: checks };
  }
  return keywords;
}

function patternCheck(pattern: string): JsonSchema {
  return { pattern, larderMessages: { pattern: `must match the following: "${pattern}"` } };
}

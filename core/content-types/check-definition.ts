import { ConfigError } from '../errors.js';
import {
  NUMERIC_TYPES, RELATION_KINDS, SCALAR_TYPES, STRING_LIKE_TYPES, SYSTEM_FIELDS,
  type ContentTypeKind, type RelationKind, type ScalarAttribute, type ScalarType,
} from './types.js';
import { toSnakeCase } from './naming.js';

/** A relation as written, before its target is resolved. */
export interface RelationDraft {
  name: string;
  relation: RelationKind;
  target: string;
  inversedBy?: string;
  mappedBy?: string;
  required: boolean;
  private: boolean;
  renamedFrom?: string;
}

/** One definition file, checked on its own; relations still name their targets. */
export interface CheckedDefinition {
  kind: ContentTypeKind;
  singularName: string;
  pluralName: string;
  displayName: string;
  description?: string;
  table: string;
  draftAndPublish: boolean;
  populateCreatorFields: boolean;
  history: boolean;
  /** Definition order, scalars and relations interleaved as written. */
  order: string[];
  scalars: Map<string, ScalarAttribute>;
  relations: Map<string, RelationDraft>;
  source: string;
  /** `renamedFrom` (top level or in `info`): the type's previous singular name. */
  renamedFrom?: string;
}

/** Singular and plural names: also what may name a definition file (core/schema/builder.ts). */
export const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;
const ATTRIBUTE_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Route segments Larder itself serves under /api. */
const RESERVED_ROUTE_NAMES = new Set([
  'auth', 'users', 'user', 'roles', 'role', 'api-tokens', 'api-token', 'upload', 'uploads',
  'openapi', 'openapi.json', 'webhooks', 'webhook', 'audit-logs', 'admin', 'settings', 'content-types', 'content-type-builder',
]);
const RESERVED_ATTRIBUTES = new Set<string>([...SYSTEM_FIELDS, 'status', '__proto__', 'constructor', 'prototype']);
const KNOWN_DEFINITION_KEYS = new Set(['kind', 'collectionName', 'info', 'options', 'attributes', 'pluginOptions', 'renamedFrom', '$schema']);
const SCALAR_OPTIONS = new Set([
  'type', 'required', 'unique', 'private', 'default', 'minLength', 'maxLength', 'min', 'max',
  'regex', 'enum', 'targetField', 'index', 'renamedFrom', 'configurable', 'pluginOptions', 'column',
]);
const RELATION_OPTIONS = new Set([
  'type', 'relation', 'target', 'inversedBy', 'mappedBy', 'required', 'private', 'configurable',
  'pluginOptions', 'renamedFrom', 'useJoinTable',
]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function checkDefinition(raw: unknown, file: string): CheckedDefinition {
  const fail = (path: string, problem: string, fix: string): never => {
    throw new ConfigError(file, path, problem, fix);
  };
  if (!isObject(raw)) fail('', 'a content-type definition must be a JSON object', 'see DESIGN §3 for the format');
  const def = raw as Json;
  for (const key of Object.keys(def)) {
    if (!KNOWN_DEFINITION_KEYS.has(key)) {
      fail(key, `unknown key "${key}"`, `remove it; allowed keys are ${[...KNOWN_DEFINITION_KEYS].join(', ')}`);
    }
  }

  const kind = def.kind ?? 'collectionType';
  if (kind !== 'collectionType' && kind !== 'singleType') {
    fail('kind', `unknown kind ${JSON.stringify(kind)}`, 'use "collectionType" or "singleType"');
  }
  if (!isObject(def.info)) fail('info', 'missing "info"', 'add "info": { "singularName", "pluralName", "displayName" }');
  const info = def.info as Json;
  const singularName = info.singularName;
  const pluralName = info.pluralName;
  if (typeof singularName !== 'string' || !NAME_PATTERN.test(singularName)) {
    fail('info.singularName', `invalid singular name ${JSON.stringify(singularName)}`, 'use lowercase kebab-case, e.g. "blog-post"');
  }
  if (typeof pluralName !== 'string' || !NAME_PATTERN.test(pluralName)) {
    fail('info.pluralName', `invalid plural name ${JSON.stringify(pluralName)}`, 'use lowercase kebab-case, e.g. "blog-posts"');
  }
  const singular = singularName as string;
  const plural = pluralName as string;
  if (singular === plural) {
    fail('info.pluralName', 'singularName and pluralName are the same', 'give them different values, e.g. "article" and "articles"');
  }
  for (const [path, name] of [['info.singularName', singular], ['info.pluralName', plural]] as const) {
    if (RESERVED_ROUTE_NAMES.has(name)) {
      fail(path, `"${name}" is reserved for Larder's own routes`, 'choose another name');
    }
  }
  const displayName = typeof info.displayName === 'string' && info.displayName.trim() ? info.displayName : singular;
  if (info.description !== undefined && typeof info.description !== 'string') {
    fail('info.description', 'description must be a string', 'use a string or remove it');
  }

  const renamedFrom = checkTypeRename(def, info, singular, fail);

  const collectionName = def.collectionName ?? toSnakeCase(plural);
  if (typeof collectionName !== 'string' || !/^[a-z][a-z0-9_]*$/.test(collectionName)) {
    fail('collectionName', `invalid table name ${JSON.stringify(collectionName)}`, 'use lowercase letters, digits and underscores');
  }
  if ((collectionName as string).startsWith('larder_')) {
    fail('collectionName', 'table names starting with "larder_" are reserved', 'choose another collectionName');
  }

  const options = def.options ?? {};
  if (!isObject(options)) fail('options', '"options" must be an object', 'use e.g. { "draftAndPublish": true }');
  const opts = options as Json;
  for (const key of ['draftAndPublish', 'populateCreatorFields', 'history'] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== 'boolean') fail(`options.${key}`, `${key} must be true or false`, 'use a boolean');
  }

  if (!isObject(def.attributes)) fail('attributes', 'missing "attributes"', 'add an "attributes" object');
  const scalars = new Map<string, ScalarAttribute>();
  const relations = new Map<string, RelationDraft>();
  const order: string[] = [];
  const columns = new Map<string, string>([
    ['id', 'id'], ['document_id', 'documentId'], ['created_at', 'createdAt'], ['updated_at', 'updatedAt'],
    ['published_at', 'publishedAt'], ['created_by_id', 'createdBy'], ['updated_by_id', 'updatedBy'],
  ]);

  for (const [name, rawAttribute] of Object.entries(def.attributes as Json)) {
    const at = `attributes.${name}`;
    if (!ATTRIBUTE_PATTERN.test(name)) {
      fail(at, `invalid attribute name "${name}"`, 'start with a letter; use letters, digits and underscores');
    }
    if (RESERVED_ATTRIBUTES.has(name)) {
      fail(at, `"${name}" is a reserved name (a system field)`, 'rename the attribute');
    }
    if (!isObject(rawAttribute)) fail(at, 'an attribute must be an object', 'use e.g. { "type": "string" }');
    const attribute = rawAttribute as Json;
    order.push(name);
    if (attribute.type === 'relation') {
      relations.set(name, checkRelation(attribute, at, fail));
      continue;
    }
    const scalar = checkScalar(name, attribute, at, fail);
    const clash = columns.get(scalar.column);
    if (clash) {
      fail(at, `its column "${scalar.column}" collides with "${clash}"`, 'rename one of the two attributes');
    }
    columns.set(scalar.column, name);
    scalars.set(name, scalar);
  }
  for (const scalar of scalars.values()) {
    if (scalar.targetField !== undefined) {
      const target = scalars.get(scalar.targetField);
      if (!target || !STRING_LIKE_TYPES.has(target.type) || target.type === 'password') {
        fail(`attributes.${scalar.name}.targetField`, `"${scalar.targetField}" is not a text attribute of this type`, 'name a string or text attribute');
      }
    }
  }

  return {
    kind: kind as ContentTypeKind,
    singularName: singular,
    pluralName: plural,
    displayName: displayName as string,
    ...(typeof info.description === 'string' ? { description: info.description } : {}),
    table: collectionName as string,
    draftAndPublish: opts.draftAndPublish === true,
    populateCreatorFields: opts.populateCreatorFields === true,
    history: opts.history !== false,
    order,
    scalars,
    relations,
    source: file,
    ...(renamedFrom !== undefined ? { renamedFrom } : {}),
  };
}

/** `renamedFrom` at the top level or in `info` (either place, not both): the previous singular name. */
function checkTypeRename(def: Json, info: Json, singular: string, fail: Fail): string | undefined {
  if (def.renamedFrom !== undefined && info.renamedFrom !== undefined) {
    fail('renamedFrom', 'both "renamedFrom" and "info.renamedFrom" are set', 'keep one of them');
  }
  const path = def.renamedFrom !== undefined ? 'renamedFrom' : 'info.renamedFrom';
  const value = def.renamedFrom ?? info.renamedFrom;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    fail(path, `invalid previous singular name ${JSON.stringify(value)}`, 'use the singular name the type had before, e.g. "post"');
  }
  if (value === singular) fail(path, `the type is already called "${singular}"`, 'remove "renamedFrom"');
  return value as string;
}

type Fail = (path: string, problem: string, fix: string) => never;

function checkScalar(name: string, attribute: Json, at: string, fail: Fail): ScalarAttribute {
  const type = attribute.type;
  if (type === 'media' || type === 'component' || type === 'dynamiczone') {
    fail(`${at}.type`, `attribute type "${type}" is not available yet`, 'remove the attribute for now; media arrives with the upload plugin');
  }
  if (typeof type !== 'string' || !(SCALAR_TYPES as readonly string[]).includes(type)) {
    fail(`${at}.type`, `unknown attribute type ${JSON.stringify(type)}`, `use one of ${[...SCALAR_TYPES, 'relation'].join(', ')}`);
  }
  const scalarType = type as ScalarType;
  for (const key of Object.keys(attribute)) {
    if (!SCALAR_OPTIONS.has(key)) fail(`${at}.${key}`, `unknown option "${key}"`, `remove it; allowed options are ${[...SCALAR_OPTIONS].join(', ')}`);
  }
  const bool = (key: string): boolean => {
    const value = attribute[key];
    if (value === undefined) return false;
    if (typeof value !== 'boolean') fail(`${at}.${key}`, `"${key}" must be true or false`, 'use a boolean');
    return value as boolean;
  };
  const nonNegativeInteger = (key: string): number | undefined => {
    const value = attribute[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      fail(`${at}.${key}`, `"${key}" must be a non-negative integer`, 'use e.g. 120');
    }
    return value as number;
  };
  const number = (key: string): number | undefined => {
    const value = attribute[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${at}.${key}`, `"${key}" must be a number`, 'use a number');
    return value as number;
  };

  const result: ScalarAttribute = {
    kind: 'scalar',
    name,
    type: scalarType,
    column: toSnakeCase(name),
    required: bool('required'),
    // A uid is an identifier: unique unless the definition says otherwise.
    unique: attribute.unique === undefined ? scalarType === 'uid' : bool('unique'),
    // Passwords are never returned, whatever the definition says.
    private: bool('private') || scalarType === 'password',
    index: bool('index'),
  };
  if (attribute.column !== undefined) fail(`${at}.column`, 'custom column names are not supported', 'remove "column"; the column is the snake_case attribute name');

  const minLength = nonNegativeInteger('minLength');
  const maxLength = nonNegativeInteger('maxLength');
  if (minLength !== undefined || maxLength !== undefined) {
    if (!STRING_LIKE_TYPES.has(scalarType)) fail(`${at}.minLength`, `minLength/maxLength apply to text attributes, not ${scalarType}`, 'remove them');
    if (minLength !== undefined) result.minLength = minLength;
    if (maxLength !== undefined) result.maxLength = maxLength;
    if (minLength !== undefined && maxLength !== undefined && minLength > maxLength) {
      fail(`${at}.minLength`, 'minLength is greater than maxLength', 'make minLength ≤ maxLength');
    }
  }
  const min = number('min');
  const max = number('max');
  if (min !== undefined || max !== undefined) {
    if (!NUMERIC_TYPES.has(scalarType)) fail(`${at}.min`, `min/max apply to number attributes, not ${scalarType}`, 'remove them');
    if (min !== undefined) result.min = min;
    if (max !== undefined) result.max = max;
    if (min !== undefined && max !== undefined && min > max) fail(`${at}.min`, 'min is greater than max', 'make min ≤ max');
  }
  if (attribute.regex !== undefined) {
    if (typeof attribute.regex !== 'string' || !STRING_LIKE_TYPES.has(scalarType)) {
      fail(`${at}.regex`, '"regex" must be a string on a text attribute', 'use a JavaScript regular expression source, e.g. "^[a-z]+$"');
    }
    try {
      new RegExp(attribute.regex as string, 'u');
    } catch {
      fail(`${at}.regex`, `invalid regular expression ${JSON.stringify(attribute.regex)}`, 'correct the pattern');
    }
    result.regex = attribute.regex as string;
  }
  if (scalarType === 'enumeration') {
    const values = attribute.enum;
    if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'string' && v.length > 0)) {
      fail(`${at}.enum`, 'an enumeration needs a non-empty "enum" array of strings', 'add e.g. "enum": ["news", "guide"]');
    }
    if (new Set(values as string[]).size !== (values as string[]).length) fail(`${at}.enum`, 'enum values repeat', 'remove the duplicates');
    result.enum = Object.freeze([...(values as string[])]);
  } else if (attribute.enum !== undefined) {
    fail(`${at}.enum`, '"enum" applies only to enumeration attributes', 'remove it or use "type": "enumeration"');
  }
  if (attribute.targetField !== undefined) {
    if (scalarType !== 'uid' || typeof attribute.targetField !== 'string') {
      fail(`${at}.targetField`, '"targetField" applies only to uid attributes and must name an attribute', 'remove it');
    }
    result.targetField = attribute.targetField as string;
  }
  const renamedFrom = checkAttributeRename(name, attribute, at, fail);
  if (renamedFrom !== undefined) result.renamedFrom = renamedFrom;
  if (scalarType === 'password' && result.unique) fail(`${at}.unique`, 'a password cannot be unique', 'remove "unique"');
  if (scalarType === 'json' && result.unique) fail(`${at}.unique`, 'a json attribute cannot be unique', 'remove "unique"');
  if (attribute.default !== undefined) {
    if (scalarType === 'password') fail(`${at}.default`, 'a password cannot have a default', 'remove "default"');
    result.default = attribute.default;
  }
  return result;
}

function checkRelation(attribute: Json, at: string, fail: Fail): Omit<RelationDraft, 'name'> & { name: string } {
  for (const key of Object.keys(attribute)) {
    if (!RELATION_OPTIONS.has(key)) fail(`${at}.${key}`, `unknown relation option "${key}"`, `remove it; allowed options are ${[...RELATION_OPTIONS].join(', ')}`);
  }
  const relation = attribute.relation;
  if (typeof relation !== 'string' || !(RELATION_KINDS as readonly string[]).includes(relation)) {
    fail(`${at}.relation`, `unknown relation kind ${JSON.stringify(relation)}`, `use one of ${RELATION_KINDS.join(', ')}`);
  }
  if (typeof attribute.target !== 'string' || attribute.target.length === 0) {
    fail(`${at}.target`, 'a relation needs a "target"', 'name the target type by its singular name, e.g. "author"');
  }
  // Strapi writes targets as `api::author.author`; the singular name is the part after the dot.
  const target = (attribute.target as string).replace(/^api::[a-z0-9-]+\./, '');
  if (attribute.inversedBy !== undefined && attribute.mappedBy !== undefined) {
    fail(at, 'a relation cannot have both "inversedBy" and "mappedBy"', 'keep "inversedBy" on the owning side and "mappedBy" on the other');
  }
  for (const key of ['inversedBy', 'mappedBy'] as const) {
    if (attribute[key] !== undefined && typeof attribute[key] !== 'string') fail(`${at}.${key}`, `"${key}" must name an attribute`, 'use a string');
  }
  for (const key of ['required', 'private'] as const) {
    if (attribute[key] !== undefined && typeof attribute[key] !== 'boolean') fail(`${at}.${key}`, `"${key}" must be true or false`, 'use a boolean');
  }
  const name = at.slice('attributes.'.length);
  const renamedFrom = checkAttributeRename(name, attribute, at, fail);
  return {
    name,
    relation: relation as RelationKind,
    target,
    ...(typeof attribute.inversedBy === 'string' ? { inversedBy: attribute.inversedBy } : {}),
    ...(typeof attribute.mappedBy === 'string' ? { mappedBy: attribute.mappedBy } : {}),
    required: attribute.required === true,
    private: attribute.private === true,
    ...(renamedFrom !== undefined ? { renamedFrom } : {}),
  };
}

function checkAttributeRename(name: string, attribute: Json, at: string, fail: Fail): string | undefined {
  const value = attribute.renamedFrom;
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !ATTRIBUTE_PATTERN.test(value)) {
    fail(`${at}.renamedFrom`, '"renamedFrom" must be the previous attribute name', 'use the name the attribute had before, e.g. "subtitle"');
  }
  if (value === name) fail(`${at}.renamedFrom`, `the attribute is already called "${name}"`, 'remove "renamedFrom"');
  return value as string;
}

// The server's own lists (a dependency-free module), so the form and the checks cannot drift.
import { NUMERIC_TYPES, RELATION_KINDS, SCALAR_TYPES, STRING_LIKE_TYPES, type RelationKind, type ScalarType } from '../../../core/content-types/types.js';
import type { Definition } from '../api/builder';

export { RELATION_KINDS };
export const FIELD_TYPES = [...SCALAR_TYPES, 'relation'] as const;

export const hasMinMax = (type: string) => NUMERIC_TYPES.has(type as ScalarType);
export const hasLength = (type: string) => STRING_LIKE_TYPES.has(type as ScalarType);

/** One attribute in the form: the options the builder edits, and the rest kept as written. */
export interface FieldDraft {
  /** Stable across renames, for keys and ids. */
  key: number;
  name: string;
  /** The name as loaded; null for a field added in the form. A different `name` is a rename. */
  originalName: string | null;
  type: string;
  required: boolean;
  unique: boolean;
  private: boolean;
  min: string;
  max: string;
  minLength: string;
  maxLength: string;
  /** Enumeration values, comma-separated. */
  enumValues: string;
  relation: RelationKind;
  target: string;
  /** Options the form does not edit (default, regex, targetField, inversedBy…), kept as they were. */
  rest: Record<string, unknown>;
}

export interface TypeDraft {
  singularName: string;
  pluralName: string;
  displayName: string;
  kind: 'collectionType' | 'singleType';
  draftAndPublish: boolean;
  fields: FieldDraft[];
  /** The definition as loaded: top-level keys the form does not edit are kept. */
  base: Definition;
}

const EDITED = ['type', 'required', 'unique', 'private', 'min', 'max', 'minLength', 'maxLength', 'enum', 'relation', 'target'];
let nextKey = 1;

export function emptyField(): FieldDraft {
  return {
    key: nextKey++, name: '', originalName: null, type: 'string', required: false, unique: false, private: false,
    min: '', max: '', minLength: '', maxLength: '', enumValues: '', relation: 'manyToOne', target: '', rest: {},
  };
}

export function emptyType(): TypeDraft {
  return { singularName: '', pluralName: '', displayName: '', kind: 'collectionType', draftAndPublish: false, fields: [emptyField()], base: {} };
}

export function draftOf(definition: Definition): TypeDraft {
  const info = record(definition.info);
  const options = record(definition.options);
  return {
    singularName: text(info.singularName), pluralName: text(info.pluralName), displayName: text(info.displayName),
    kind: definition.kind === 'singleType' ? 'singleType' : 'collectionType',
    draftAndPublish: options.draftAndPublish === true,
    fields: Object.entries(record(definition.attributes)).map(([name, value]) => fieldOf(name, record(value))),
    base: definition,
  };
}

function fieldOf(name: string, attribute: Record<string, unknown>): FieldDraft {
  const rest = Object.fromEntries(Object.entries(attribute).filter(([key]) => !EDITED.includes(key)));
  const number = (key: string) => (typeof attribute[key] === 'number' ? String(attribute[key]) : '');
  const relation = RELATION_KINDS.find((kind) => kind === attribute.relation) ?? 'manyToOne';
  return {
    ...emptyField(), name, originalName: name, type: text(attribute.type), required: attribute.required === true, unique: attribute.unique === true,
    private: attribute.private === true, min: number('min'), max: number('max'), minLength: number('minLength'), maxLength: number('maxLength'),
    enumValues: Array.isArray(attribute.enum) ? attribute.enum.join(', ') : '', relation, target: text(attribute.target), rest,
  };
}

/** `type.old=new` for every loaded field whose name changed: the server keeps its data (a rename, not a drop and an add). */
export function fieldRenames(draft: TypeDraft, singularName: string): string[] {
  return draft.fields
    .filter((field) => field.originalName !== null && field.name.trim() !== '' && field.name.trim() !== field.originalName)
    .map((field) => `${singularName}.${field.originalName}=${field.name.trim()}`);
}

/** The definition to send: the loaded one with the form's edits applied. */
export function definitionOf(draft: TypeDraft): Definition {
  const attributes: Record<string, unknown> = {};
  for (const field of draft.fields) attributes[field.name.trim()] = attributeOf(field);
  return {
    ...draft.base,
    kind: draft.kind,
    info: { ...record(draft.base.info), singularName: draft.singularName.trim(), pluralName: draft.pluralName.trim(), displayName: draft.displayName.trim() },
    options: { ...record(draft.base.options), draftAndPublish: draft.draftAndPublish },
    attributes,
  };
}

function attributeOf(field: FieldDraft): Record<string, unknown> {
  const attribute: Record<string, unknown> = { type: field.type };
  if (field.type === 'relation') {
    Object.assign(attribute, { relation: field.relation, target: field.target.trim() });
  } else {
    if (field.unique) attribute.unique = true;
    if (hasMinMax(field.type)) {
      setNumber(attribute, 'min', field.min);
      setNumber(attribute, 'max', field.max);
    }
    if (hasLength(field.type)) {
      setNumber(attribute, 'minLength', field.minLength);
      setNumber(attribute, 'maxLength', field.maxLength);
    }
    if (field.type === 'enumeration') attribute.enum = field.enumValues.split(',').map((value) => value.trim()).filter(Boolean);
  }
  if (field.required) attribute.required = true;
  if (field.private) attribute.private = true;
  return { ...attribute, ...field.rest };
}

/** Empty means "not set"; anything else is sent as typed, so the server can say what is wrong with it. */
function setNumber(target: Record<string, unknown>, key: string, value: string): void {
  if (value.trim() === '') return;
  const number = Number(value);
  target[key] = Number.isNaN(number) ? value : number;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

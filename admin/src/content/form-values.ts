import type { AttributeInfo, ContentTypeInfo, Entry, RelationAttributeInfo } from '../api/types';
import { fromLocalDateTime, toLocalDateTime } from './local-date-time';
import { entryLabel } from './main-field';

/** A related entry as a picker shows it. */
export interface RelationRef {
  documentId: string;
  label: string;
}

/**
 * What an input holds while the user edits: text stays text until submit
 * (so "-" or "1." can be typed), relations keep their labels.
 */
export type FormValue = string | boolean | RelationRef | RelationRef[] | null;
export type FormValues = Record<string, FormValue>;

export function isToOne(attribute: RelationAttributeInfo): boolean {
  return attribute.relation === 'oneToOne' || attribute.relation === 'manyToOne';
}

type TypeLookup = (singular: string) => ContentTypeInfo | undefined;

/** Form values for an entry, or for a new one (defaults applied). */
export function initialValues(type: ContentTypeInfo, entry: Entry | null, typeOf: TypeLookup): FormValues {
  const values: FormValues = {};
  for (const [name, attribute] of Object.entries(type.attributes)) {
    const raw = entry ? entry[name] : defaultOf(attribute);
    values[name] = toFormValue(attribute, raw, typeOf);
  }
  return values;
}

function defaultOf(attribute: AttributeInfo): unknown {
  return attribute.type === 'relation' ? undefined : attribute.default;
}

function toFormValue(attribute: AttributeInfo, raw: unknown, typeOf: TypeLookup): FormValue {
  switch (attribute.type) {
    case 'relation': {
      const target = typeOf(attribute.target);
      const ref = (item: unknown): RelationRef | null => isEntry(item) ? { documentId: item.documentId, label: entryLabel(target, item) } : null;
      if (isToOne(attribute)) return ref(raw);
      return Array.isArray(raw) ? raw.map(ref).filter((item): item is RelationRef => item !== null) : [];
    }
    case 'boolean': return raw === true;
    case 'password': return '';
    case 'json': return raw === undefined || raw === null ? '' : JSON.stringify(raw, null, 2);
    case 'datetime': return typeof raw === 'string' ? toLocalDateTime(raw) : '';
    case 'time': return typeof raw === 'string' ? raw.slice(0, 8) : '';
    default: return raw === undefined || raw === null ? '' : String(raw);
  }
}

function isEntry(value: unknown): value is Entry {
  return typeof value === 'object' && value !== null && typeof (value as { documentId?: unknown }).documentId === 'string';
}

/** The API value of one form value; `undefined` means "leave it out". */
export function toApiValue(attribute: AttributeInfo, value: FormValue): unknown {
  switch (attribute.type) {
    case 'relation':
      if (Array.isArray(value)) return value.map((ref) => ref.documentId);
      return value && typeof value === 'object' ? value.documentId : null;
    case 'boolean': return value === true;
    case 'password': return value === '' ? undefined : value;
    default: break;
  }
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') return null;
  switch (attribute.type) {
    case 'integer': case 'float': case 'decimal': return Number(text);
    case 'json': return JSON.parse(text) as unknown;
    case 'datetime': return fromLocalDateTime(text);
    default: return typeof value === 'string' ? value : text;
  }
}

export function sameValue(a: FormValue | undefined, b: FormValue | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/**
 * The request body's `data`: on create every value that is set, on update
 * only what changed, so fields outside the user's permitted list are never
 * sent (DESIGN §10). Run checkValues first: this assumes valid input.
 */
export function toPayload(type: ContentTypeInfo, values: FormValues, baseline: FormValues | null): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(type.attributes)) {
    const value = values[name] ?? null;
    if (baseline && sameValue(value, baseline[name])) continue;
    const apiValue = toApiValue(attribute, value);
    if (apiValue === undefined) continue;
    if (!baseline && (apiValue === null || (Array.isArray(apiValue) && apiValue.length === 0))) continue;
    data[name] = apiValue;
  }
  return data;
}

export function changedFields(values: FormValues, baseline: FormValues): string[] {
  return Object.keys(values).filter((name) => !sameValue(values[name], baseline[name]));
}

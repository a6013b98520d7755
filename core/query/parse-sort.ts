import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import { ValidationError } from '../errors.js';
import { isPlainObject } from './is-plain-object.js';
import { invalidKey, resolveField } from './resolve-field.js';
import type { ReadPolicy, RelationStep, SortDirection, SortKey } from './types.js';

/**
 * `sort` in every Strapi form: `title`, `title:desc`, `a:asc,b:desc`, arrays
 * of those, `{ title: 'desc' }`, `[{ title: 'desc' }]`, nested objects for
 * relations (`{ author: { name: 'asc' } }`) and dot paths (`author.name:asc`).
 * Directions are case-insensitive. json fields cannot be ordered.
 */
export function parseSort(
  raw: unknown, type: ContentType, registry: ContentTypeRegistry, policy: ReadPolicy, path: readonly string[],
): SortKey[] {
  if (raw === undefined) return [];
  const keys: SortKey[] = [];
  collect(raw, { type, registry, policy, path, keys }, 0);
  return keys;
}

interface SortContext {
  type: ContentType;
  registry: ContentTypeRegistry;
  policy: ReadPolicy;
  path: readonly string[];
  keys: SortKey[];
}

function collect(raw: unknown, context: SortContext, depth: number): void {
  if (depth > 2) throw ValidationError.at([...context.path], `${context.path.join('.')} is nested too deeply`);
  if (typeof raw === 'string') {
    for (const piece of raw.split(',')) addString(piece.trim(), context);
  } else if (Array.isArray(raw)) {
    for (const item of raw) collect(item, context, depth + 1);
  } else if (isPlainObject(raw)) {
    addObject(raw, context.type, [], context);
  } else {
    throw ValidationError.at([...context.path], `${context.path.join('.')} must be a field name, "field:asc|desc", a list or an object`);
  }
}

function addString(text: string, context: SortContext): void {
  if (text === '') throw ValidationError.at([...context.path], `${context.path.join('.')} has an empty sort field`);
  const colon = text.lastIndexOf(':');
  const fieldPath = colon === -1 ? text : text.slice(0, colon);
  const direction = colon === -1 ? 'asc' : readDirection(text.slice(colon + 1), context.path);
  const names = fieldPath.split('.');
  if (names.length > 5) throw ValidationError.at([...context.path, fieldPath], 'Sort path is too deep');
  let type = context.type;
  const through: RelationStep[] = [];
  names.forEach((name, index) => {
    const field = resolveField(type, name, context.registry, context.policy, [...context.path, ...names.slice(0, index)]);
    const last = index === names.length - 1;
    if (field.kind === 'relation') {
      if (last) throw ValidationError.at([...context.path, fieldPath], `Cannot sort by the relation ${fieldPath}; sort by one of its fields, e.g. ${fieldPath}.id`);
      through.push(field.step);
      type = field.step.target;
      return;
    }
    if (!last) throw invalidKey([...context.path, ...names.slice(0, index + 1)], names[index + 1]!);
    if (field.attribute.type === 'json') throw ValidationError.at([...context.path, fieldPath], `Cannot sort by the json field ${fieldPath}`);
    context.keys.push({ through, attribute: field.attribute, direction });
  });
}

function addObject(raw: Record<string, unknown>, type: ContentType, through: RelationStep[], context: SortContext): void {
  for (const [name, value] of Object.entries(raw)) {
    const at = [...context.path, ...through.map((step) => step.attribute.name)];
    const field = resolveField(type, name, context.registry, context.policy, at);
    if (field.kind === 'relation') {
      if (!isPlainObject(value)) throw ValidationError.at([...at, name], `Sort by a field of the relation ${name}, e.g. { ${name}: { id: 'asc' } }`);
      if (through.length >= 4) throw ValidationError.at([...at, name], 'Sort path is too deep');
      addObject(value, field.step.target, [...through, field.step], context);
      continue;
    }
    if (field.attribute.type === 'json') throw ValidationError.at([...at, name], `Cannot sort by the json field ${name}`);
    if (typeof value !== 'string') throw ValidationError.at([...at, name], `Sort direction for ${name} must be asc or desc`);
    context.keys.push({ through, attribute: field.attribute, direction: readDirection(value, [...at, name]) });
  }
}

function readDirection(text: string, path: readonly string[]): SortDirection {
  const lower = text.toLowerCase();
  if (lower === 'asc' || lower === 'desc') return lower;
  throw ValidationError.at([...path], `Invalid sort direction "${text}" at ${path.join('.')}; use asc or desc`);
}

import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { ValidationError } from '../errors.js';
import { isPlainObject } from './is-plain-object.js';
import { parseFields } from './parse-fields.js';
import { parseFilters } from './parse-filters.js';
import { parseSort } from './parse-sort.js';
import { invalidKey, isReadable, resolveField } from './resolve-field.js';
import { MAX_POPULATE_DEPTH, type PopulateNode, type PopulateTree, type ReadPolicy, type RelationStep } from './types.js';

interface PopulateContext {
  registry: ContentTypeRegistry;
  policy: ReadPolicy;
  dialect: Dialect;
}

/** A node being assembled: dot paths and lists may name one relation several times. */
interface Draft {
  step: RelationStep;
  options: Omit<PopulateNode, 'attribute' | 'target' | 'populate'>;
  children: Map<string, Draft>;
}

const OPTION_KEYS = new Set(['fields', 'filters', 'sort', 'populate']);
const TRUE_FORMS = new Set<unknown>([true, 'true', '*', '1', 't']);
const FALSE_FORMS = new Set<unknown>([false, 'false', '0', 'f']);

/**
 * `populate` in every Strapi form: `*` (one level), `author,tags`, dot paths
 * `author.avatar`, arrays, and objects with nested fields, filters, sort and
 * populate. At most MAX_POPULATE_DEPTH levels; an unknown relation, or one the
 * caller may not read, is a 400 naming it.
 */
export function parsePopulate(
  raw: unknown, type: ContentType, registry: ContentTypeRegistry, policy: ReadPolicy, dialect: Dialect, path: readonly string[],
): PopulateTree {
  const drafts = new Map<string, Draft>();
  collect(raw, type, drafts, { registry, policy, dialect }, path, 1);
  return finish(drafts);
}

function collect(raw: unknown, type: ContentType, drafts: Map<string, Draft>, context: PopulateContext, path: readonly string[], depth: number): void {
  if (raw === undefined) return;
  if (depth > MAX_POPULATE_DEPTH) throw tooDeep(path);
  if (typeof raw === 'string') {
    for (const piece of raw.split(',')) addPath(piece.trim(), type, drafts, context, path, depth);
  } else if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item !== 'string') throw ValidationError.at([...path], `${path.join('.')} must list relation names`);
      collect(item, type, drafts, context, path, depth);
    }
  } else if (isPlainObject(raw)) {
    for (const [name, value] of Object.entries(raw)) addObjectEntry(name, value, type, drafts, context, path, depth);
  } else {
    throw ValidationError.at([...path], `${path.join('.')} must be "*", relation names, or an object`);
  }
}

function addPath(text: string, type: ContentType, drafts: Map<string, Draft>, context: PopulateContext, path: readonly string[], depth: number): void {
  if (text === '') throw ValidationError.at([...path], `${path.join('.')} has an empty relation name`);
  if (text === '*') {
    addEverything(type, drafts, context);
    return;
  }
  const names = text.split('.');
  if (depth + names.length - 1 > MAX_POPULATE_DEPTH) throw tooDeep([...path, text]);
  let current = drafts;
  let currentType = type;
  names.forEach((name, index) => {
    const draft = draftFor(name, currentType, current, context, [...path, ...names.slice(0, index)]);
    current = draft.children;
    currentType = draft.step.target;
  });
}

/** `*`: every relation the caller may read, one level deep; unreadable ones are skipped, not refused. */
function addEverything(type: ContentType, drafts: Map<string, Draft>, context: PopulateContext): void {
  for (const attribute of type.attributes.values()) {
    if (attribute.kind !== 'relation' || drafts.has(attribute.name) || !isReadable(context.policy, type, attribute)) continue;
    const target = context.registry.get(attribute.target);
    if (!target || !context.policy.canReadType(target)) continue;
    drafts.set(attribute.name, { step: { attribute, target }, options: { sort: [] }, children: new Map() });
  }
}

function addObjectEntry(
  name: string, value: unknown, type: ContentType, drafts: Map<string, Draft>, context: PopulateContext, path: readonly string[], depth: number,
): void {
  if (FALSE_FORMS.has(value)) return;
  const draft = draftFor(name, type, drafts, context, path);
  if (TRUE_FORMS.has(value)) return;
  const at = [...path, name];
  if (!isPlainObject(value)) throw ValidationError.at(at, `${at.join('.')} must be true, or an object of fields, filters, sort and populate`);
  const target = draft.step.target;
  for (const [key, option] of Object.entries(value)) {
    if (!OPTION_KEYS.has(key)) throw ValidationError.at([...at, key], `Invalid key ${key} at ${[...at, key].join('.')}; allowed: ${[...OPTION_KEYS].join(', ')}`);
    const optionPath = [...at, key];
    if (key === 'fields') {
      const fields = parseFields(option, target, context.registry, context.policy, optionPath);
      if (fields) draft.options.fields = fields;
    } else if (key === 'filters') {
      const filters = parseFilters(option, target, context.registry, context.policy, context.dialect, optionPath);
      if (filters) draft.options.filters = filters;
    } else if (key === 'sort') {
      draft.options.sort = parseSort(option, target, context.registry, context.policy, optionPath);
    } else {
      collect(option, target, draft.children, context, optionPath, depth + 1);
    }
  }
}

function draftFor(name: string, type: ContentType, drafts: Map<string, Draft>, context: PopulateContext, path: readonly string[]): Draft {
  const existing = drafts.get(name);
  if (existing) return existing;
  const field = resolveField(type, name, context.registry, context.policy, path);
  if (field.kind !== 'relation') throw invalidKey(path, name);
  const draft: Draft = { step: field.step, options: { sort: [] }, children: new Map() };
  drafts.set(name, draft);
  return draft;
}

function finish(drafts: Map<string, Draft>): PopulateTree {
  return [...drafts.values()].map((draft) => ({
    attribute: draft.step.attribute,
    target: draft.step.target,
    ...draft.options,
    populate: finish(draft.children),
  }));
}

function tooDeep(path: readonly string[]): ValidationError {
  return ValidationError.at([...path], `populate is nested more than ${MAX_POPULATE_DEPTH} levels deep at ${path.join('.')}`);
}

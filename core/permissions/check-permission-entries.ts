import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { Dialect } from '../db/connect.js';
import { ValidationError } from '../errors.js';
import { isPlainObject } from '../query/is-plain-object.js';
import { instantiateConditions, SAMPLE_VARIABLES } from './conditions.js';
import { ACTIONS, type Action, type PermissionEntry } from './types.js';

/** A mistake in a permission list, with the path to it; callers turn it into a ConfigError or a 400. */
export class PermissionEntryError extends Error {
  override readonly name = 'PermissionEntryError';
  constructor(readonly path: string[], readonly problem: string, readonly fix: string) {
    super(`${path.join('.')}: ${problem}`);
  }
}

const ENTRY_KEYS = new Set(['subject', 'actions', 'conditions', 'fields']);
const ACTION_SET = new Set<string>([...ACTIONS, '*']);

/**
 * Checks permission entries (roles.json, the roles API, custom API tokens)
 * against the content model: subjects exist, actions are known, field lists
 * name real attributes, and conditions parse in the filter language. So a
 * typo fails at boot or at save time, never silently at request time.
 */
export function checkPermissionEntries(
  raw: unknown, registry: ContentTypeRegistry, dialect: Dialect, path: string[] = ['permissions'],
): PermissionEntry[] {
  if (!Array.isArray(raw)) throw new PermissionEntryError(path, 'must be an array of permission entries', 'use e.g. [{ "subject": "article", "actions": ["find"] }]');
  return raw.map((item, index) => checkEntry(item, registry, dialect, [...path, String(index)]));
}

function checkEntry(raw: unknown, registry: ContentTypeRegistry, dialect: Dialect, path: string[]): PermissionEntry {
  if (!isPlainObject(raw)) throw new PermissionEntryError(path, 'must be an object', 'use { "subject", "actions", "conditions"?, "fields"? }');
  for (const key of Object.keys(raw)) {
    if (!ENTRY_KEYS.has(key)) throw new PermissionEntryError([...path, key], `unknown key "${key}"`, 'use only subject, actions, conditions and fields');
  }
  const { subject, actions, conditions, fields } = raw;
  if (typeof subject !== 'string' || subject === '') {
    throw new PermissionEntryError([...path, 'subject'], 'must be a content type\'s singular name or "*"', 'set "subject"');
  }
  const type = subject === '*' ? undefined : registry.get(subject);
  if (subject !== '*' && !type) {
    throw new PermissionEntryError([...path, 'subject'], `unknown content type "${subject}"`, `use one of *, ${registry.all().map((t) => t.singularName).join(', ')}`);
  }
  if (!Array.isArray(actions) || actions.length === 0) {
    throw new PermissionEntryError([...path, 'actions'], 'must be a non-empty array', `use some of ${[...ACTION_SET].join(', ')}`);
  }
  actions.forEach((action, index) => {
    if (typeof action !== 'string' || !ACTION_SET.has(action)) {
      throw new PermissionEntryError([...path, 'actions', String(index)], `unknown action ${JSON.stringify(action)}`, `use one of ${[...ACTION_SET].join(', ')}`);
    }
  });
  const entry: PermissionEntry = { subject, actions: [...new Set(actions as Array<Action | '*'>)] };

  if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string')) {
      throw new PermissionEntryError([...path, 'fields'], 'must be an array of attribute names', 'use e.g. ["title", "summary"]');
    }
    for (const [index, field] of (fields as string[]).entries()) {
      const known = type ? type.attributes.has(field) : registry.all().some((candidate) => candidate.attributes.has(field));
      if (!known) throw new PermissionEntryError([...path, 'fields', String(index)], `unknown attribute "${field}"`, 'name attributes of the subject type');
    }
    entry.fields = [...new Set(fields as string[])];
  }

  if (conditions !== undefined) {
    if (!isPlainObject(conditions)) throw new PermissionEntryError([...path, 'conditions'], 'must be a filter object', 'use e.g. { "createdBy": { "id": { "$eq": "$user.id" } } }');
    // Parse against every type the entry covers, with sample variables, so a bad condition fails now.
    for (const covered of type ? [type] : registry.all()) {
      try {
        instantiateConditions(conditions, covered, registry, dialect, SAMPLE_VARIABLES);
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new PermissionEntryError([...path, 'conditions'], `does not apply to ${covered.singularName}: ${error.message}`, 'write the condition in the filters language');
        }
        throw error;
      }
    }
    entry.conditions = conditions;
  }
  return entry;
}

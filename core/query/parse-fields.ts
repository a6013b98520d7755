import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import { ValidationError } from '../errors.js';
import { invalidKey, resolveField } from './resolve-field.js';
import type { ReadPolicy } from './types.js';

/**
 * `fields`: `title,price`, `fields[0]=title`, or `*` for all. Scalar fields
 * only (DESIGN §4); a relation, an unknown or an unreadable field is a 400.
 * Returns undefined for "every readable field".
 */
export function parseFields(
  raw: unknown, type: ContentType, registry: ContentTypeRegistry, policy: ReadPolicy, path: readonly string[],
): string[] | undefined {
  if (raw === undefined) return undefined;
  const items = typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : undefined;
  if (!items) throw ValidationError.at([...path], `${path.join('.')} must be a comma-separated list or an array of field names`);
  const names: string[] = [];
  for (const item of items) {
    if (typeof item !== 'string') throw ValidationError.at([...path], `${path.join('.')} must list field names`);
    for (const piece of item.split(',')) {
      const name = piece.trim();
      if (name === '*') return undefined;
      if (name === '') throw ValidationError.at([...path], `${path.join('.')} has an empty field name`);
      const field = resolveField(type, name, registry, policy, path);
      if (field.kind !== 'scalar') throw invalidKey(path, name);
      if (!names.includes(name)) names.push(name);
    }
  }
  return names;
}

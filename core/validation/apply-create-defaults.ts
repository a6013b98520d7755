import type { ContentType } from '../content-types/types.js';
import { STRING_COLUMN_LENGTH } from '../schema/build-snapshot.js';
import { slugify } from './slugify.js';

/**
 * The body a create is validated against: the input, plus the `default` of
 * every absent scalar, plus a uid slugified from its `targetField` when none
 * was given. Done before ajv so defaults and generated uids pass the same
 * checks as sent values. The input is not modified.
 */
export function applyCreateDefaults(type: ContentType, input: Record<string, unknown>): Record<string, unknown> {
  // fromEntries defines own properties, so a `__proto__` key stays a plain key for ajv to reject.
  const body: Record<string, unknown> = Object.fromEntries(Object.entries(input));
  for (const attribute of type.attributes.values()) {
    if (attribute.kind !== 'scalar' || attribute.default === undefined) continue;
    if (!Object.hasOwn(body, attribute.name)) body[attribute.name] = attribute.default;
  }
  for (const attribute of type.attributes.values()) {
    if (attribute.kind !== 'scalar' || attribute.type !== 'uid' || attribute.targetField === undefined) continue;
    // An empty form field (null or '') asks for a generated uid as much as an absent key does.
    const current = Object.hasOwn(body, attribute.name) ? body[attribute.name] : undefined;
    if (current !== undefined && current !== null && current !== '') continue;
    const source = Object.hasOwn(body, attribute.targetField) ? body[attribute.targetField] : undefined;
    if (typeof source !== 'string') continue;
    const slug = slugify(source, attribute.maxLength ?? STRING_COLUMN_LENGTH);
    if (slug !== '') body[attribute.name] = slug;
  }
  return body;
}

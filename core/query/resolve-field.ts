import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { Attribute, ContentType, ScalarAttribute } from '../content-types/types.js';
import { ValidationError } from '../errors.js';
import { findSystemAttribute } from './system-attributes.js';
import type { ReadPolicy, RelationStep } from './types.js';

export type ResolvedField =
  | { kind: 'scalar'; attribute: ScalarAttribute }
  | { kind: 'relation'; step: RelationStep };

/** Password fields are never readable, whatever the policy says (DESIGN §4). */
export function isReadable(policy: ReadPolicy, type: ContentType, attribute: Attribute): boolean {
  return attribute.type !== 'password' && policy.canRead(type, attribute.name);
}

/**
 * Resolves a field name used in a query (filters, sort, fields, populate) to a
 * readable scalar or relation of `type`. Unknown and unreadable names get the
 * same answer, so a caller cannot probe which private fields exist.
 */
export function resolveField(
  type: ContentType,
  name: string,
  registry: ContentTypeRegistry,
  policy: ReadPolicy,
  path: readonly string[],
): ResolvedField {
  const system = findSystemAttribute(type, name);
  if (system) {
    // id and documentId identify an entry and are always readable; the timestamps are the policy's call.
    if (name !== 'id' && name !== 'documentId' && !policy.canRead(type, name)) throw invalidKey(path, name);
    return { kind: 'scalar', attribute: system };
  }
  const attribute = type.attributes.get(name);
  if (!attribute || !isReadable(policy, type, attribute)) throw invalidKey(path, name);
  if (attribute.kind === 'scalar') return { kind: 'scalar', attribute };
  const target = registry.get(attribute.target);
  if (!target || !policy.canReadType(target)) throw invalidKey(path, name);
  return { kind: 'relation', step: { attribute, target } };
}

export function invalidKey(path: readonly string[], key: string): ValidationError {
  const at = [...path, key];
  return ValidationError.at(at, `Invalid key ${key} at ${at.join('.')}`);
}

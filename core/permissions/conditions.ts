import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { parseFilters } from '../query/parse-filters.js';
import type { FilterNode, ReadPolicy } from '../query/types.js';

/** The values `$user.id`, `$user.role` and `$now` stand for in one request. */
export interface ConditionVariables {
  /** Absent for anonymous callers and API tokens: conditions about the user then match nothing. */
  user?: { id: number; role: string };
  now: Date;
}

export const SAMPLE_VARIABLES: ConditionVariables = { user: { id: 1, role: 'authenticated' }, now: new Date(0) };

/** Conditions may name any field, private ones and createdBy included: they are the admin's words, not the caller's. */
const CONDITION_POLICY: ReadPolicy = { canRead: () => true, canReadType: () => true };

const USER_VARIABLES = new Set(['$user.id', '$user.role']);

export function mentionsUser(template: unknown): boolean {
  if (typeof template === 'string') return USER_VARIABLES.has(template);
  if (Array.isArray(template)) return template.some(mentionsUser);
  if (template !== null && typeof template === 'object') return Object.values(template).some(mentionsUser);
  return false;
}

/** A filter no row satisfies (an empty OR). */
export const NO_ROWS: FilterNode = { kind: 'or', children: [] };

/**
 * A condition template with its variables filled in, parsed into a filter
 * tree. A condition about the user grants no rows when there is no user.
 */
export function instantiateConditions(
  template: Record<string, unknown>, type: ContentType, registry: ContentTypeRegistry, dialect: Dialect, variables: ConditionVariables,
): FilterNode {
  if (!variables.user && mentionsUser(template)) return NO_ROWS;
  const filled = substitute(template, variables);
  return parseFilters(filled, type, registry, CONDITION_POLICY, dialect, ['conditions']) ?? { kind: 'and', children: [] };
}

function substitute(value: unknown, variables: ConditionVariables): unknown {
  if (typeof value === 'string') {
    if (value === '$user.id') return variables.user!.id;
    if (value === '$user.role') return variables.user!.role;
    if (value === '$now') return variables.now.toISOString();
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, variables));
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [key, item] of Object.entries(value)) copy[key] = substitute(item, variables);
    return copy;
  }
  return value;
}

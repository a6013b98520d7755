import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import { ACTIONS, type Action, type PermissionEntry } from './types.js';

/** What one role may do with one action on one type. */
export interface Grant {
  /** Row conditions, any of which admits a row; undefined means every row. */
  conditions?: ReadonlyArray<Record<string, unknown>>;
  /** Attribute names that may be read and written; undefined means all of them. */
  fields?: ReadonlySet<string>;
}

/** A role's permissions, resolved per type and action once, then looked up per request. */
export interface PermissionTable {
  grant(type: ContentType, action: Action): Grant | undefined;
}

const EVERYTHING: Grant = {};

/** The admin role: everything, whatever its stored entries say. */
export const FULL_ACCESS: PermissionTable = { grant: () => EVERYTHING };

/**
 * Merges entries per (type, action). Several entries widen each other: an
 * entry without conditions admits every row, one without `fields` every
 * attribute; otherwise conditions are OR-ed and field lists joined.
 */
export function compilePermissionTable(entries: readonly PermissionEntry[], registry: ContentTypeRegistry): PermissionTable {
  const grants = new Map<string, Map<Action, Grant>>();
  for (const type of registry.all()) {
    const byAction = new Map<Action, Grant>();
    for (const action of ACTIONS) {
      const matching = entries.filter((entry) =>
        (entry.subject === '*' || entry.subject === type.singularName)
        && (entry.actions.includes('*') || entry.actions.includes(action)));
      if (matching.length === 0) continue;
      const grant: { conditions?: Array<Record<string, unknown>>; fields?: Set<string> } = {};
      if (matching.every((entry) => entry.conditions !== undefined)) grant.conditions = matching.map((entry) => entry.conditions!);
      if (matching.every((entry) => entry.fields !== undefined)) {
        grant.fields = new Set(matching.flatMap((entry) => entry.fields!).filter((field) => type.attributes.has(field)));
      }
      byAction.set(action, grant);
    }
    grants.set(type.singularName, byAction);
  }
  return { grant: (type, action) => grants.get(type.singularName)?.get(action) };
}

/**
 * The permission model of DESIGN §5: roles hold permission entries, written
 * the same way in config/roles.json, in the roles API and in custom API tokens.
 */

export const ACTIONS = ['find', 'findOne', 'create', 'update', 'delete', 'publish', 'readDraft', 'readHistory'] as const;
export type Action = (typeof ACTIONS)[number];

/** The four built-in role types; admin-made roles get their own slug. */
export const BUILT_IN_ROLE_TYPES = ['public', 'authenticated', 'editor', 'admin'] as const;
export type BuiltInRoleType = (typeof BUILT_IN_ROLE_TYPES)[number];

export interface PermissionEntry {
  /** A content type's singular name, or `*` for every type. */
  subject: string;
  actions: Array<Action | '*'>;
  /** A filter (the `filters` language) with `$user.id`, `$user.role` and `$now` variables. */
  conditions?: Record<string, unknown>;
  /** An allow-list of attribute names for reads and writes. */
  fields?: string[];
}

export interface RoleDefinition {
  type: string;
  name: string;
  description?: string;
  permissions: PermissionEntry[];
}

/** A role as stored: `source: 'config'` roles come from roles.json and are read-only elsewhere. */
export interface StoredRole extends RoleDefinition {
  id: number;
  documentId: string;
  source: 'config' | 'database';
}

import type { BuiltInRoleType, RoleDefinition } from './types.js';

/**
 * The built-in roles when config/roles.json does not define them. Public and
 * Authenticated start with nothing: nothing is open unless a role grants it.
 * Editors work on all content; admins can do everything (their entries are
 * not even consulted).
 */
export const DEFAULT_ROLES: Record<BuiltInRoleType, RoleDefinition> = {
  public: { type: 'public', name: 'Public', description: 'Anonymous callers.', permissions: [] },
  authenticated: { type: 'authenticated', name: 'Authenticated', description: 'The default role of registered users.', permissions: [] },
  editor: {
    type: 'editor', name: 'Editor', description: 'Creates, edits and publishes content in the admin panel.',
    permissions: [{ subject: '*', actions: ['find', 'findOne', 'create', 'update', 'delete', 'publish', 'readDraft', 'readHistory'] }],
  },
  admin: { type: 'admin', name: 'Admin', description: 'Everything, including users, roles, API tokens and settings.', permissions: [{ subject: '*', actions: ['*'] }] },
};

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import { parseJsonFile } from '../content-types/load-content-types.js';
import type { Dialect } from '../db/connect.js';
import { ConfigError } from '../errors.js';
import { isPlainObject } from '../query/is-plain-object.js';
import { checkPermissionEntries, PermissionEntryError } from './check-permission-entries.js';
import type { RoleDefinition } from './types.js';

const ROLE_KEYS = new Set(['type', 'name', 'description', 'permissions']);
export const ROLE_TYPE_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;

/**
 * `config/roles.json` (DESIGN §5): roles as code. Optional; every mistake is a
 * ConfigError naming the path and the fix, so a typo stops boot instead of
 * silently granting or refusing access.
 */
export function loadRolesConfig(configDir: string, registry: ContentTypeRegistry, dialect: Dialect): RoleDefinition[] {
  const file = join(configDir, 'roles.json');
  if (!existsSync(file)) return [];
  const raw = parseJsonFile(file);
  if (!isPlainObject(raw) || !Array.isArray(raw.roles)) {
    throw new ConfigError(file, '', 'must be an object with a "roles" array', 'use { "roles": [ { "type": "public", "name": "Public", "permissions": [] } ] }');
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'roles') throw new ConfigError(file, key, `unknown key "${key}"`, 'keep only "roles"');
  }
  const seen = new Set<string>();
  return raw.roles.map((role: unknown, index: number) => {
    const at = `roles.${index}`;
    if (!isPlainObject(role)) throw new ConfigError(file, at, 'must be an object', 'use { "type", "name", "permissions" }');
    for (const key of Object.keys(role)) {
      if (!ROLE_KEYS.has(key)) throw new ConfigError(file, `${at}.${key}`, `unknown key "${key}"`, `use only ${[...ROLE_KEYS].join(', ')}`);
    }
    const { type, name, description, permissions } = role;
    if (typeof type !== 'string' || !ROLE_TYPE_PATTERN.test(type)) {
      throw new ConfigError(file, `${at}.type`, 'must be a lowercase slug such as "public" or "reviewer"', 'set "type"');
    }
    if (seen.has(type)) throw new ConfigError(file, `${at}.type`, `role "${type}" is defined twice`, 'merge the two definitions');
    seen.add(type);
    if (typeof name !== 'string' || name.trim() === '') throw new ConfigError(file, `${at}.name`, 'must be a non-empty string', 'set "name"');
    if (description !== undefined && typeof description !== 'string') throw new ConfigError(file, `${at}.description`, 'must be a string', 'use text');
    try {
      const checked = checkPermissionEntries(permissions ?? [], registry, dialect, ['permissions']);
      return { type, name, ...(description !== undefined ? { description } : {}), permissions: checked };
    } catch (error) {
      if (error instanceof PermissionEntryError) throw new ConfigError(file, `${at}.${error.path.join('.')}`, error.problem, error.fix);
      throw error;
    }
  });
}

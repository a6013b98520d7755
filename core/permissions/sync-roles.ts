import type { Knex } from 'knex';
import { newDocumentId } from '../content/document-id.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { DEFAULT_ROLES } from './default-roles.js';
import { BUILT_IN_ROLE_TYPES, type RoleDefinition } from './types.js';

/**
 * Makes the roles table match config at boot (DESIGN §5): roles in
 * config/roles.json are written over whatever the database holds (config
 * wins) and marked read-only; built-in roles missing from both get their
 * defaults; a role dropped from config stays (users may hold it) but becomes
 * editable. Safe when several workers boot at once: inserts ignore conflicts
 * and updates are idempotent.
 */
export async function syncRoles(knex: Knex, configured: readonly RoleDefinition[]): Promise<void> {
  const table = SYSTEM_TABLE.roles;
  const configuredTypes = new Set(configured.map((role) => role.type));
  const now = new Date().toISOString();
  const row = (role: RoleDefinition, source: 'config' | 'database') => ({
    type: role.type,
    name: role.name,
    description: role.description ?? null,
    permissions: JSON.stringify(role.permissions),
    source,
  });

  await knex.transaction(async (trx) => {
    for (const role of configured) {
      await trx(table).insert({ ...row(role, 'config'), document_id: newDocumentId(), created_at: now, updated_at: now }).onConflict('type').ignore();
      await trx(table).where('type', role.type).update({ ...row(role, 'config'), updated_at: now });
    }
    for (const type of BUILT_IN_ROLE_TYPES) {
      if (configuredTypes.has(type)) continue;
      await trx(table).insert({ ...row(DEFAULT_ROLES[type], 'database'), document_id: newDocumentId(), created_at: now, updated_at: now }).onConflict('type').ignore();
    }
    const stale = trx(table).where('source', 'config');
    if (configuredTypes.size > 0) stale.whereNotIn('type', [...configuredTypes]);
    await stale.update({ source: 'database', updated_at: now });
  });
}

import type { Knex } from 'knex';
import type { Principal } from '../auth/principal.js';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Database } from '../db/connect.js';
import type { Metrics } from '../metrics.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { createAccess, type Access } from './access.js';
import { compilePermissionTable, FULL_ACCESS, type PermissionTable } from './permission-table.js';
import { ACTIONS, type Action, type PermissionEntry } from './types.js';

/** Roles whose members read private fields and use the admin panel. */
const PRIVILEGED_ROLES = new Set(['admin', 'editor']);

/**
 * A compiled role is reused until it is invalidated (a role written through
 * this process) or this old: other workers and instances see a role change
 * within this time.
 */
const ROLE_CACHE_MS = 2_000;

const READ_ONLY_ENTRIES: PermissionEntry[] = [{ subject: '*', actions: ['find', 'findOne'] }];
const FULL_ACCESS_ENTRIES: PermissionEntry[] = [{ subject: '*', actions: ['*'] }];

interface CompiledRole {
  table: PermissionTable;
  privileged: boolean;
  expires: number;
}

export interface Permissions {
  /** What this caller may do during one request. */
  accessFor(principal: Principal): Promise<Access>;
  /** Forget compiled roles, after a role is written. */
  invalidate(): void;
  /** The actions the caller may take on a type: what the admin panel offers. */
  allowedActions(access: Access, type: ContentType): Action[];
}

export interface PermissionsDeps {
  db: Database;
  registry: ContentTypeRegistry;
  metrics: Metrics;
}

export function createPermissions({ db, registry, metrics }: PermissionsDeps): Permissions {
  const deps = { registry, dialect: db.dialect, metrics };
  const cache = new Map<string, CompiledRole>();
  const readOnly = compilePermissionTable(READ_ONLY_ENTRIES, registry);
  const fullAccess = compilePermissionTable(FULL_ACCESS_ENTRIES, registry);
  const nothing = compilePermissionTable([], registry);

  async function compiledRole(key: string, lookup: (query: Knex.QueryBuilder) => Knex.QueryBuilder): Promise<CompiledRole> {
    const cached = cache.get(key);
    if (cached && cached.expires > Date.now()) return cached;
    const row = await lookup(db.knex(SYSTEM_TABLE.roles).first('type', 'permissions')) as { type: string; permissions: unknown } | undefined;
    const compiled: CompiledRole = !row
      ? { table: nothing, privileged: false, expires: Date.now() + ROLE_CACHE_MS }
      : {
        table: row.type === 'admin' ? FULL_ACCESS : compilePermissionTable(readEntries(row.permissions), registry),
        privileged: PRIVILEGED_ROLES.has(row.type),
        expires: Date.now() + ROLE_CACHE_MS,
      };
    cache.set(key, compiled);
    return compiled;
  }

  function tokenTable(principal: Extract<Principal, { kind: 'apiToken' }>): PermissionTable {
    if (principal.tokenType === 'read-only') return readOnly;
    if (principal.tokenType === 'full-access') return fullAccess;
    // A token's permissions never change after creation (tokens are created and revoked, not edited).
    const key = `token:${principal.tokenId}`;
    const cached = cache.get(key);
    if (cached) return cached.table;
    const table = compilePermissionTable(principal.permissions, registry);
    cache.set(key, { table, privileged: false, expires: Number.POSITIVE_INFINITY });
    return table;
  }

  return {
    async accessFor(principal) {
      switch (principal.kind) {
        case 'anonymous': {
          const role = await compiledRole('role:public', (query) => query.where('type', 'public'));
          return createAccess(principal, role.table, false, deps);
        }
        case 'user': {
          if (!principal.role) return createAccess(principal, nothing, false, deps);
          const roleId = principal.role.id;
          const role = await compiledRole(`role:${roleId}`, (query) => query.where('id', roleId));
          return createAccess(principal, role.table, role.privileged, deps);
        }
        case 'apiToken':
          return createAccess(principal, tokenTable(principal), false, deps);
      }
    },
    invalidate: () => cache.clear(),
    allowedActions: (access, type) => ACTIONS.filter((action) => access.can(type, action)),
  };
}

/** The stored JSON column: text on SQLite, parsed already on PostgreSQL. */
export function readEntries(value: unknown): PermissionEntry[] {
  const parsed = typeof value === 'string' ? JSON.parse(value) as unknown : value;
  return Array.isArray(parsed) ? parsed as PermissionEntry[] : [];
}

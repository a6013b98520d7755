import type { Knex } from 'knex';
import { newDocumentId } from '../content/document-id.js';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { Dialect } from '../db/connect.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { isPlainObject } from '../query/is-plain-object.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { checkPermissionEntries, PermissionEntryError } from './check-permission-entries.js';
import { ROLE_TYPE_PATTERN } from './load-roles-config.js';
import { readEntries } from './permissions.js';
import { BUILT_IN_ROLE_TYPES, type PermissionEntry, type StoredRole } from './types.js';

const table = SYSTEM_TABLE.roles;
const BUILT_IN = new Set<string>(BUILT_IN_ROLE_TYPES);
const WRITABLE_KEYS = new Set(['type', 'name', 'description', 'permissions']);

export interface RoleView extends StoredRole {
  createdAt: string;
  updatedAt: string;
}

/** The roles API's data (DESIGN §5): admin-made roles live here; roles from config/roles.json are read-only. */
export interface RolesStore {
  list(): Promise<RoleView[]>;
  get(id: number): Promise<RoleView>;
  create(body: unknown): Promise<RoleView>;
  update(id: number, body: unknown): Promise<RoleView>;
  delete(id: number): Promise<void>;
}

export interface RolesStoreDeps {
  knex: Knex;
  registry: ContentTypeRegistry;
  dialect: Dialect;
  /** Called after every write, so compiled roles are rebuilt. */
  changed(): void;
}

interface RoleRow {
  id: number;
  document_id: string;
  type: string;
  name: string;
  description: string | null;
  permissions: unknown;
  source: 'config' | 'database';
  created_at: unknown;
  updated_at: unknown;
}

function toView(row: RoleRow): RoleView {
  return {
    id: Number(row.id),
    documentId: row.document_id,
    type: row.type,
    name: row.name,
    ...(row.description !== null ? { description: row.description } : {}),
    permissions: readEntries(row.permissions),
    source: row.source,
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}

export function createRolesStore({ knex, registry, dialect, changed }: RolesStoreDeps): RolesStore {
  async function find(id: number): Promise<RoleRow> {
    const row = await knex(table).where('id', id).first() as RoleRow | undefined;
    if (!row) throw new NotFoundError('Not Found');
    return row;
  }

  function readBody(body: unknown, creating: boolean): { type?: string; name?: string; description?: string | null; permissions?: PermissionEntry[] } {
    const data = isPlainObject(body) && isPlainObject(body.data) ? body.data : body;
    if (!isPlainObject(data)) throw new ValidationError('The body must be an object: { "name", "description"?, "permissions" }');
    const unknown = Object.keys(data).filter((key) => !WRITABLE_KEYS.has(key));
    if (unknown.length > 0) throw ValidationError.at([unknown[0]!], `Unknown key: ${unknown.join(', ')}`);
    const result: ReturnType<typeof readBody> = {};
    if (data.name !== undefined || creating) {
      if (typeof data.name !== 'string' || data.name.trim() === '' || data.name.length > 255) throw ValidationError.at(['name'], 'name must be a non-empty string');
      result.name = data.name.trim();
    }
    if (data.type !== undefined) {
      if (!creating) throw ValidationError.at(['type'], 'A role\'s type cannot change');
      if (typeof data.type !== 'string' || !ROLE_TYPE_PATTERN.test(data.type)) throw ValidationError.at(['type'], 'type must be a lowercase slug, e.g. "reviewer"');
      result.type = data.type;
    } else if (creating) {
      result.type = result.name!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64) || 'role';
      if (!/^[a-z]/.test(result.type)) result.type = `role-${result.type}`.slice(0, 64);
    }
    if (data.description !== undefined) {
      if (data.description !== null && typeof data.description !== 'string') throw ValidationError.at(['description'], 'description must be a string');
      result.description = data.description;
    }
    if (data.permissions !== undefined || creating) {
      try {
        result.permissions = checkPermissionEntries(data.permissions ?? [], registry, dialect, ['permissions']);
      } catch (error) {
        if (error instanceof PermissionEntryError) throw ValidationError.at(error.path, `${error.path.join('.')}: ${error.problem}`);
        throw error;
      }
    }
    return result;
  }

  function assertEditable(row: RoleRow): void {
    if (row.source === 'config') throw new ForbiddenError(`Role "${row.type}" is defined in config/roles.json: change it there`);
  }

  return {
    async list() {
      const rows = await knex(table).orderBy('id') as RoleRow[];
      return rows.map(toView);
    },
    get: async (id) => toView(await find(id)),

    async create(body) {
      const input = readBody(body, true);
      const now = new Date().toISOString();
      const taken = await knex(table).where('type', input.type!).first('id');
      if (taken) throw new ConflictError(`A role of type "${input.type}" already exists`, { errors: [{ path: ['type'], message: 'This attribute must be unique', name: 'ValidationError' }] });
      const [inserted] = await knex(table).insert({
        document_id: newDocumentId(), type: input.type, name: input.name, description: input.description ?? null,
        permissions: JSON.stringify(input.permissions ?? []), source: 'database', created_at: now, updated_at: now,
      }).returning('id') as Array<{ id: number }>;
      changed();
      return toView(await find(Number(inserted!.id)));
    },

    async update(id, body) {
      const row = await find(id);
      assertEditable(row);
      const input = readBody(body, false);
      const changes: Record<string, unknown> = { updated_at: new Date().toISOString() };
      if (input.name !== undefined) changes.name = input.name;
      if (input.description !== undefined) changes.description = input.description;
      if (input.permissions !== undefined) changes.permissions = JSON.stringify(input.permissions);
      await knex(table).where('id', id).update(changes);
      changed();
      return toView(await find(id));
    },

    async delete(id) {
      const row = await find(id);
      assertEditable(row);
      if (BUILT_IN.has(row.type)) throw new ForbiddenError(`The built-in role "${row.type}" cannot be deleted`);
      const holders = await knex(SYSTEM_TABLE.users).where('role_id', id).count({ count: '*' }).first() as { count: number | string } | undefined;
      const count = Number(holders?.count ?? 0);
      if (count > 0) throw new ConflictError(`${count} user(s) hold this role: give them another role first`);
      await knex(table).where('id', id).delete();
      changed();
    },
  };
}

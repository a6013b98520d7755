import type { Knex } from 'knex';
import type { Dialect } from '../db/connect.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { readBoolean, readEmail, readFields, readPassword, readUsername } from './auth-input.js';
import { listUsers } from './list-users.js';
import { hashPassword } from './password.js';
import type { Principal, RoleRef } from './principal.js';
import { revokeUserSessions } from './sessions.js';
import { storedBoolean } from './stored-values.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import {
  assertAvailable, findRoleByType, findUserById, insertUser, roleById, roleByType, toUserView, updateUser,
  type UserChanges, type UserRow, type UserView,
} from './users.js';

const { users } = SYSTEM_TABLE;
const WRITABLE = ['username', 'email', 'password', 'role', 'confirmed', 'blocked'];

export interface UserAdminDeps {
  knex: Knex;
  dialect: Dialect;
}

/** `/api/users` for admins, and `/api/users/me` for everyone signed in (Strapi's shapes, not wrapped in `{data}`). */
export interface UserAdmin {
  me(principal: Extract<Principal, { kind: 'user' }>): Promise<UserView>;
  list(querystring: string): Promise<UserView[]>;
  findOne(key: string): Promise<UserView>;
  create(body: unknown): Promise<UserView>;
  update(key: string, body: unknown): Promise<UserView>;
  remove(key: string): Promise<UserView>;
}

export function createUserAdmin({ knex, dialect }: UserAdminDeps): UserAdmin {
  async function userByKey(key: string, trx: Knex = knex): Promise<UserRow> {
    const where = /^\d{1,15}$/.test(key) ? { id: Number(key) } : { document_id: key };
    const row = await trx(users).where(where).first<UserRow | undefined>();
    if (!row) throw new NotFoundError('Not Found');
    return row;
  }

  /** A role by id, or by type for convenience (`"role": "editor"`). */
  async function readRole(value: unknown): Promise<RoleRef> {
    let role: RoleRef | null;
    if (typeof value === 'number' && Number.isInteger(value)) role = await roleById(knex, value);
    else if (typeof value === 'string' && value !== '') role = await findRoleByType(knex, value);
    else throw ValidationError.at(['role'], 'role must be a role id or a role type');
    if (!role) throw ValidationError.at(['role'], 'Unknown role');
    return role;
  }

  /** Demoting, blocking or deleting the last active admin would lock everyone out of the admin API. */
  async function keepAnAdmin(trx: Knex, target: UserRow, after: { roleId?: number; blocked?: boolean; deleted?: boolean }): Promise<void> {
    const current = await roleById(trx, target.role_id);
    if (current?.type !== 'admin' || storedBoolean(target.blocked)) return;
    const stillAdmin = !after.deleted && after.blocked !== true && (after.roleId === undefined || after.roleId === current.id);
    if (stillAdmin) return;
    const others = await trx(users).where({ role_id: current.id, blocked: false }).whereNot({ id: target.id }).first('id');
    if (!others) throw new ValidationError('This is the last active admin: make another admin first');
  }

  const withRole = async (row: UserRow, trx: Knex = knex) => toUserView(row, await roleById(trx, row.role_id));

  return {
    async me(principal) {
      const row = await findUserById(knex, principal.userId);
      if (!row) throw new NotFoundError('Not Found');
      return withRole(row);
    },

    list: (querystring) => listUsers(knex, dialect, querystring),

    findOne: async (key) => withRole(await userByKey(key)),

    async create(body) {
      const fields = readFields(body, WRITABLE, ['username', 'email', 'password']);
      const username = readUsername(fields);
      const email = readEmail(fields);
      const password = readPassword(fields);
      const role = fields.role === undefined ? await roleByType(knex, 'authenticated') : await readRole(fields.role);
      const confirmed = readBoolean(fields, 'confirmed') ?? true;
      const blocked = readBoolean(fields, 'blocked') ?? false;
      await assertAvailable(knex, username, email);
      const passwordHash = await hashPassword(password);
      const row = await insertUser(knex, { username, email, passwordHash, roleId: role.id, confirmed, blocked });
      return toUserView(row, role);
    },

    async update(key, body) {
      const fields = readFields(body, WRITABLE, []);
      const changes: UserChanges = {};
      if (fields.username !== undefined) changes.username = readUsername(fields);
      if (fields.email !== undefined) changes.email = readEmail(fields);
      if (fields.role !== undefined) changes.roleId = (await readRole(fields.role)).id;
      const confirmed = readBoolean(fields, 'confirmed');
      if (confirmed !== undefined) changes.confirmed = confirmed;
      const blocked = readBoolean(fields, 'blocked');
      if (blocked !== undefined) changes.blocked = blocked;
      const password = fields.password === undefined ? undefined : readPassword(fields);
      const target = await userByKey(key);
      await assertAvailable(knex, changes.username, changes.email, target.id);
      if (password !== undefined) changes.passwordHash = await hashPassword(password);
      // The write comes first: on SQLite it takes the lock before anything is read.
      return knex.transaction(async (trx) => {
        await updateUser(trx, target.id, changes);
        await keepAnAdmin(trx, target, { ...(changes.roleId !== undefined ? { roleId: changes.roleId } : {}), ...(blocked !== undefined ? { blocked } : {}) });
        // A new password or a block ends every session; a role change needs
        // nothing, since each request reads the current role.
        if (changes.passwordHash !== undefined || blocked === true) await revokeUserSessions(trx, target.id);
        return withRole(await userByKey(String(target.id), trx), trx);
      });
    },

    async remove(key) {
      const row = await userByKey(key);
      const view = await withRole(row);
      await knex.transaction(async (trx) => {
        const deleted = await trx(users).where({ id: row.id }).delete();
        if (deleted === 0) throw new NotFoundError('Not Found');
        await keepAnAdmin(trx, row, { deleted: true });
      });
      return view;
    },
  };
}

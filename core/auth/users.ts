import type { Knex } from 'knex';
import { newDocumentId } from '../content/document-id.js';
import { ValidationError } from '../errors.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import type { RoleRef } from './principal.js';
import { isoNow, storedBoolean, storedDate } from './stored-values.js';
import { isUniqueViolation } from './unique-violation.js';

const { users, roles } = SYSTEM_TABLE;

export const TAKEN_MESSAGE = 'Email or username are already taken';
export const BLOCKED_MESSAGE = 'Your account has been blocked by an administrator';

/** A larder_users row as the drivers return it. */
export interface UserRow {
  id: number;
  document_id: string;
  username: string;
  email: string;
  password: string | null;
  confirmed: unknown;
  blocked: unknown;
  role_id: number | null;
  created_at: unknown;
  updated_at: unknown;
}

/** The user object of the API (DESIGN §10); `role` only when populated. */
export interface UserView {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed: boolean;
  blocked: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  role?: RoleRef | null;
}

export function toUserView(row: UserRow, role?: RoleRef | null): UserView {
  return {
    id: Number(row.id),
    documentId: row.document_id,
    username: row.username,
    email: row.email,
    confirmed: storedBoolean(row.confirmed),
    blocked: storedBoolean(row.blocked),
    createdAt: storedDate(row.created_at),
    updatedAt: storedDate(row.updated_at),
    ...(role !== undefined ? { role } : {}),
  };
}

/** Emails are stored and compared case-folded. */
export function foldEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function findUserById(knex: Knex, id: number): Promise<UserRow | undefined> {
  return knex(users).where({ id }).first<UserRow | undefined>();
}

/**
 * Login's lookup: the identifier is an email or a username, both matched
 * case-insensitively. The indexed exact matches run first; the lower()
 * comparison is the fallback for usernames typed in another case.
 */
export async function findUserByIdentifier(knex: Knex, identifier: string): Promise<UserRow | undefined> {
  const folded = identifier.trim().toLowerCase();
  const byEmail = await knex(users).where({ email: folded }).first<UserRow | undefined>();
  if (byEmail) return byEmail;
  const byUsername = await knex(users).where({ username: identifier }).first<UserRow | undefined>();
  if (byUsername) return byUsername;
  return knex(users).whereRaw('lower(??) = ?', ['username', folded]).orderBy('id').first<UserRow | undefined>();
}

export async function findUserByEmail(knex: Knex, email: string): Promise<UserRow | undefined> {
  return knex(users).where({ email: foldEmail(email) }).first<UserRow | undefined>();
}

export async function findRoleByType(knex: Knex, type: string): Promise<RoleRef | null> {
  const row = await knex(roles).where({ type }).first<{ id: number; type: string; name: string } | undefined>('id', 'type', 'name');
  return row ? { id: Number(row.id), type: row.type, name: row.name } : null;
}

/** The role row for a built-in type; roles.json sync guarantees the four built-in ones at boot. */
export async function roleByType(knex: Knex, type: string): Promise<RoleRef> {
  const role = await findRoleByType(knex, type);
  if (!role) throw new Error(`The built-in role "${type}" is missing from ${roles}: roles are synced at boot`);
  return role;
}

export async function roleById(knex: Knex, id: number | null): Promise<RoleRef | null> {
  if (id === null) return null;
  const row = await knex(roles).where({ id }).first<{ id: number; type: string; name: string } | undefined>('id', 'type', 'name');
  return row ? { id: Number(row.id), type: row.type, name: row.name } : null;
}

/**
 * Usernames are unique regardless of case (login matches them that way);
 * the database index only knows exact case, so this checks first, and the
 * index still catches a race.
 */
export async function assertAvailable(knex: Knex, username: string | undefined, email: string | undefined, exceptId?: number): Promise<void> {
  if (username === undefined && email === undefined) return;
  const query = knex(users).where((where) => {
    if (username !== undefined) where.orWhereRaw('lower(??) = ?', ['username', username.toLowerCase()]);
    if (email !== undefined) where.orWhere({ email: foldEmail(email) });
  });
  if (exceptId !== undefined) query.whereNot({ id: exceptId });
  if (await query.first('id')) throw new ValidationError(TAKEN_MESSAGE);
}

export interface NewUser {
  username: string;
  email: string;
  passwordHash: string;
  roleId: number;
  confirmed: boolean;
  blocked: boolean;
}

export async function insertUser(knex: Knex, user: NewUser): Promise<UserRow> {
  const now = isoNow();
  try {
    const inserted = await knex(users).insert({
      document_id: newDocumentId(),
      username: user.username,
      email: foldEmail(user.email),
      password: user.passwordHash,
      confirmed: user.confirmed,
      blocked: user.blocked,
      role_id: user.roleId,
      created_at: now,
      updated_at: now,
    }).returning('id');
    const row = await findUserById(knex, Number((inserted[0] as { id: number }).id));
    if (!row) throw new Error('user vanished after insert');
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError(TAKEN_MESSAGE);
    throw error;
  }
}

export interface UserChanges {
  username?: string;
  email?: string;
  passwordHash?: string;
  roleId?: number;
  confirmed?: boolean;
  blocked?: boolean;
}

export async function updateUser(knex: Knex, id: number, changes: UserChanges): Promise<void> {
  const row: Record<string, unknown> = { updated_at: isoNow() };
  if (changes.username !== undefined) row.username = changes.username;
  if (changes.email !== undefined) row.email = foldEmail(changes.email);
  if (changes.passwordHash !== undefined) row.password = changes.passwordHash;
  if (changes.roleId !== undefined) row.role_id = changes.roleId;
  if (changes.confirmed !== undefined) row.confirmed = changes.confirmed;
  if (changes.blocked !== undefined) row.blocked = changes.blocked;
  try {
    await knex(users).where({ id }).update(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ValidationError(TAKEN_MESSAGE);
    throw error;
  }
}

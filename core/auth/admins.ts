import type { Knex } from 'knex';
import { ConfigError, ForbiddenError, ValidationError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { Metrics } from '../metrics.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { counted } from './auth-attempts.js';
import { readEmail, readFields, readPassword, readUsername } from './auth-input.js';
import { issueSession, type AuthResult } from './issue-session.js';
import type { AccessTokens } from './jwt.js';
import { hashPassword } from './password.js';
import { assertAvailable, insertUser, roleByType, type UserRow } from './users.js';

const { users, roles } = SYSTEM_TABLE;

export interface NewAdmin {
  email: string;
  password: string;
  /** Defaults to the email. */
  username?: string;
}

/** True once any user holds the `admin` role, blocked or not. */
export async function hasAdmin(knex: Knex): Promise<boolean> {
  const row = await knex(users).join(roles, `${roles}.id`, `${users}.role_id`).where(`${roles}.type`, 'admin').first(`${users}.id`);
  return row !== undefined;
}

/** Checks an admin's fields with the same rules as registration (CLI and environment). */
function readAdmin(input: NewAdmin): { username: string; email: string; password: string } {
  const fields = readFields({ ...input, username: input.username ?? input.email }, ['username', 'email', 'password']);
  return { username: readUsername(fields), email: readEmail(fields), password: readPassword(fields) };
}

/**
 * Takes the write lock (SQLite) or the admin role's row lock (PostgreSQL)
 * first, so two "first admin" requests on any number of instances are
 * serialised, and the second sees the first's admin.
 */
async function lockAdminRole(trx: Knex.Transaction): Promise<void> {
  await trx(roles).where({ type: 'admin' }).update({ updated_at: trx.ref('updated_at') });
}

async function insertAdmin(trx: Knex.Transaction, admin: { username: string; email: string }, passwordHash: string): Promise<UserRow> {
  await assertAvailable(trx, admin.username, admin.email);
  const role = await roleByType(trx, 'admin');
  return insertUser(trx, { ...admin, passwordHash, roleId: role.id, confirmed: true, blocked: false });
}

/** `larder admin:create`: an admin, whether or not others exist (whoever runs it has the server). */
export async function createAdmin(knex: Knex, input: NewAdmin): Promise<UserRow> {
  const admin = readAdmin(input);
  await assertAvailable(knex, admin.username, admin.email);
  const passwordHash = await hashPassword(admin.password);
  return knex.transaction(async (trx) => {
    await lockAdminRole(trx);
    return insertAdmin(trx, admin, passwordHash);
  });
}

/** LARDER_ADMIN_EMAIL / LARDER_ADMIN_PASSWORD at boot: created only while no admin exists. */
export async function bootstrapAdmin(knex: Knex, input: NewAdmin | undefined, log: Logger): Promise<void> {
  if (!input || (await hasAdmin(knex))) return;
  let admin: ReturnType<typeof readAdmin>;
  try {
    admin = readAdmin(input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    // A boot-time setting: one clear message naming the variable, no stack (DESIGN §2).
    const field = (error.details.errors as Array<{ path: string[] }> | undefined)?.[0]?.path[0];
    const variable = field === 'password' ? 'LARDER_ADMIN_PASSWORD' : 'LARDER_ADMIN_EMAIL';
    throw new ConfigError(variable, '', error.message, 'set a valid email and a password of 8 to 256 characters');
  }
  const passwordHash = await hashPassword(admin.password);
  const created = await knex.transaction(async (trx) => {
    await lockAdminRole(trx);
    if (await hasAdmin(trx)) return undefined;
    return insertAdmin(trx, admin, passwordHash);
  });
  if (created) log.info({ event: 'admin.created', userId: Number(created.id), source: 'environment' }, 'created the admin from LARDER_ADMIN_EMAIL');
}

export interface FirstAdminDeps {
  knex: Knex;
  tokens: AccessTokens;
  metrics: Metrics;
}

/** The admin panel's first run (DESIGN §9): register an admin while none exists. */
export function createFirstAdminRegistration({ knex, tokens, metrics }: FirstAdminDeps) {
  const closed = () => new ForbiddenError('An admin already exists: sign in instead');
  return {
    hasAdmin: () => hasAdmin(knex),
    register: (body: unknown): Promise<AuthResult> => counted(metrics, 'register-admin', async () => {
      const fields = readFields(body, ['username', 'email', 'password']);
      const admin = { username: readUsername(fields), email: readEmail(fields) };
      const password = readPassword(fields);
      // Refused before hashing, so a closed endpoint costs no scrypt.
      if (await hasAdmin(knex)) throw closed();
      const passwordHash = await hashPassword(password);
      return knex.transaction(async (trx) => {
        await lockAdminRole(trx);
        if (await hasAdmin(trx)) throw closed();
        const user = await insertAdmin(trx, admin, passwordHash);
        const { jwt, user: view, refreshToken } = await issueSession(trx, tokens, user);
        return { jwt, user: view, refreshToken };
      });
    }),
  };
}

export type FirstAdminRegistration = ReturnType<typeof createFirstAdminRegistration>;

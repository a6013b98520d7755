import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { hashOpaqueToken, newOpaqueToken, OPAQUE_TOKEN_PATTERN } from './opaque-token.js';
import type { Principal } from './principal.js';
import { isoNow, storedBoolean } from './stored-values.js';

const { sessions, refreshTokens, users, roles } = SYSTEM_TABLE;

/**
 * A session is what a login creates: the `sid` in every access token, and a
 * family of refresh tokens. Its lifetime is absolute (not extended by
 * refreshing), so a stolen refresh token is useful for a bounded time at most.
 */
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

export type UserPrincipal = Extract<Principal, { kind: 'user' }>;

export interface NewSession {
  sessionId: number;
  sid: string;
  refreshToken: string;
}

export type Rotation =
  | { kind: 'rotated'; userId: number; sid: string; refreshToken: string }
  /** Unknown token, ended session, or blocked user. */
  | { kind: 'invalid' }
  /** A token used before: its whole family (session) was just revoked. */
  | { kind: 'reused' };

export async function createSession(knex: Knex, userId: number): Promise<NewSession> {
  const sid = randomBytes(32).toString('base64url');
  const now = isoNow();
  // Ended sessions (and, by cascade, their refresh tokens) are dropped as the
  // user signs in again, so the tables stay the size of the live sessions. A
  // token of a dropped session is then unknown, which is the same 401.
  await knex(sessions).where({ user_id: userId }).andWhere((ended) => ended.whereNotNull('revoked_at').orWhere('expires_at', '<=', now)).delete();
  const inserted = await knex(sessions)
    .insert({ sid, user_id: userId, created_at: now, expires_at: isoNow(SESSION_LIFETIME_MS) })
    .returning('id');
  const sessionId = Number((inserted[0] as { id: number }).id);
  const refreshToken = await issueRefreshToken(knex, sessionId);
  return { sessionId, sid, refreshToken };
}

async function issueRefreshToken(knex: Knex, sessionId: number): Promise<string> {
  const token = newOpaqueToken();
  await knex(refreshTokens).insert({ session_id: sessionId, token_hash: hashOpaqueToken(token), created_at: isoNow() });
  return token;
}

/**
 * Trades a refresh token for a new one in the same session. The first
 * statement marks the token used only if it was unused: it is a write, so
 * SQLite takes its lock at once, and on PostgreSQL a concurrent refresh with
 * the same token waits on the row and then finds it used, which is reuse.
 * Reuse revokes the family (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 */
export async function rotateRefreshToken(knex: Knex, token: string): Promise<Rotation> {
  if (!OPAQUE_TOKEN_PATTERN.test(token)) return { kind: 'invalid' };
  const tokenHash = hashOpaqueToken(token);
  return knex.transaction(async (trx) => {
    const now = isoNow();
    const marked = await trx(refreshTokens).where({ token_hash: tokenHash }).whereNull('used_at').update({ used_at: now });
    const row = await trx(refreshTokens)
      .join(sessions, `${sessions}.id`, `${refreshTokens}.session_id`)
      .join(users, `${users}.id`, `${sessions}.user_id`)
      .where(`${refreshTokens}.token_hash`, tokenHash)
      .first<{ session_id: number; sid: string; user_id: number; revoked_at: unknown; expires_at: unknown; blocked: unknown } | undefined>(
        `${refreshTokens}.session_id`, `${sessions}.sid`, `${sessions}.user_id`, `${sessions}.revoked_at`, `${sessions}.expires_at`, `${users}.blocked`,
      );
    if (!row) return { kind: 'invalid' };
    if (marked === 0) {
      await revokeSession(trx, Number(row.session_id));
      return { kind: 'reused' };
    }
    const alive = row.revoked_at === null && sessionUnexpired(row.expires_at, now) && !storedBoolean(row.blocked);
    if (!alive) return { kind: 'invalid' };
    const refreshToken = await issueRefreshToken(trx, Number(row.session_id));
    return { kind: 'rotated', userId: Number(row.user_id), sid: row.sid, refreshToken };
  });
}

function sessionUnexpired(expiresAt: unknown, now: string): boolean {
  const iso = expiresAt instanceof Date ? expiresAt.toISOString() : String(expiresAt);
  return iso > now;
}

/** Logout: ends the session a refresh token belongs to, used or not. False when the token is unknown. */
export async function endSessionOfRefreshToken(knex: Knex, token: string): Promise<boolean> {
  if (!OPAQUE_TOKEN_PATTERN.test(token)) return false;
  const row = await knex(refreshTokens).where({ token_hash: hashOpaqueToken(token) }).first<{ session_id: number } | undefined>('session_id');
  if (!row) return false;
  await revokeSession(knex, Number(row.session_id));
  return true;
}

export async function revokeSession(knex: Knex, sessionId: number): Promise<void> {
  await knex(sessions).where({ id: sessionId }).whereNull('revoked_at').update({ revoked_at: isoNow() });
}

/** Password change and reset: every session of the user ends, except the one just created. */
export async function revokeUserSessions(knex: Knex, userId: number, exceptSessionId?: number): Promise<void> {
  const query = knex(sessions).where({ user_id: userId }).whereNull('revoked_at');
  if (exceptSessionId !== undefined) query.whereNot({ id: exceptSessionId });
  await query.update({ revoked_at: isoNow() });
}

interface PrincipalRow {
  session_id: number;
  user_id: number;
  document_id: string;
  username: string;
  email: string;
  role_id: number | null;
  role_type: string | null;
  role_name: string | null;
}

/**
 * The per-request check of DESIGN §10, one indexed lookup: the session is
 * alive, its user is not blocked, and the role is the user's role now. So
 * logout, a password change, blocking and a role change apply on the next request.
 */
export async function findSessionPrincipal(knex: Knex, userId: number, sid: string): Promise<UserPrincipal | undefined> {
  const row = await knex(sessions)
    .join(users, `${users}.id`, `${sessions}.user_id`)
    .leftJoin(roles, `${roles}.id`, `${users}.role_id`)
    .where(`${sessions}.sid`, sid)
    .andWhere(`${sessions}.user_id`, userId)
    .whereNull(`${sessions}.revoked_at`)
    .andWhere(`${sessions}.expires_at`, '>', isoNow())
    .andWhere(`${users}.blocked`, false)
    .first<PrincipalRow | undefined>(
      `${sessions}.id as session_id`, `${users}.id as user_id`, `${users}.document_id`, `${users}.username`, `${users}.email`,
      `${roles}.id as role_id`, `${roles}.type as role_type`, `${roles}.name as role_name`,
    );
  if (!row) return undefined;
  return {
    kind: 'user',
    userId: Number(row.user_id),
    documentId: row.document_id,
    username: row.username,
    email: row.email,
    sessionId: Number(row.session_id),
    role: row.role_id === null ? null : { id: Number(row.role_id), type: row.role_type ?? '', name: row.role_name ?? '' },
  };
}

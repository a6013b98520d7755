import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { UnauthorizedError, ValidationError } from '../errors.js';
import type { Metrics } from '../metrics.js';
import { counted } from './auth-attempts.js';
import { readEmail, readFields, readNewPassword, readPassword, readString, readUsername } from './auth-input.js';
import { issueSession, type AuthResult } from './issue-session.js';
import type { AccessTokens } from './jwt.js';
import { hashPassword, verifyPassword } from './password.js';
import type { Principal } from './principal.js';
import { requireUser } from './require-principal.js';
import { revokeUserSessions, rotateRefreshToken, endSessionOfRefreshToken, revokeSession } from './sessions.js';
import { assertAvailable, BLOCKED_MESSAGE, findUserById, findUserByIdentifier, insertUser, roleByType, updateUser } from './users.js';
import { expireResetCodes } from './reset-codes.js';
import { storedBoolean } from './stored-values.js';

export const INVALID_CREDENTIALS = 'Invalid identifier or password';

export interface LocalAuthDeps {
  knex: Knex;
  tokens: AccessTokens;
  metrics: Metrics;
}

export interface LocalAuth {
  login(body: unknown): Promise<AuthResult>;
  register(body: unknown): Promise<AuthResult>;
  refresh(body: unknown): Promise<{ jwt: string; refreshToken: string }>;
  /** Ends the session of the body's refresh token, or else the caller's own session. */
  logout(body: unknown, principal: Principal): Promise<void>;
  changePassword(body: unknown, principal: Principal): Promise<AuthResult>;
}

/**
 * A hash of a random password, verified when the user does not exist, so an
 * unknown identifier costs the same scrypt as a wrong password (DESIGN §5).
 * One per process: it is a constant, computed on first use by whichever path
 * comes first, and both paths wait for it.
 */
let dummyHash: Promise<string> | undefined;
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

export function createLocalAuth({ knex, tokens, metrics }: LocalAuthDeps): LocalAuth {
  const withoutSession = ({ jwt, user, refreshToken }: AuthResult): AuthResult => ({ jwt, user, refreshToken });

  return {
    login: (body) => counted(metrics, 'local', async (mark) => {
      const fields = readFields(body, ['identifier', 'password']);
      const identifier = readString(fields, 'identifier', 255);
      const password = readString(fields, 'password', 1024);
      const dummy = await dummyPasswordHash();
      const user = await findUserByIdentifier(knex, identifier);
      // Exactly one scrypt on every path: a real hash, or the dummy one.
      const valid = await verifyPassword(password, user?.password ?? dummy);
      if (!user || !user.password || !valid) throw new ValidationError(INVALID_CREDENTIALS);
      // Told only to whoever knows the password, as Strapi does.
      if (storedBoolean(user.blocked)) {
        mark('blocked');
        throw new ValidationError(BLOCKED_MESSAGE);
      }
      return withoutSession(await issueSession(knex, tokens, user));
    }),

    register: (body) => counted(metrics, 'register', async () => {
      const fields = readFields(body, ['username', 'email', 'password']);
      const username = readUsername(fields);
      const email = readEmail(fields);
      const password = readPassword(fields);
      await assertAvailable(knex, username, email);
      const role = await roleByType(knex, 'authenticated');
      const passwordHash = await hashPassword(password);
      return knex.transaction(async (trx) => {
        const user = await insertUser(trx, { username, email, passwordHash, roleId: role.id, confirmed: true, blocked: false });
        return withoutSession(await issueSession(trx, tokens, user));
      });
    }),

    refresh: (body) => counted(metrics, 'refresh', async () => {
      const fields = readFields(body, ['refreshToken']);
      const rotation = await rotateRefreshToken(knex, readString(fields, 'refreshToken', 128));
      if (rotation.kind !== 'rotated') throw new UnauthorizedError('Invalid refresh token');
      const jwt = await tokens.sign({ userId: rotation.userId, sid: rotation.sid });
      return { jwt, refreshToken: rotation.refreshToken };
    }),

    async logout(body, principal) {
      const fields = readFields(body ?? {}, ['refreshToken'], []);
      if (fields.refreshToken !== undefined) {
        // Idempotent: an unknown or already-ended token has nothing left to end.
        await endSessionOfRefreshToken(knex, readString(fields, 'refreshToken', 128));
        return;
      }
      if (principal.kind !== 'user') throw new UnauthorizedError('Send the refresh token of the session to end');
      await revokeSession(knex, principal.sessionId);
    },

    changePassword: (body, principal) => counted(metrics, 'change-password', async () => {
      const caller = requireUser(principal);
      const fields = readFields(body, ['currentPassword', 'password', 'passwordConfirmation']);
      const current = readString(fields, 'currentPassword', 1024);
      const password = readNewPassword(fields);
      const user = await findUserById(knex, caller.userId);
      if (!user?.password || !(await verifyPassword(current, user.password))) {
        throw ValidationError.at(['currentPassword'], 'The provided current password is invalid');
      }
      if (current === password) throw ValidationError.at(['password'], 'Your new password must be different than your current password');
      const passwordHash = await hashPassword(password);
      return knex.transaction(async (trx) => {
        await updateUser(trx, user.id, { passwordHash });
        await expireResetCodes(trx, user.id);
        const result = await issueSession(trx, tokens, (await findUserById(trx, user.id)) ?? user);
        await revokeUserSessions(trx, user.id, result.sessionId);
        return withoutSession(result);
      });
    }),
  };
}

import type { Knex } from 'knex';
import type { Logger } from '../logging.js';
import type { Metrics } from '../metrics.js';
import { SYSTEM_TABLE } from '../schema/system-tables.js';
import { ValidationError } from '../errors.js';
import { counted } from './auth-attempts.js';
import { readEmail, readFields, readNewPassword, readString } from './auth-input.js';
import { issueSession, type AuthResult } from './issue-session.js';
import type { AccessTokens } from './jwt.js';
import type { Mailer } from './mailer.js';
import { hashOpaqueToken, newOpaqueToken, OPAQUE_TOKEN_PATTERN } from './opaque-token.js';
import { hashPassword } from './password.js';
import { revokeUserSessions } from './sessions.js';
import { isoNow, storedBoolean } from './stored-values.js';
import { BLOCKED_MESSAGE, findUserByEmail, findUserById, updateUser } from './users.js';

const { resetCodes } = SYSTEM_TABLE;

/** DESIGN: single-use, expiring; an hour is OWASP's upper bound for a reset link (Forgot Password cheat sheet). */
export const RESET_CODE_LIFETIME_MS = 60 * 60 * 1000;
const INCORRECT_CODE = 'Incorrect code provided';

export interface ResetCodesDeps {
  knex: Knex;
  tokens: AccessTokens;
  metrics: Metrics;
  mailer: Mailer;
  log: Logger;
  /** The page that takes `?code=`. */
  resetUrl: string;
}

export interface PasswordReset {
  /** Always resolves the same way; the lookup and the mail happen after the answer. */
  forgotPassword(body: unknown): Promise<void>;
  resetPassword(body: unknown): Promise<AuthResult>;
}

/** Any outstanding code of the user stops working: after a new code, a change or a reset. */
export async function expireResetCodes(knex: Knex, userId: number): Promise<void> {
  await knex(resetCodes).where({ user_id: userId }).whereNull('used_at').update({ used_at: isoNow() });
}

export function createPasswordReset(deps: ResetCodesDeps): PasswordReset {
  const { knex, tokens, metrics, mailer, log } = deps;

  /** Issues a code and mails it to the stored address, never to one taken from the request. */
  async function issueAndMail(email: string): Promise<void> {
    const user = await findUserByEmail(knex, email);
    if (!user || storedBoolean(user.blocked)) return;
    const code = newOpaqueToken();
    await knex.transaction(async (trx) => {
      // A new code replaces every earlier one, used or not.
      await trx(resetCodes).where({ user_id: user.id }).delete();
      await trx(resetCodes).insert({
        user_id: user.id, code_hash: hashOpaqueToken(code), created_at: isoNow(), expires_at: isoNow(RESET_CODE_LIFETIME_MS),
      });
    });
    const link = `${deps.resetUrl}${deps.resetUrl.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}`;
    await mailer.send({
      to: user.email,
      subject: 'Reset your password',
      text: `Someone asked to reset the password of ${user.username}.\n\nTo choose a new password, open this link within an hour:\n${link}\n\nIf this was not you, ignore this message.`,
    });
  }

  return {
    forgotPassword: (body) => counted(metrics, 'forgot-password', async () => {
      const email = readEmail(readFields(body, ['email']));
      // Answering before the lookup and the SMTP round trip makes the
      // response the same, in body and in time, whether the email exists or not.
      void issueAndMail(email).catch((error: unknown) => {
        log.error({ err: error, event: 'auth.reset_mail_failed' }, 'could not issue or mail a reset code');
      });
    }),

    resetPassword: (body) => counted(metrics, 'reset-password', async () => {
      const fields = readFields(body, ['code', 'password', 'passwordConfirmation']);
      const code = readString(fields, 'code', 128);
      const password = readNewPassword(fields);
      if (!OPAQUE_TOKEN_PATTERN.test(code)) throw ValidationError.at(['code'], INCORRECT_CODE);
      const codeHash = hashOpaqueToken(code);
      // Checked before hashing, so a made-up code costs no scrypt.
      const found = await knex(resetCodes).where({ code_hash: codeHash }).whereNull('used_at').andWhere('expires_at', '>', isoNow())
        .first<{ user_id: number } | undefined>('user_id');
      if (!found) throw ValidationError.at(['code'], INCORRECT_CODE);
      const passwordHash = await hashPassword(password);
      return knex.transaction(async (trx) => {
        // Single use: only one request can flip used_at.
        const consumed = await trx(resetCodes).where({ code_hash: codeHash }).whereNull('used_at').andWhere('expires_at', '>', isoNow())
          .update({ used_at: isoNow() });
        if (consumed !== 1) throw ValidationError.at(['code'], INCORRECT_CODE);
        const user = await findUserById(trx, Number(found.user_id));
        if (!user) throw ValidationError.at(['code'], INCORRECT_CODE);
        if (storedBoolean(user.blocked)) throw new ValidationError(BLOCKED_MESSAGE);
        await updateUser(trx, user.id, { passwordHash });
        await expireResetCodes(trx, user.id);
        const result = await issueSession(trx, tokens, (await findUserById(trx, user.id)) ?? user);
        await revokeUserSessions(trx, user.id, result.sessionId);
        return { jwt: result.jwt, user: result.user, refreshToken: result.refreshToken };
      });
    }),
  };
}

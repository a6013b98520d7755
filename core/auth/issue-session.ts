import type { Knex } from 'knex';
import type { AccessTokens } from './jwt.js';
import { createSession } from './sessions.js';
import { toUserView, type UserRow, type UserView } from './users.js';

/** What login, registration, password change and reset answer (Strapi's shape plus the refresh token). */
export interface AuthResult {
  jwt: string;
  user: UserView;
  refreshToken: string;
}

/** A new session for `user`: a refresh-token family and an access token carrying its `sid`. */
export async function issueSession(knex: Knex, tokens: AccessTokens, user: UserRow): Promise<AuthResult & { sessionId: number }> {
  const session = await createSession(knex, Number(user.id));
  const jwt = await tokens.sign({ userId: Number(user.id), sid: session.sid });
  return { jwt, user: toUserView(user), refreshToken: session.refreshToken, sessionId: session.sessionId };
}

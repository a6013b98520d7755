import type { Knex } from 'knex';
import { timed, type QueryTimer } from '../../db/query-timing.js';
import type { Middleware } from 'koa';
import type { ApiTokens } from '../../auth/api-tokens.js';
import { ACCESS_KEY_PREFIX } from '../../auth/api-tokens.js';
import { countAttempt } from '../../auth/auth-attempts.js';
import type { AccessTokens } from '../../auth/jwt.js';
import { ANONYMOUS, type Principal } from '../../auth/principal.js';
import { findSessionPrincipal } from '../../auth/sessions.js';
import { UnauthorizedError } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import { CALLER_OPTIONAL_PATHS } from '../routes/auth-routes.js';
import type { RequestState } from '../state.js';

export interface AuthenticateDeps {
  knex: Knex;
  tokens: AccessTokens;
  apiTokens: ApiTokens;
  metrics: Metrics;
}

/** `Bearer <token>`, the scheme case-insensitive (RFC 9110 §11.1), the token in base64url-ish characters. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** RFC 6750 §3: a 401 for a bad bearer token says which scheme and why. */
function invalidToken(message: string): UnauthorizedError {
  return new UnauthorizedError(message, {}, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
}

/**
 * Sets `ctx.state.principal` from the `Authorization` header (DESIGN §5, §10).
 * No header: anonymous. A bearer JWT or `lrd_` API token that does not check
 * out, or any other header: 401, never a silent downgrade to anonymous,
 * except on the endpoints that take no caller (CALLER_OPTIONAL_PATHS).
 * Only /api is authenticated: /metrics has its own bearer token, and health
 * checks and the admin panel's files need no caller.
 */
export function authenticate(deps: AuthenticateDeps): Middleware<RequestState> {
  const { knex, tokens, apiTokens, metrics } = deps;

  async function fromJwt(token: string, timer: QueryTimer): Promise<Principal> {
    const claims = await tokens.verify(token);
    const principal = claims && (await timed(timer, () => findSessionPrincipal(knex, claims.userId, claims.sid)));
    countAttempt(metrics, 'jwt', principal ? 'success' : 'failure');
    if (!principal) throw invalidToken('Invalid or expired token');
    return principal;
  }

  async function fromApiToken(accessKey: string, timer: QueryTimer): Promise<Principal> {
    const principal = await timed(timer, () => apiTokens.authenticate(accessKey));
    countAttempt(metrics, 'api-token', principal ? 'success' : 'failure');
    if (!principal) throw invalidToken('Invalid or expired API token');
    return principal;
  }

  async function fromHeader(header: string, timer: QueryTimer): Promise<Principal> {
    const token = BEARER.exec(header.trim())?.[1];
    if (!token) throw invalidToken('Malformed Authorization header: use "Bearer <token>"');
    if (token.startsWith(ACCESS_KEY_PREFIX)) return fromApiToken(token, timer);
    if (JWT_SHAPE.test(token)) return fromJwt(token, timer);
    throw invalidToken('Malformed Authorization header: the token is neither a JWT nor an API token');
  }

  return async (ctx, next) => {
    ctx.state.principal = ANONYMOUS;
    const header = ctx.get('authorization');
    const path = ctx.path.toLowerCase().replace(/\/+$/, '');
    if (header === '' || !(path === '/api' || path.startsWith('/api/'))) return next();
    try {
      ctx.state.principal = await fromHeader(header, ctx.state.timer);
    } catch (error) {
      // Login, refresh and the like take no caller: a stale token a client
      // still sends there is ignored, not a 401.
      if (!(error instanceof UnauthorizedError) || !CALLER_OPTIONAL_PATHS.has(path)) throw error;
    }
    const { principal } = ctx.state;
    if (principal.kind === 'user') ctx.state.userId = principal.userId;
    return next();
  };
}

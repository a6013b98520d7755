import type Router from '@koa/router';
import type { FirstAdminRegistration } from '../../auth/admins.js';
import { countAttempt, type AuthMethod } from '../../auth/auth-attempts.js';
import type { LocalAuth } from '../../auth/local-auth.js';
import type { RateLimiter } from '../../auth/rate-limit.js';
import type { PasswordReset } from '../../auth/reset-codes.js';
import { RateLimitError } from '../../errors.js';
import type { Metrics } from '../../metrics.js';
import { clientIp } from '../client-ip.js';
import { readJsonBody } from '../read-json-body.js';
import type { RequestState } from '../state.js';
import { methods, type RouteContext } from './route-methods.js';

export interface AuthRoutesDeps {
  localAuth: LocalAuth;
  passwordReset: PasswordReset;
  firstAdmin: FirstAdminRegistration;
  limiter: RateLimiter;
  metrics: Metrics;
  /** Trusted reverse-proxy hops (AppOptions.trustProxy). */
  trustProxy: number;
  jsonBodyBytes: number;
}

/**
 * Endpoints that take no caller: a stale access token a front-end still
 * attaches must not turn a login or a refresh into a 401 (Strapi marks these
 * routes `auth: false`). Logout uses the caller only when no refresh token is
 * sent. Lower-case, without a trailing slash, as the router matches them.
 */
export const CALLER_OPTIONAL_PATHS: ReadonlySet<string> = new Set([
  '/api/auth/local', '/api/auth/local/register', '/api/auth/refresh', '/api/auth/logout',
  '/api/auth/forgot-password', '/api/auth/reset-password', '/api/admin/init', '/api/admin/register-admin',
]);

/** Longer identifiers fail validation anyway; the cap keeps the limiter's keys small. */
const MAX_IDENTIFIER_KEY = 320;

/** A body field as a rate-limit key: case-folded, so `Bob@X.com` and `bob@x.com` share one budget. */
function folded(body: unknown, key: string): string | undefined {
  const value = (body as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value.trim().toLowerCase().slice(0, MAX_IDENTIFIER_KEY) : undefined;
}

/** The users-permissions auth endpoints (DESIGN §5, §10) and the admin panel's first run (§9). */
export function registerAuthRoutes(router: Router<RequestState>, deps: AuthRoutesDeps): void {
  const { localAuth, passwordReset, firstAdmin } = deps;
  const body = (ctx: RouteContext) => readJsonBody(ctx, deps.jsonBodyBytes);

  /**
   * Counts an attempt per client IP and per identifier. Keys name the
   * endpoint, not the request path, so case, trailing-slash or encoded
   * variants of a URL share one budget; and nothing else in the body moves them.
   */
  function limit(ctx: RouteContext, method: AuthMethod, identifiers: Array<string | undefined>): void {
    const ip = clientIp(ctx.req.socket.remoteAddress, ctx.get('x-forwarded-for'), deps.trustProxy);
    const keys = [`${method}|ip|${ip}`, ...identifiers.filter((id): id is string => !!id).map((id) => `${method}|id|${id}`)];
    const decision = deps.limiter.hit(keys);
    if (decision.allowed) return;
    countAttempt(deps.metrics, method, 'rate_limited');
    throw new RateLimitError('Too many attempts, please try again later', decision.retryAfterSeconds);
  }

  router.all('/api/auth/local', methods({
    POST: async (ctx) => {
      const input = await body(ctx);
      limit(ctx, 'local', [folded(input, 'identifier')]);
      ctx.body = await localAuth.login(input);
    },
  }));

  router.all('/api/auth/local/register', methods({
    POST: async (ctx) => {
      const input = await body(ctx);
      limit(ctx, 'register', [folded(input, 'email'), folded(input, 'username')]);
      ctx.body = await localAuth.register(input);
    },
  }));

  router.all('/api/auth/refresh', methods({
    POST: async (ctx) => {
      ctx.body = await localAuth.refresh(await body(ctx));
    },
  }));

  router.all('/api/auth/logout', methods({
    POST: async (ctx) => {
      await localAuth.logout(await body(ctx), ctx.state.principal);
      ctx.status = 204;
    },
  }));

  router.all('/api/auth/forgot-password', methods({
    POST: async (ctx) => {
      const input = await body(ctx);
      limit(ctx, 'forgot-password', [folded(input, 'email')]);
      await passwordReset.forgotPassword(input);
      ctx.body = { ok: true };
    },
  }));

  router.all('/api/auth/reset-password', methods({
    POST: async (ctx) => {
      const input = await body(ctx);
      // Codes are unguessable; the per-IP budget only keeps scrypt off the table for floods.
      limit(ctx, 'reset-password', []);
      ctx.body = await passwordReset.resetPassword(input);
    },
  }));

  router.all('/api/auth/change-password', methods({
    POST: async (ctx) => {
      const input = await body(ctx);
      const caller = ctx.state.principal;
      limit(ctx, 'change-password', [caller.kind === 'user' ? `user:${caller.userId}` : undefined]);
      ctx.body = await localAuth.changePassword(input, caller);
    },
  }));

  router.all('/api/admin/init', methods({
    GET: async (ctx) => {
      ctx.body = { data: { hasAdmin: await firstAdmin.hasAdmin() } };
    },
  }));

  router.all('/api/admin/register-admin', methods({
    POST: async (ctx) => {
      const input = await body(ctx);
      limit(ctx, 'register-admin', [folded(input, 'email')]);
      ctx.body = await firstAdmin.register(input);
    },
  }));
}

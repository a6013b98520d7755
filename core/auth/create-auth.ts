import type { AppOptions } from '../config/options.js';
import { DEFAULT_RATE_LIMIT } from '../config/options.js';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { Database } from '../db/connect.js';
import type { Logger } from '../logging.js';
import type { Metrics } from '../metrics.js';
import { createFirstAdminRegistration, type FirstAdminRegistration } from './admins.js';
import { createApiTokens, type ApiTokens } from './api-tokens.js';
import { createAccessTokens, type AccessTokens } from './jwt.js';
import { createLocalAuth, type LocalAuth } from './local-auth.js';
import { createMailer, type Mailer } from './mailer.js';
import { createRateLimiter, type RateLimiter } from './rate-limit.js';
import { createPasswordReset, type PasswordReset } from './reset-codes.js';
import { createUserAdmin, type UserAdmin } from './user-admin.js';

export interface AuthDeps {
  db: Database;
  registry: ContentTypeRegistry;
  metrics: Metrics;
  log: Logger;
  /** Tests pass a capturing mailer (AppRuntime.mailer); otherwise SMTP or the log. */
  mailer?: Mailer;
}

/** Everything auth, built once per app from its options. */
export interface Auth {
  tokens: AccessTokens;
  apiTokens: ApiTokens;
  localAuth: LocalAuth;
  passwordReset: PasswordReset;
  firstAdmin: FirstAdminRegistration;
  users: UserAdmin;
  limiter: RateLimiter;
}

/** Where a reset link points when LARDER_RESET_URL is not set: the admin panel's form. */
function defaultResetUrl(): string {
  return `http://localhost:${process.env.PORT ?? 8080}/admin/reset-password`;
}

export function createAuth(options: AppOptions, deps: AuthDeps): Auth {
  const { db, registry, metrics, log } = deps;
  const knex = db.knex;
  const tokens = createAccessTokens(options.secret);
  const mailer = deps.mailer ?? createMailer(options.mail, options.mode, log);
  return {
    tokens,
    apiTokens: createApiTokens({ knex, secret: options.secret, registry, dialect: db.dialect }),
    localAuth: createLocalAuth({ knex, tokens, metrics }),
    passwordReset: createPasswordReset({ knex, tokens, metrics, mailer, log, resetUrl: options.mail?.resetUrl ?? defaultResetUrl() }),
    firstAdmin: createFirstAdminRegistration({ knex, tokens, metrics }),
    users: createUserAdmin({ knex, dialect: db.dialect }),
    limiter: createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
  };
}

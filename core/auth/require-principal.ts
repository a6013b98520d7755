import { ForbiddenError, UnauthorizedError } from '../errors.js';
import type { Principal } from './principal.js';
import type { UserPrincipal } from './sessions.js';

/**
 * The users, tokens and settings endpoints are for users whose role type is
 * `admin` (DESIGN §5). API tokens never qualify, whatever their type: a
 * leaked token must not be able to mint more tokens or users.
 */
export function requireAdmin(principal: Principal): UserPrincipal {
  if (principal.kind === 'anonymous') throw new UnauthorizedError('Missing or invalid credentials');
  if (principal.kind !== 'user' || principal.role?.type !== 'admin') throw new ForbiddenError('Forbidden');
  return principal;
}

/** A signed-in user (not an API token), e.g. for /api/users/me. */
export function requireUser(principal: Principal): UserPrincipal {
  if (principal.kind === 'anonymous') throw new UnauthorizedError('Missing or invalid credentials');
  if (principal.kind !== 'user') throw new ForbiddenError('Only a signed-in user has a profile');
  return principal;
}

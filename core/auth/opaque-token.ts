import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens and reset codes: 32 random bytes, base64url, given to the
 * client once. Only their SHA-256 is stored: they carry 256 bits of entropy,
 * so a fast hash is enough, and a database leak gives nothing usable.
 */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Hex SHA-256: 64 characters, the width of the token_hash / code_hash columns. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** What a well-formed opaque token looks like; anything else is refused before a lookup. */
export const OPAQUE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

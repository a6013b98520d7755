import { createHmac, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/**
 * Access tokens (DESIGN §5, §10): HS256 JWTs signed with jose. A purpose of
 * its own in the `typ` header (RFC 8725 §3.11) keeps any other JWT Larder might
 * sign from being replayed as an access token. Refresh tokens and reset codes
 * are opaque random strings, never JWTs, so they cannot be confused with one.
 */
export const ACCESS_TOKEN_TYP = 'larder-access+jwt';
export const JWT_ISSUER = 'larder';
export const JWT_AUDIENCE = 'larder-api';
/** DESIGN §5: 15 minutes by default. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Clocks of instances behind one load balancer drift a little. */
const CLOCK_TOLERANCE_SECONDS = 5;

const SID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const SUB_PATTERN = /^[1-9]\d{0,15}$/;

export interface AccessClaims {
  userId: number;
  /** larder_sessions.sid: the session this token belongs to. */
  sid: string;
}

export interface AccessTokens {
  sign(claims: AccessClaims): Promise<string>;
  /** The claims of a valid access token, or undefined for anything else (the caller answers 401). */
  verify(token: string): Promise<AccessClaims | undefined>;
}

/**
 * The HS256 key, derived from LARDER_SECRET for this one purpose, so the
 * secret used raw elsewhere (API token HMACs) never signs tokens directly.
 */
export function accessTokenKey(secret: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', secret).update('larder:access-token:v1').digest());
}

export function createAccessTokens(secret: string, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS): AccessTokens {
  const key = accessTokenKey(secret);
  return {
    sign: ({ userId, sid }) =>
      new SignJWT({ sid })
        .setProtectedHeader({ alg: 'HS256', typ: ACCESS_TOKEN_TYP })
        .setIssuer(JWT_ISSUER)
        .setAudience(JWT_AUDIENCE)
        .setSubject(String(userId))
        .setJti(randomBytes(16).toString('base64url'))
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),

    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          // The allow-list is what stops `alg: none` and algorithm confusion.
          algorithms: ['HS256'],
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          typ: ACCESS_TOKEN_TYP,
          requiredClaims: ['exp', 'iat', 'jti', 'sub', 'sid'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        });
        const { sub, sid } = payload;
        if (typeof sub !== 'string' || !SUB_PATTERN.test(sub) || typeof sid !== 'string' || !SID_PATTERN.test(sid)) return undefined;
        return { userId: Number(sub), sid };
      } catch {
        // Every jose failure (signature, claims, malformed input) is the same 401.
        return undefined;
      }
    },
  };
}

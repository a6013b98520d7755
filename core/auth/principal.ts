import type { PermissionEntry } from '../permissions/types.js';

export type ApiTokenType = 'read-only' | 'full-access' | 'custom';

/** The role a user acts under, as read on every request (so a role change applies at once). */
export interface RoleRef {
  id: number;
  type: string;
  name: string;
}

/**
 * Who is calling, as established by the authenticate middleware from the
 * `Authorization` header. Everything below the HTTP edge decides access from
 * this alone.
 */
export type Principal =
  /** No credentials: acts under the `public` role. */
  | { kind: 'anonymous' }
  | {
    kind: 'user';
    userId: number;
    documentId: string;
    username: string;
    email: string;
    /** Row id in larder_sessions; the JWT's `sid` resolved. */
    sessionId: number;
    /** Null when the user's role was deleted: the user then has no permissions. */
    role: RoleRef | null;
  }
  | {
    kind: 'apiToken';
    tokenId: number;
    tokenType: ApiTokenType;
    /** Only for `custom` tokens. */
    permissions: PermissionEntry[];
  };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

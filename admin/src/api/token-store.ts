const REFRESH_KEY = 'larder.refreshToken';

/**
 * Where the session's tokens live: the short-lived access token only in
 * memory, the refresh token in localStorage so a reload or a new tab keeps
 * the session (the server rotates it on every use).
 */
export interface TokenStore {
  accessToken(): string | null;
  refreshToken(): string | null;
  set(tokens: { jwt: string; refreshToken?: string }): void;
  clear(): void;
}

export function createTokenStore(storage: Storage = window.localStorage): TokenStore {
  let jwt: string | null = null;
  return {
    accessToken: () => jwt,
    refreshToken: () => storage.getItem(REFRESH_KEY),
    set(tokens) {
      jwt = tokens.jwt;
      if (tokens.refreshToken) storage.setItem(REFRESH_KEY, tokens.refreshToken);
    },
    clear() {
      jwt = null;
      storage.removeItem(REFRESH_KEY);
    },
  };
}

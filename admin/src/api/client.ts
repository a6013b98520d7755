import { ApiError } from './api-error';
import { stringifyQuery, type QueryValue } from './query-string';
import type { TokenStore } from './token-store';

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** False for the auth endpoints themselves: no bearer token, no refresh on 401. */
  auth?: boolean;
  signal?: AbortSignal;
}

/**
 * Called when a request meets 401 and a silent refresh does not help. It
 * resolves once the user has signed in again (the request is then retried),
 * or rejects when they give up.
 */
export type SessionExpiredHandler = () => Promise<void>;

export interface ApiClient {
  readonly tokens: TokenStore;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** Rotates the refresh token for a new access token; false when the session is over. */
  refresh(): Promise<boolean>;
  onSessionExpired(handler: SessionExpiredHandler | null): void;
}

/**
 * The panel's only way to the server. It adds the bearer token, refreshes it
 * once on 401, and turns every failure into an ApiError carrying the API's
 * own message.
 */
export function createApiClient(tokens: TokenStore, baseUrl = ''): ApiClient {
  let expiredHandler: SessionExpiredHandler | null = null;
  let refreshing: Promise<boolean> | undefined;

  async function send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const jwt = tokens.accessToken();
    if (options.auth !== false && jwt) headers.authorization = `Bearer ${jwt}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const search = options.query ? stringifyQuery(options.query) : '';
    const url = `${baseUrl}${path}${search ? `?${search}` : ''}`;
    try {
      return await fetch(url, { method, headers, body, signal: options.signal ?? null });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw ApiError.network();
    }
  }

  async function refreshNow(): Promise<boolean> {
    // Read the token inside the lock: another tab may have rotated it meanwhile,
    // and reusing a rotated token would revoke the whole session (DESIGN §5).
    const refreshToken = tokens.refreshToken();
    if (!refreshToken) return false;
    const response = await send('POST', '/api/auth/refresh', { body: { refreshToken }, auth: false });
    if (!response.ok) {
      if (response.status >= 400 && response.status < 500) tokens.clear();
      return false;
    }
    const result = (await response.json()) as { jwt: string; refreshToken: string };
    tokens.set(result);
    return true;
  }

  function refresh(): Promise<boolean> {
    refreshing ??= withTabLock('larder.refresh', refreshNow)
      .catch(() => false)
      .finally(() => { refreshing = undefined; });
    return refreshing;
  }

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    let response = await send(method, path, options);
    if (response.status === 401 && options.auth !== false) {
      if (await refresh()) response = await send(method, path, options);
      // Two rounds at most: a 401 right after signing in again is not a session problem.
      for (let round = 0; round < 2 && response.status === 401 && expiredHandler; round += 1) {
        await expiredHandler();
        response = await send(method, path, options);
      }
    }
    return parse<T>(response);
  }

  return {
    tokens,
    request,
    refresh,
    onSessionExpired(handler) {
      expiredHandler = handler;
    },
  };
}

async function parse<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  if (!response.ok) throw ApiError.fromResponse(response.status, body);
  return body as T;
}

/** Serialises work across tabs with the Web Locks API, where the browser has it. */
async function withTabLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? await locks.request(name, work) : work();
}

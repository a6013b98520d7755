import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, errorMessage } from '../api/api-error';
import { fetchHasAdmin, fetchMe, registerAdmin, resetPassword, signIn, signOut } from '../api/auth';
import type { ApiClient } from '../api/client';
import type { AuthResult, User } from '../api/types';
import { currentLocation, hrefOf, navigate } from '../router/history';

export type SessionStatus = 'loading' | 'first-run' | 'signed-out' | 'signed-in' | 'unavailable';

export interface Session {
  status: SessionStatus;
  user: User | null;
  /** Why the server could not be asked (status `unavailable`). */
  problem: string | null;
  /** The session ended while signed in: requests wait until the user signs in again. */
  expired: boolean;
  isAdmin: boolean;
  signIn(identifier: string, password: string): Promise<void>;
  registerAdmin(input: { username: string; email: string; password: string }): Promise<void>;
  /** Sets a new password from a reset mail's code and signs in with it. */
  resetPassword(input: { code: string; password: string; passwordConfirmation: string }): Promise<void>;
  signOut(): Promise<void>;
  /** Sign in again after expiry; waiting requests are retried and nothing on screen is lost. */
  resume(identifier: string, password: string): Promise<void>;
  /** Give up after expiry: go to the login screen. */
  abandon(): void;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

export function SessionProvider({ client, children }: { client: ApiClient; children: ComponentChildren }) {
  const [state, setState] = useState<{ status: SessionStatus; user: User | null; problem: string | null }>({ status: 'loading', user: null, problem: null });
  const [expired, setExpired] = useState(false);
  const waiters = useRef<Waiter[]>([]);

  const boot = useCallback(async () => {
    setState({ status: 'loading', user: null, problem: null });
    try {
      if (!(await fetchHasAdmin(client))) {
        client.tokens.clear();
        setState({ status: 'first-run', user: null, problem: null });
        return;
      }
      if (client.tokens.refreshToken() && (await client.refresh())) {
        setState({ status: 'signed-in', user: await fetchMe(client), problem: null });
        return;
      }
      setState({ status: 'signed-out', user: null, problem: null });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setState({ status: 'signed-out', user: null, problem: null });
      else setState({ status: 'unavailable', user: null, problem: errorMessage(error) });
    }
  }, [client]);

  useEffect(() => { void boot(); }, [boot]);

  const start = useCallback(async (result: AuthResult) => {
    client.tokens.set(result);
    const user = await fetchMe(client);
    setState({ status: 'signed-in', user, problem: null });
    return user;
  }, [client]);

  // While signed in, a request that meets an ended session waits for `resume`.
  useEffect(() => {
    if (state.status !== 'signed-in') return undefined;
    client.onSessionExpired(() => new Promise<void>((resolve, reject) => {
      waiters.current.push({ resolve, reject });
      setExpired(true);
    }));
    return () => client.onSessionExpired(null);
  }, [client, state.status]);

  const settleWaiters = (error?: unknown) => {
    const pending = waiters.current;
    waiters.current = [];
    for (const waiter of pending) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  };

  const session = useMemo<Session>(() => ({
    ...state,
    expired,
    isAdmin: state.user?.role?.type === 'admin',
    async signIn(identifier, password) {
      await start(await signIn(client, { identifier, password }));
    },
    async registerAdmin(input) {
      await start(await registerAdmin(client, input));
    },
    async resetPassword(input) {
      await start(await resetPassword(client, input));
    },
    async signOut() {
      const refreshToken = client.tokens.refreshToken();
      if (refreshToken) await signOut(client, refreshToken).catch(() => undefined);
      client.tokens.clear();
      setState({ status: 'signed-out', user: null, problem: null });
      navigate('/login', { force: true, replace: true });
    },
    async resume(identifier, password) {
      const previous = state.user;
      const user = await start(await signIn(client, { identifier, password }));
      if (previous && user.id !== previous.id) {
        // Someone else signed in: nothing on screen belongs to them.
        window.location.assign(hrefOf('/'));
        return;
      }
      setExpired(false);
      settleWaiters();
    },
    abandon() {
      client.tokens.clear();
      setExpired(false);
      settleWaiters(new ApiError(401, 'UnauthorizedError', 'Your session has ended. Sign in again.'));
      setState({ status: 'signed-out', user: null, problem: null });
      navigate(`/login?next=${encodeURIComponent(currentLocation().href)}`, { force: true, replace: true });
    },
    retry() { void boot(); },
  }), [state, expired, client, start, boot]);

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside <SessionProvider>');
  return session;
}

import type { Metrics } from '../metrics.js';

/** `method` label values of larder_auth_attempts_total: a bounded set. */
export type AuthMethod =
  | 'local' | 'register' | 'refresh' | 'forgot-password' | 'reset-password' | 'change-password'
  | 'register-admin' | 'jwt' | 'api-token';

export type AuthOutcome = 'success' | 'failure' | 'blocked' | 'rate_limited';

export function countAttempt(metrics: Metrics, method: AuthMethod, outcome: AuthOutcome): void {
  metrics.authAttempts.inc({ method, outcome });
}

/**
 * Runs an auth operation and counts its outcome: success when it returns,
 * failure when it throws, unless it already counted something more specific.
 */
export async function counted<T>(metrics: Metrics, method: AuthMethod, work: (mark: (outcome: AuthOutcome) => void) => Promise<T>): Promise<T> {
  let marked: AuthOutcome | undefined;
  try {
    const result = await work((outcome) => {
      marked = outcome;
    });
    countAttempt(metrics, method, marked ?? 'success');
    return result;
  } catch (error) {
    countAttempt(metrics, method, marked ?? 'failure');
    throw error;
  }
}

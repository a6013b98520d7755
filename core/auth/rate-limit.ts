import type { RateLimitOptions } from '../config/options.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /**
   * Counts one attempt against each key in order, and stops at the first key
   * over its budget: a client already refused by its IP key creates no
   * further keys, so it cannot flood the table to evict its own counter.
   */
  hit(keys: readonly string[]): RateDecision;
}

/** Past this many live keys, expired windows are swept, then the oldest keys dropped. */
const MAX_KEYS = 100_000;

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed-window counters, in memory, per process. That is deliberate and
 * enough for its job (slowing password guessing and mail flooding): with N
 * processes or instances the effective budget is N times the setting. A
 * shared store (PostgreSQL or Redis) would make it exact, at a write per attempt.
 */
export function createRateLimiter(options: RateLimitOptions, now: () => number = Date.now): RateLimiter {
  const windowMs = options.windowSeconds * 1000;
  const windows = new Map<string, Window>();

  function sweep(at: number): void {
    for (const [key, window] of windows) if (window.resetAt <= at) windows.delete(key);
    // Map iteration is insertion order: what is left over the cap goes oldest first.
    for (const key of windows.keys()) {
      if (windows.size <= MAX_KEYS / 2) break;
      windows.delete(key);
    }
  }

  return {
    hit(keys) {
      const at = now();
      if (windows.size >= MAX_KEYS) sweep(at);
      for (const key of keys) {
        let window = windows.get(key);
        if (!window || window.resetAt <= at) {
          window = { count: 0, resetAt: at + windowMs };
          windows.delete(key);
          windows.set(key, window);
        }
        window.count += 1;
        if (window.count > options.max) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.resetAt - at) / 1000)) };
      }
      return { allowed: true };
    },
  };
}

import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../core/auth/rate-limit.js';
import { clientIp } from '../../core/http/client-ip.js';

describe('auth rate limiter', () => {
  it('allows max attempts per key and window, then answers when to retry', () => {
    let now = 1_000_000;
    const limiter = createRateLimiter({ max: 2, windowSeconds: 60 }, () => now);
    expect(limiter.hit(['a'])).toEqual({ allowed: true });
    expect(limiter.hit(['a'])).toEqual({ allowed: true });
    expect(limiter.hit(['a'])).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(limiter.hit(['b'])).toEqual({ allowed: true });
    now += 59_500;
    expect(limiter.hit(['a'])).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.hit(['a'])).toEqual({ allowed: true });
  });

  it('refuses when any of the keys is over budget', () => {
    const limiter = createRateLimiter({ max: 1, windowSeconds: 10 });
    expect(limiter.hit(['ip', 'id:x']).allowed).toBe(true);
    expect(limiter.hit(['ip2', 'id:x']).allowed).toBe(false);
    expect(limiter.hit(['ip', 'id:y']).allowed).toBe(false);
  });
});

describe('client IP', () => {
  it.each([
    ['no trusted proxy: the socket, whatever the header says', '10.0.0.1', '1.2.3.4', 0, '10.0.0.1'],
    ['one proxy: the entry it appended', '10.0.0.1', '6.6.6.6, 1.2.3.4', 1, '1.2.3.4'],
    ['two proxies: the entry the outer one appended', '10.0.0.1', '6.6.6.6, 1.2.3.4, 10.0.0.2', 2, '1.2.3.4'],
    ['more hops than entries: the leftmost', '10.0.0.1', '1.2.3.4', 3, '1.2.3.4'],
    ['one proxy, no header: the socket', '10.0.0.1', '', 1, '10.0.0.1'],
    ['IPv4-mapped IPv6', '::ffff:127.0.0.1', '', 0, '127.0.0.1'],
    ['IPv6 by /64', '2001:db8:0:1:aaaa:bbbb:cccc:dddd', '', 0, '2001:db8:0:1::/64'],
    ['IPv6 compressed by /64', '2001:db8::1', '', 0, '2001:db8:0:0::/64'],
  ])('%s', (_name, socket, forwarded, hops, expected) => {
    expect(clientIp(socket, forwarded, hops)).toBe(expected);
  });
});

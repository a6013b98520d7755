import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsText } from '../support/auth-session.js';
import { dialects } from '../support/databases.js';
import { sample } from '../support/metrics-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Login, register and forgot-password budgets (DESIGN §8, §10): per client
 * IP and per case-folded identifier, keyed on the endpoint. Each test tries
 * one way around them. Budgets are 2 a minute here; a refused attempt costs
 * no scrypt, so the suite stays quick.
 */
const LIMIT = { max: 2, windowSeconds: 60 };
let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}-${Math.random().toString(36).slice(2, 8)}`;

function expectRateLimited(response: { status: number; headers: Headers; body: any }): void {
  expect(response.status).toBe(429);
  expect(response.body).toMatchObject({ data: null, error: { status: 429, name: 'RateLimitError' } });
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(LIMIT.windowSeconds);
}

for (const dialect of dialects) {
  describe(`auth rate limits without a trusted proxy [${dialect}]`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ dialect, options: { rateLimit: LIMIT } });
    });
    afterAll(async () => {
      await app?.close();
    });

    it('X-Forwarded-For is ignored: spoofing a new address each time does not reset the IP budget', async () => {
      const before = await metricsText(app);
      const attempt = (i: number) => app.request('POST', '/api/auth/local',
        { identifier: unique('nobody'), password: 'some password' }, { 'x-forwarded-for': `203.0.113.${i}`, 'x-real-ip': `198.51.100.${i}` });
      expect((await attempt(1)).status).toBe(400);
      expect((await attempt(2)).status).toBe(400);
      expectRateLimited(await attempt(3));
      expectRateLimited(await attempt(4));
      const after = await metricsText(app);
      const limited = (text: string) => sample(text, 'larder_auth_attempts_total', { method: 'local', outcome: 'rate_limited' });
      expect(limited(after) - limited(before)).toBe(2);
    });

    it('path variants share the login budget: case, trailing slash, query string; encoded slashes never reach login', async () => {
      const attempt = (path: string) => app.request('POST', path, { identifier: unique('variant'), password: 'some password' });
      for (const path of ['/API/AUTH/LOCAL', '/api/auth/local/', '/api/Auth/Local/', '/api/auth/local?variant=1']) {
        expectRateLimited(await attempt(path));
      }
      for (const path of ['/api/auth%2Flocal', '/api/auth%2flocal', '//api/auth/local']) {
        // 404: not the login route at all. 400 would mean a fresh budget reached the password check.
        expect([429, 404], path).toContain((await attempt(path)).status);
      }
    });

    it('register has its own budget per IP; refused attempts never reach the database', async () => {
      const attempt = () => app.request('POST', '/api/auth/local/register', { username: unique('u'), email: `${unique('e')}@example.test` });
      expect((await attempt()).status).toBe(400); // no password
      expect((await attempt()).status).toBe(400);
      expectRateLimited(await attempt());
    });

    it('forgot-password has its own budget per IP', async () => {
      const attempt = () => app.request('POST', '/api/auth/forgot-password', { email: `${unique('f')}@example.test` });
      expect((await attempt()).status).toBe(200);
      expect((await attempt()).status).toBe(200);
      expectRateLimited(await attempt());
    });

    it('register-admin is rate-limited too', async () => {
      const attempt = () => app.request('POST', '/api/admin/register-admin', { username: unique('a'), email: `${unique('a')}@example.test` });
      expect((await attempt()).status).toBe(400);
      expect((await attempt()).status).toBe(400);
      expectRateLimited(await attempt());
    });
  });

  describe(`auth rate limits behind one trusted proxy [${dialect}]`, () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ dialect, options: { rateLimit: LIMIT, trustProxy: 1 } });
    });
    afterAll(async () => {
      await app?.close();
    });

    /** What the proxy sends: whatever the client put in X-Forwarded-For, then the address it saw. */
    const viaProxy = (clientSent: string | undefined, clientAddress: string) => ({
      'x-forwarded-for': clientSent ? `${clientSent}, ${clientAddress}` : clientAddress,
    });

    it('the proxy-appended address is the client: entries the client wrote itself change nothing', async () => {
      const attempt = (i: number) => app.request('POST', '/api/auth/local',
        { identifier: unique('nobody'), password: 'some password' }, viaProxy(`10.0.0.${i}, 192.0.2.${i}`, '198.51.100.7'));
      expect((await attempt(1)).status).toBe(400);
      expect((await attempt(2)).status).toBe(400);
      expectRateLimited(await attempt(3));
      // A different real client still has its budget.
      const other = await app.request('POST', '/api/auth/forgot-password', { email: 'x@example.test' }, viaProxy(undefined, '198.51.100.8'));
      expect(other.status).toBe(200);
    });

    it('the identifier budget holds across IPs, whatever the case or surrounding spaces', async () => {
      const variants = ['Victim@Example.test', 'victim@example.TEST', '  VICTIM@EXAMPLE.TEST '];
      const results = [];
      for (const [i, identifier] of variants.entries()) {
        results.push(await app.request('POST', '/api/auth/local', { identifier, password: 'some password' }, viaProxy(undefined, `203.0.113.${50 + i}`)));
      }
      expect(results[0]!.status).toBe(400);
      expect(results[1]!.status).toBe(400);
      expectRateLimited(results[2]!);
    });

    it('extra body fields do not make a new identifier', async () => {
      const attempt = (i: number, extra: Record<string, unknown>) => app.request('POST', '/api/auth/forgot-password',
        { email: 'same@example.test', ...extra }, viaProxy(undefined, `203.0.113.${100 + i}`));
      await attempt(1, {});
      await attempt(2, {});
      expectRateLimited(await attempt(3, { identifier: 'other', nonce: Math.random() }));
    });

    it('IPv6 clients are budgeted by /64: rotating the interface id does not help', async () => {
      const attempt = (suffix: string) => app.request('POST', '/api/auth/forgot-password',
        { email: `${unique('v6')}@example.test` }, viaProxy(undefined, `2001:db8:1:2::${suffix}`));
      expect((await attempt('a')).status).toBe(200);
      expect((await attempt('b')).status).toBe(200);
      expectRateLimited(await attempt('c'));
    });
  });
}

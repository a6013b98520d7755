import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenKey, ACCESS_TOKEN_TYP, JWT_AUDIENCE, JWT_ISSUER } from '../../core/auth/jwt.js';
import { AUTH_TEST_SECRET, bearer, login, metricsText, PASSWORD, registerFirstAdmin, registerUser, type Session } from '../support/auth-session.js';
import { captureMailer } from '../support/capture-mailer.js';
import { dialects } from '../support/databases.js';
import { sample } from '../support/metrics-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** One regression test per attack on authentication (DESIGN §5, §10). */

interface Forged {
  alg?: 'HS256' | 'HS512';
  typ?: string;
  key?: Uint8Array;
  iss?: string;
  aud?: string;
  sub?: string;
  sid?: string | undefined;
  expiresIn?: string | number;
}

/** A token signed like Larder's, with one thing changed. */
async function forge(session: { id: number; sid: string }, change: Forged = {}): Promise<string> {
  const claims: Record<string, unknown> = 'sid' in change ? (change.sid === undefined ? {} : { sid: change.sid }) : { sid: session.sid };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: change.alg ?? 'HS256', typ: change.typ ?? ACCESS_TOKEN_TYP })
    .setIssuer(change.iss ?? JWT_ISSUER)
    .setAudience(change.aud ?? JWT_AUDIENCE)
    .setSubject(change.sub ?? String(session.id))
    .setJti('forged-jti')
    .setIssuedAt()
    .setExpirationTime(change.expiresIn ?? '10m')
    .sign(change.key ?? accessTokenKey(AUTH_TEST_SECRET));
}

function sidOf(jwt: string): string {
  return (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { sid: string }).sid;
}

for (const dialect of dialects) {
  describe(`authentication attacks [${dialect}]`, () => {
    let app: TestApp;
    let admin: Session;
    let mallory: Session;
    const mailer = captureMailer();
    const me = (headers: Record<string, string>) => app.request('GET', '/api/users/me', undefined, headers);

    beforeAll(async () => {
      app = await startTestApp({ dialect, mailer, options: { secret: AUTH_TEST_SECRET, rateLimit: { max: 1000, windowSeconds: 60 } } });
      admin = await registerFirstAdmin(app);
      mallory = await registerUser(app, 'mallory');
    });
    afterAll(async () => {
      await app?.close();
    });

    it('a correctly forged token is accepted: the forging below changes one thing at a time', async () => {
      const token = await forge({ id: mallory.id, sid: sidOf(mallory.jwt) });
      expect((await me(bearer(token))).status).toBe(200);
    });

    const attacks: Array<[string, (session: { id: number; sid: string }, resetCode: string) => Promise<string> | string]> = [
      ['alg: none', (s) => new UnsecuredJWT({ sid: s.sid }).setIssuer(JWT_ISSUER).setAudience(JWT_AUDIENCE).setSubject(String(s.id)).setJti('x').setIssuedAt().setExpirationTime('10m').encode()],
      ['a wrong signature', (s) => forge(s, { key: accessTokenKey('another-secret-that-is-also-long-enough-0123456789') })],
      ['a token signed with the raw secret instead of the derived key', (s) => forge(s, { key: new TextEncoder().encode(AUTH_TEST_SECRET) })],
      ['another HMAC algorithm (HS512) with the right key', (s) => forge(s, { alg: 'HS512' })],
      ['an expired token', (s) => forge(s, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
      ['a wrong audience', (s) => forge(s, { aud: 'some-other-api' })],
      ['a wrong issuer', (s) => forge(s, { iss: 'evil' })],
      ['a wrong typ header', (s) => forge(s, { typ: 'JWT' })],
      ['no sid', (s) => forge(s, { sid: undefined })],
      ['a sid that is no session', (s) => forge(s, { sid: 'x'.repeat(43) })],
      ['another user\'s id with one\'s own session', (s) => forge(s, { sub: '1' })],
      ['the signature stripped', async (s) => `${(await forge(s)).split('.').slice(0, 2).join('.')}.`],
      ['a refresh token as an access token', () => mallory.refreshToken],
      ['a reset code as an access token', (_s, code) => code],
      ['an API-key-shaped string that is no key', () => `lrd_${'A'.repeat(43)}`],
      ['a random string', () => 'not-a-token'],
    ];

    it.each(attacks)('%s → 401 UnauthorizedError', async (_name, make) => {
      await app.request('POST', '/api/auth/forgot-password', { email: 'mallory@example.test' });
      const code = /code=([\w-]+)/.exec((await mailer.next('mallory@example.test')).text)![1]!;
      const token = await make({ id: mallory.id, sid: sidOf(mallory.jwt) }, code);
      const response = await me(bearer(token));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      expect(response.text).not.toMatch(/stack|at \w+ \(/);
    });

    it.each([
      ['Basic credentials', 'Basic YWRtaW46cGFzc3dvcmQ='],
      ['a bare token', 'eyJhbGciOiJub25lIn0.e30.'],
      ['an empty bearer', 'Bearer '],
      ['two tokens', 'Bearer a.b.c d.e.f'],
    ])('a malformed Authorization header (%s) → 401, never anonymous', async (_name, header) => {
      const response = await app.request('GET', '/api/articles', undefined, { authorization: header });
      expect(response.status).toBe(401);
      expect(response.body.error.name).toBe('UnauthorizedError');
    });

    it('a stale or malformed token sent to login, refresh or forgot-password is ignored there, not a 401', async () => {
      const session = await login(app, 'mallory');
      const stale = bearer(await forge({ id: mallory.id, sid: sidOf(mallory.jwt) }, { expiresIn: Math.floor(Date.now() / 1000) - 60 }));
      expect((await app.request('POST', '/api/auth/refresh', { refreshToken: session.refreshToken }, stale)).status).toBe(200);
      expect((await app.request('POST', '/api/auth/forgot-password', { email: 'x@example.test' }, { authorization: 'Basic eDp5' })).status).toBe(200);
      expect((await app.request('GET', '/api/admin/init/', undefined, stale)).status).toBe(200);
      expect((await app.request('POST', '/api/auth/change-password', {}, stale)).status).toBe(401);
    });

    it('a stale token after logout → 401', async () => {
      const session = await login(app, 'mallory');
      expect((await app.request('POST', '/api/auth/logout', { refreshToken: session.refreshToken })).status).toBe(204);
      expect((await me(session.headers)).status).toBe(401);
    });

    it('a stale token after another session changed the password → 401, and its refresh token too', async () => {
      const victim = await registerUser(app, 'changer');
      const other = await login(app, 'changer');
      const changed = await app.request('POST', '/api/auth/change-password',
        { currentPassword: PASSWORD, password: 'a new password', passwordConfirmation: 'a new password' }, victim.headers);
      expect(changed.status).toBe(200);
      expect((await me(other.headers)).status).toBe(401);
      expect((await app.request('POST', '/api/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
      expect((await me(bearer(changed.body.jwt))).status).toBe(200);
    });

    it('a stale token after a password reset → 401', async () => {
      const victim = await registerUser(app, 'resetter');
      await app.request('POST', '/api/auth/forgot-password', { email: 'resetter@example.test' });
      const code = /code=([\w-]+)/.exec((await mailer.next('resetter@example.test')).text)![1]!;
      const reset = await app.request('POST', '/api/auth/reset-password', { code, password: 'reset password!', passwordConfirmation: 'reset password!' });
      expect(reset.status).toBe(200);
      expect((await me(victim.headers)).status).toBe(401);
      expect((await app.request('POST', '/api/auth/refresh', { refreshToken: victim.refreshToken })).status).toBe(401);
    });

    it('a reset code expires, and is mailed only to the stored address', async () => {
      await app.request('POST', '/api/auth/forgot-password', { email: ' MALLORY@Example.test ' });
      const mail = await mailer.next('mallory@example.test');
      expect(mail.to).toBe('mallory@example.test');
      const code = /code=([\w-]+)/.exec(mail.text)![1]!;
      expect(code.length).toBeGreaterThanOrEqual(43);
      const rows = await app.app.db.knex('larder_reset_codes').select('code_hash', 'expires_at', 'created_at');
      expect(JSON.stringify(rows)).not.toContain(code);
      const row = rows.at(-1) as { expires_at: unknown; created_at: unknown };
      const lifetime = new Date(String(row.expires_at instanceof Date ? row.expires_at.toISOString() : row.expires_at)).getTime()
        - new Date(String(row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at)).getTime();
      expect(lifetime).toBeLessThanOrEqual(60 * 60 * 1000);
      // An hour passes.
      await app.app.db.knex('larder_reset_codes').update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      const response = await app.request('POST', '/api/auth/reset-password', { code, password: 'whatever123', passwordConfirmation: 'whatever123' });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe('Incorrect code provided');
    });

    it('blocking a user ends their access at the next request, and login says so only with the right password', async () => {
      const victim = await registerUser(app, 'blockee');
      const before = await metricsText(app);
      const blocked = await app.request('PUT', `/api/users/${victim.id}`, { blocked: true }, admin.headers);
      expect(blocked.status).toBe(200);
      expect((await me(victim.headers)).status).toBe(401);
      expect((await app.request('POST', '/api/auth/refresh', { refreshToken: victim.refreshToken })).status).toBe(401);
      const right = await app.request('POST', '/api/auth/local', { identifier: 'blockee', password: PASSWORD });
      expect(right.status).toBe(400);
      expect(right.body.error.message).toBe('Your account has been blocked by an administrator');
      const wrong = await app.request('POST', '/api/auth/local', { identifier: 'blockee', password: 'wrong password' });
      expect(wrong.body.error.message).toBe('Invalid identifier or password');
      const after = await metricsText(app);
      expect(sample(after, 'larder_auth_attempts_total', { method: 'local', outcome: 'blocked' })
        - sample(before, 'larder_auth_attempts_total', { method: 'local', outcome: 'blocked' })).toBe(1);
    });

    it('a role change applies to the very next request with the same token', async () => {
      const victim = await registerUser(app, 'promoted');
      expect((await app.request('GET', '/api/users', undefined, victim.headers)).status).toBe(403);
      expect((await app.request('PUT', `/api/users/${victim.id}`, { role: 'admin' }, admin.headers)).status).toBe(200);
      expect((await me(victim.headers)).body.role.type).toBe('admin');
      expect((await app.request('GET', '/api/users', undefined, victim.headers)).status).toBe(200);
      expect((await app.request('PUT', `/api/users/${victim.id}`, { role: 'authenticated' }, admin.headers)).status).toBe(200);
      expect((await app.request('GET', '/api/users', undefined, victim.headers)).status).toBe(403);
    });

    it('reusing a used refresh token revokes the whole family', async () => {
      const session = await login(app, 'mallory');
      const first = await app.request('POST', '/api/auth/refresh', { refreshToken: session.refreshToken });
      expect(first.status).toBe(200);
      // The attacker replays the stolen, already-used token.
      const replay = await app.request('POST', '/api/auth/refresh', { refreshToken: session.refreshToken });
      expect(replay.status).toBe(401);
      // The legitimate holder's newer token and access token are dead too.
      expect((await app.request('POST', '/api/auth/refresh', { refreshToken: first.body.refreshToken })).status).toBe(401);
      expect((await me(bearer(first.body.jwt))).status).toBe(401);
      expect((await me(session.headers)).status).toBe(401);
    });

    it('refresh tokens are stored hashed', async () => {
      const rows = await app.app.db.knex('larder_refresh_tokens').select('token_hash');
      expect(rows.length).toBeGreaterThan(0);
      expect(JSON.stringify(rows)).not.toContain(mallory.refreshToken);
      expect(rows.every((row: { token_hash: string }) => /^[0-9a-f]{64}$/.test(row.token_hash))).toBe(true);
    });

    /** Fastest of a few interleaved runs: robust to a busy machine, which only ever adds time. */
    async function fastest(runs: number, requests: Record<string, () => Promise<{ status: number; text: string }>>) {
      const result: Record<string, { ms: number; status: number; text: string }> = {};
      for (let run = 0; run < runs; run++) {
        for (const [name, send] of Object.entries(requests)) {
          const started = performance.now();
          const response = await send();
          const ms = performance.now() - started;
          if (!result[name] || ms < result[name].ms) result[name] = { ms, status: response.status, text: response.text };
        }
      }
      return result;
    }

    it('login: an unknown user and a wrong password get the same answer in about the same time', async () => {
      const post = (body: unknown) => () => app.request('POST', '/api/auth/local', body);
      const { baseline, unknown, wrong } = await fastest(2, {
        baseline: post({ identifier: 'mallory' }), // refused before any hash: no password
        unknown: post({ identifier: 'nobody-at-all', password: 'some password' }),
        wrong: post({ identifier: 'mallory', password: 'some password' }),
      });
      expect(unknown!.status).toBe(400);
      expect(unknown!.text).toBe(wrong!.text);
      expect(JSON.parse(wrong!.text).error.message).toBe('Invalid identifier or password');
      // Both paths run one scrypt, many times the baseline; a skipped hash would leave the unknown path near it.
      expect(unknown!.ms).toBeGreaterThan(baseline!.ms * 3);
      expect(wrong!.ms).toBeGreaterThan(baseline!.ms * 3);
      expect(unknown!.ms / wrong!.ms).toBeGreaterThan(1 / 3);
      expect(unknown!.ms / wrong!.ms).toBeLessThan(3);
    });

    it('forgot-password: a known and an unknown email get the same answer in about the same time', async () => {
      const post = (email: string) => () => app.request('POST', '/api/auth/forgot-password', { email });
      const { known, unknown } = await fastest(3, { known: post('mallory@example.test'), unknown: post('nobody-at-all@example.test') });
      expect(known!.status).toBe(200);
      expect(known!.text).toBe(unknown!.text);
      // The lookup and the mail happen after the answer, on both paths.
      expect(Math.max(known!.ms, unknown!.ms)).toBeLessThan(Math.min(known!.ms, unknown!.ms) * 3 + 50);
      await mailer.next('mallory@example.test');
      expect(mailer.sent.some((message) => message.to === 'nobody-at-all@example.test')).toBe(false);
    });

    it.each([
      ['role', { role: 4 }],
      ['role as an object', { role: { connect: [{ id: 4 }] } }],
      ['confirmed', { confirmed: true }],
      ['blocked', { blocked: false }],
      ['id', { id: 1 }],
      ['documentId', { documentId: 'a'.repeat(24) }],
      ['provider', { provider: 'google' }],
      ['createdAt', { createdAt: '2000-01-01T00:00:00Z' }],
      ['resetPasswordToken', { resetPasswordToken: 'x' }],
    ])('mass assignment at register: %s → 400 and no user', async (_name, extra) => {
      const username = `mass${Math.random().toString(36).slice(2, 8)}`;
      const response = await app.request('POST', '/api/auth/local/register', { username, email: `${username}@example.test`, password: PASSWORD, ...extra });
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('ValidationError');
      const found = await app.request('GET', `/api/users?filters[username][$eq]=${username}`, undefined, admin.headers);
      expect(found.body).toEqual([]);
    });

    it.each([
      ['register', '/api/auth/local/register', '{"username":"proto1","email":"proto1@example.test","password":"correct horse","__proto__":{"role":4}}'],
      ['register, constructor', '/api/auth/local/register', '{"username":"proto2","email":"proto2@example.test","password":"correct horse","constructor":{"prototype":{"role":4}}}'],
      ['login', '/api/auth/local', '{"identifier":"mallory","password":"x","__proto__":{"admin":true}}'],
      ['forgot-password', '/api/auth/forgot-password', '{"email":"mallory@example.test","__proto__":{}}'],
    ])('__proto__ in a body (%s) → 400', async (_name, url, raw) => {
      const response = await app.request('POST', url, raw);
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('ValidationError');
      expect(({} as Record<string, unknown>).role).toBeUndefined();
    });

    it('__proto__ nested in API token permissions → 400', async () => {
      const raw = '{"name":"proto","type":"custom","permissions":[{"subject":"article","actions":["find"],"conditions":{"__proto__":{"x":1}}}]}';
      const response = await app.request('POST', '/api/api-tokens', raw, admin.headers);
      expect(response.status).toBe(400);
    });

    it('bad bodies are 4xx in the envelope, never 500', async () => {
      for (const [body, status] of [['{not json', 400], ['[]', 400], ['"text"', 400], ['null', 400]] as const) {
        const response = await app.request('POST', '/api/auth/local', body);
        expect(response.status, body).toBe(status);
      }
      const form = await app.request('POST', '/api/auth/local', 'identifier=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).toBe(415);
      const numbers = await app.request('POST', '/api/auth/local', { identifier: 1, password: 2 });
      expect(numbers.status).toBe(400);
      const empty = await app.request('POST', '/api/auth/refresh', { refreshToken: '' });
      expect(empty.status).toBe(400);
      const huge = await app.request('POST', '/api/auth/refresh', { refreshToken: 'x'.repeat(10_000) });
      expect(huge.status).toBe(400);
    });

    it('JWT failures are counted', async () => {
      const before = sample(await metricsText(app), 'larder_auth_attempts_total', { method: 'jwt', outcome: 'failure' });
      await me(bearer(await forge({ id: mallory.id, sid: sidOf(mallory.jwt) }, { typ: 'JWT' })));
      const after = sample(await metricsText(app), 'larder_auth_attempts_total', { method: 'jwt', outcome: 'failure' });
      expect(after - before).toBe(1);
    });
  });
}

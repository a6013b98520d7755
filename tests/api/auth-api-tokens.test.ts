import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_SECRET, bearer, metricsText, registerFirstAdmin, registerUser, type Session } from '../support/auth-session.js';
import { dialects } from '../support/databases.js';
import { sample } from '../support/metrics-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** API tokens (DESIGN §5, §10): shown once, stored as an HMAC, expiring, tracked, revocable, admin-only. */
const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_KEYS = ['createdAt', 'description', 'documentId', 'expiresAt', 'id', 'lastUsedAt', 'name', 'type'];

for (const dialect of dialects) {
  describe(`API tokens [${dialect}]`, () => {
    let app: TestApp;
    let admin: Session;
    let user: Session;
    const create = (body: unknown, headers = admin.headers) => app.request('POST', '/api/api-tokens', body, headers);
    const list = () => app.request('GET', '/api/api-tokens', undefined, admin.headers);
    const tokenRow = (id: number) => app.app.db.knex('larder_api_tokens').where({ id }).first();

    beforeAll(async () => {
      app = await startTestApp({ dialect, options: { secret: AUTH_TEST_SECRET } });
      admin = await registerFirstAdmin(app);
      user = await registerUser(app, 'plain');
    });
    afterAll(async () => {
      await app?.close();
    });

    it('creation answers the access key once, with an expiry from lifespanDays', async () => {
      const response = await create({ name: 'build', description: 'CI deploys', type: 'read-only', lifespanDays: 7 });
      expect(response.status).toBe(201);
      const { data } = response.body;
      expect(Object.keys(data).sort()).toEqual([...TOKEN_KEYS, 'accessKey'].sort());
      expect(data).toMatchObject({ name: 'build', description: 'CI deploys', type: 'read-only', lastUsedAt: null });
      expect(data.accessKey).toMatch(/^lrd_[A-Za-z0-9_-]{43}$/);
      expect(Math.abs(Date.parse(data.expiresAt) - Date.now() - 7 * DAY_MS)).toBeLessThan(60_000);

      const listed = await list();
      expect(listed.status).toBe(200);
      expect(listed.text).not.toContain(data.accessKey);
      expect(listed.text).not.toContain('accessKey');
      const item = listed.body.data.find((token: { id: number }) => token.id === data.id);
      expect(Object.keys(item).sort()).toEqual(TOKEN_KEYS);
    });

    it('only an HMAC of the key is stored, never the key', async () => {
      const { body } = await create({ name: 'hmac-check', type: 'full-access' });
      const row = await tokenRow(body.data.id);
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(body.data.accessKey);
      expect(stored).not.toContain(body.data.accessKey.slice(4));
      expect(row.access_key_hash).toBe(createHmac('sha256', AUTH_TEST_SECRET).update(body.data.accessKey).digest('hex'));
    });

    it('a token authenticates; lastUsedAt is set, then not rewritten on every request', async () => {
      const { body } = await create({ name: 'tracked', type: 'full-access' });
      const before = await metricsText(app);
      // Not a user, so /users/me is 403: authenticated, not anonymous (401).
      expect((await app.request('GET', '/api/users/me', undefined, bearer(body.data.accessKey))).status).toBe(403);
      const first = (await list()).body.data.find((token: { id: number }) => token.id === body.data.id).lastUsedAt;
      expect(Date.now() - Date.parse(first)).toBeLessThan(60_000);
      await app.request('GET', '/api/users/me', undefined, bearer(body.data.accessKey));
      const second = (await list()).body.data.find((token: { id: number }) => token.id === body.data.id).lastUsedAt;
      expect(second).toBe(first);
      const after = await metricsText(app);
      const successes = (text: string) => sample(text, 'larder_auth_attempts_total', { method: 'api-token', outcome: 'success' });
      expect(successes(after) - successes(before)).toBe(2);
    });

    it('an expired token → 401', async () => {
      const { body } = await create({ name: 'short-lived', type: 'read-only', lifespanDays: 7 });
      expect((await app.request('GET', '/api/users/me', undefined, bearer(body.data.accessKey))).status).toBe(403);
      // A week passes.
      await app.app.db.knex('larder_api_tokens').where({ id: body.data.id }).update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      const response = await app.request('GET', '/api/articles', undefined, bearer(body.data.accessKey));
      expect(response.status).toBe(401);
      expect(response.body.error.name).toBe('UnauthorizedError');
    });

    it('a revoked token → 401; revoking twice → 404', async () => {
      const { body } = await create({ name: 'to-revoke', type: 'read-only' });
      const before = sample(await metricsText(app), 'larder_auth_attempts_total', { method: 'api-token', outcome: 'failure' });
      expect((await app.request('DELETE', `/api/api-tokens/${body.data.id}`, undefined, admin.headers)).status).toBe(204);
      const response = await app.request('GET', '/api/articles', undefined, bearer(body.data.accessKey));
      expect(response.status).toBe(401);
      expect((await app.request('DELETE', `/api/api-tokens/${body.data.id}`, undefined, admin.headers)).status).toBe(404);
      const after = sample(await metricsText(app), 'larder_auth_attempts_total', { method: 'api-token', outcome: 'failure' });
      expect(after - before).toBe(1);
    });

    it('custom tokens carry validated permission entries', async () => {
      const ok = await create({ name: 'custom-ok', type: 'custom', permissions: [{ subject: 'article', actions: ['find', 'findOne'], fields: ['title'] }] });
      expect(ok.status).toBe(201);
      const row = await tokenRow(ok.body.data.id);
      const stored = typeof row.permissions === 'string' ? JSON.parse(row.permissions) : row.permissions;
      expect(stored).toEqual([{ subject: 'article', actions: ['find', 'findOne'], fields: ['title'] }]);
    });

    it.each([
      ['no name', { type: 'read-only' }],
      ['a blank name', { name: '  ', type: 'read-only' }],
      ['an unknown type', { name: 'x1', type: 'root' }],
      ['a lifespan that is not 7, 30, 90 or null', { name: 'x2', type: 'read-only', lifespanDays: 365 }],
      ['a lifespan as a string', { name: 'x3', type: 'read-only', lifespanDays: '7' }],
      ['permissions on a read-only token', { name: 'x4', type: 'read-only', permissions: [] }],
      ['custom without permissions', { name: 'x5', type: 'custom' }],
      ['an unknown subject', { name: 'x6', type: 'custom', permissions: [{ subject: 'secret', actions: ['find'] }] }],
      ['an unknown action', { name: 'x7', type: 'custom', permissions: [{ subject: 'article', actions: ['drop'] }] }],
      ['an unknown field', { name: 'x8', type: 'custom', permissions: [{ subject: 'article', actions: ['find'], fields: ['nope'] }] }],
      ['an unknown key', { name: 'x9', type: 'read-only', accessKey: 'lrd_chosen' }],
      ['a chosen expiry', { name: 'x10', type: 'read-only', expiresAt: '2999-01-01T00:00:00Z' }],
    ])('%s → 400', async (_name, body) => {
      const response = await create(body);
      expect(response.status, response.text).toBe(400);
      expect(response.body.error.name).toBe('ValidationError');
    });

    it('a duplicate name → 409', async () => {
      await create({ name: 'twice', type: 'read-only' });
      const response = await create({ name: 'twice', type: 'read-only' });
      expect(response.status).toBe(409);
      expect(response.body.error.details.errors[0].path).toEqual(['name']);
    });

    it('only admins manage tokens: anonymous 401, users 403, API tokens 403 even with full access', async () => {
      const fullAccess = (await create({ name: 'full', type: 'full-access' })).body.data.accessKey as string;
      const attempts = [
        [undefined, 401],
        [user.headers, 403],
        [bearer(fullAccess), 403],
      ] as const;
      for (const [headers, status] of attempts) {
        expect((await app.request('GET', '/api/api-tokens', undefined, headers)).status).toBe(status);
        expect((await app.request('POST', '/api/api-tokens', { name: 'escalate', type: 'full-access' }, headers)).status).toBe(status);
        expect((await app.request('DELETE', '/api/api-tokens/1', undefined, headers)).status).toBe(status);
        expect((await app.request('GET', '/api/users', undefined, headers)).status).toBe(status);
        expect((await app.request('POST', '/api/users', { username: 'x', email: 'x@example.test', password: 'password123' }, headers)).status).toBe(status);
      }
    });
  });
}

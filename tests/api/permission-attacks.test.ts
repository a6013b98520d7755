import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUp, type SignedIn } from '../support/users.js';

/**
 * Regression tests for the query-surface attacks that hit Strapi, Directus
 * and PocketBase, run as a signed-in user whose role may read the type but
 * not its private field nor the related type. Each probe is sent twice, with
 * a value that matches the hidden data and one that does not: equal answers
 * mean no oracle.
 */

const contentTypes = {
  account: collection('account', 'accounts', {
    name: { type: 'string' },
    apiKey: { type: 'string', private: true },
    owner: { type: 'relation', relation: 'manyToOne', target: 'person' },
  }),
  person: collection('person', 'people', { name: { type: 'string' }, ssn: { type: 'string' } }),
};
const roles = {
  roles: [
    { type: 'public', name: 'Public', permissions: [] },
    { type: 'authenticated', name: 'Authenticated', permissions: [{ subject: 'account', actions: ['find', 'findOne', 'create', 'update'] }] },
  ],
};
const KEY = 'sk_live_hidden';
const SSN = '078-05-1120';
const query = (params: Record<string, unknown>) => `?${qs.stringify(params, { encodeValuesOnly: true })}`;

for (const dialect of dialects) {
  describe(`query-surface attacks [${dialect}]`, () => {
    let app: TestApp;
    let mallory: SignedIn;
    let admin: SignedIn;
    let accountId = '';

    beforeAll(async () => {
      app = await startTestApp({ dialect, contentTypes, roles, options: { rateLimit: { max: 1000, windowSeconds: 60 } } });
      mallory = await signUp(app, 'mallory');
      admin = await signUp(app, 'root', 'admin');
      const person = await app.request('POST', '/api/people', { data: { name: 'Victim', ssn: SSN } }, admin.headers);
      const account = await app.request('POST', '/api/accounts', { data: { name: 'target', apiKey: KEY, owner: person.body.data.documentId } }, admin.headers);
      expect(account.status, account.text).toBe(201);
      accountId = account.body.data.documentId;
    });
    afterAll(async () => {
      await app?.close();
    });

    const probes: Array<[string, (value: string) => Record<string, unknown>]> = [
      ['filters on a private field', (value) => ({ filters: { apiKey: { $startsWith: value } } })],
      ['filters inside $or', (value) => ({ filters: { $or: [{ apiKey: { $eq: value } }, { name: 'nobody' }] } })],
      ['filters through an unreadable relation', (value) => ({ filters: { owner: { ssn: { $eq: value } } } })],
      ['sort on a private field', () => ({ sort: 'apiKey' })],
      ['fields selecting a private field', () => ({ fields: ['apiKey'] })],
      ['populate of an unreadable relation', () => ({ populate: 'owner' })],
      ['populate with nested fields', () => ({ populate: { owner: { fields: ['ssn'] } } })],
      ['Strapi v4 `where`', (value) => ({ where: { apiKey: value } })],
      ['`lookup`', (value) => ({ lookup: { apiKey: value } })],
    ];
    for (const [name, params] of probes) {
      it(`${name}: the same 400 whatever the hidden value`, async () => {
        const hit = await app.request('GET', `/api/accounts${query(params(KEY.slice(0, 6)))}`, undefined, mallory.headers);
        const miss = await app.request('GET', `/api/accounts${query(params('zzz'))}`, undefined, mallory.headers);
        expect(hit.status, hit.text).toBe(400);
        expect(miss.status).toBe(400);
        expect(hit.body.error.message).toBe(miss.body.error.message);
        expect(hit.text).not.toContain(KEY);
        expect(hit.text).not.toContain(SSN);
      });
    }

    it('_q does not search private fields', async () => {
      const search = await app.request('GET', `/api/accounts${query({ _q: KEY })}`, undefined, mallory.headers);
      expect(search.status).toBe(200);
      expect(search.body.data).toEqual([]);
    });

    it('populate=* silently skips the unreadable relation, and no response carries hidden values', async () => {
      const response = await app.request('GET', `/api/accounts/${accountId}?populate=*`, undefined, mallory.headers);
      expect(response.status).toBe(200);
      expect(response.body.data.owner).toBeUndefined();
      expect(response.text).not.toContain(KEY);
      expect(response.text).not.toContain(SSN);
    });

    it('__proto__ and constructor keys in the query are refused', async () => {
      for (const raw of ['filters[__proto__][polluted]=1', 'filters[constructor][prototype][x]=1', '__proto__[x]=1']) {
        const response = await app.request('GET', `/api/accounts?${raw}`, undefined, mallory.headers);
        expect(response.status, raw).toBe(400);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('mass assignment at create: system fields and unknown keys are a 400', async () => {
      for (const extra of [{ id: 999 }, { documentId: 'x'.repeat(24) }, { createdBy: admin.id }, { updatedBy: admin.id }, { createdAt: '2000-01-01T00:00:00Z' }, { role: 1 }]) {
        const response = await app.request('POST', '/api/accounts', { data: { name: 'mine', ...extra } }, mallory.headers);
        expect(response.status, JSON.stringify(extra)).toBe(400);
      }
      const proto = await app.request('POST', '/api/accounts', '{"data":{"name":"x","__proto__":{"admin":true}}}', mallory.headers);
      expect(proto.status).toBe(400);
    });

    it('a write to a type the role cannot touch is 403, and anonymous is 401', async () => {
      expect((await app.request('POST', '/api/people', { data: { name: 'x' } }, mallory.headers)).status).toBe(403);
      expect((await app.request('GET', '/api/accounts')).status).toBe(401);
      expect((await app.request('DELETE', `/api/accounts/${accountId}`, undefined, mallory.headers)).status).toBe(403);
    });
  });
}

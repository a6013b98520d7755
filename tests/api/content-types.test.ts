import { expect } from 'vitest';
import { dialects } from '../support/databases.js';
import { errorBody, runScenarios, type Vars } from '../support/scenarios.js';

const PASSWORD = 'correct horse battery staple';
const as = (key: string) => (vars: Vars) => ({ authorization: `Bearer ${vars[key]}` });

/** GET /api/content-types: what the admin panel is built from, per caller. */
runScenarios('content types for the admin panel', dialects, [
  {
    name: 'anonymous callers get 401',
    method: 'GET', url: '/api/content-types', expectStatus: 401,
    expectBody: errorBody(401, 'UnauthorizedError'),
  },
  {
    name: 'the first admin signs up',
    method: 'POST', url: '/api/admin/register-admin', body: { username: 'ada', email: 'ada@example.test', password: PASSWORD },
    expectStatus: 200,
    save: (response, vars) => { vars.admin = response.body.jwt; },
  },
  {
    name: 'an admin sees every type, its attributes and every action',
    method: 'GET', url: '/api/content-types', headers: as('admin'), expectStatus: 200,
    // Storage stays private: no table, column or link-table names.
    notExpectText: ['"table"', '"column"', '"link"', 'collectionName'],
    check: (response) => {
      const types = response.body.data as Array<Record<string, any>>;
      expect(types.map((type) => type.singularName).sort()).toEqual(['article', 'author', 'category', 'homepage', 'tag']);
      const article = types.find((type) => type.singularName === 'article')!;
      expect(article).toMatchObject({
        uid: 'api::article.article', pluralName: 'articles', displayName: 'Article', description: 'A blog post or guide',
        kind: 'collectionType', draftAndPublish: true,
        actions: ['find', 'findOne', 'create', 'update', 'delete', 'publish', 'readDraft', 'readHistory'],
      });
      expect(article.attributes.title).toEqual({ type: 'string', required: true, private: false, unique: false, maxLength: 120 });
      expect(article.attributes.views).toEqual({ type: 'integer', required: false, private: false, unique: false, min: 0, default: 0 });
      expect(article.attributes.kind).toMatchObject({ type: 'enumeration', enum: ['news', 'guide'], default: 'news' });
      expect(article.attributes.slug).toMatchObject({ type: 'uid', targetField: 'title', unique: true });
      expect(article.attributes.author).toEqual({ type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles', required: false, private: false });
      // Admins edit private fields, so they are described to them.
      expect(article.attributes.internalNotes).toMatchObject({ type: 'text', private: true });
      expect(types.find((type) => type.singularName === 'homepage')).toMatchObject({ kind: 'singleType', draftAndPublish: false });
    },
  },
  {
    name: 'the list is an ordinary cacheable GET',
    method: 'GET', url: '/api/content-types', headers: as('admin'), expectStatus: 200,
    expectHeaders: { etag: /^"/, 'cache-control': 'private, no-cache' },
  },
  {
    name: 'other methods are 405',
    method: 'POST', url: '/api/content-types', headers: as('admin'), body: {}, expectStatus: 405,
    expectHeaders: { allow: 'GET' },
  },
  {
    name: 'an admin makes a role that reads article titles only',
    method: 'POST', url: '/api/roles', headers: as('admin'),
    body: { name: 'Title reader', permissions: [{ subject: 'article', actions: ['find', 'findOne'], fields: ['title'] }] },
    expectStatus: 201,
    save: (response, vars) => { vars.role = response.body.data.id; },
  },
  {
    name: 'and a user with it',
    method: 'POST', url: '/api/users', headers: as('admin'),
    body: (vars) => ({ username: 'reader', email: 'reader@example.test', password: PASSWORD, role: vars.role }),
    expectStatus: 201,
  },
  {
    name: 'who signs in',
    method: 'POST', url: '/api/auth/local', body: { identifier: 'reader', password: PASSWORD }, expectStatus: 200,
    save: (response, vars) => { vars.reader = response.body.jwt; },
  },
  {
    name: 'a limited role sees only its types, its actions and the fields it may read',
    method: 'GET', url: '/api/content-types', headers: as('reader'), expectStatus: 200,
    check: (response) => {
      const types = response.body.data as Array<Record<string, any>>;
      expect(types.map((type) => type.singularName)).toEqual(['article']);
      expect(types[0]!.actions).toEqual(['find', 'findOne']);
      expect(Object.keys(types[0]!.attributes)).toEqual(['title']);
    },
  },
  {
    name: 'a user whose role grants nothing sees no types',
    method: 'POST', url: '/api/auth/local/register', body: { username: 'nobody', email: 'nobody@example.test', password: PASSWORD },
    expectStatus: 200,
    save: (response, vars) => { vars.nobody = response.body.jwt; },
  },
  {
    name: '…and gets an empty list',
    method: 'GET', url: '/api/content-types', headers: as('nobody'), expectStatus: 200,
    expectBody: { data: [] },
  },
  {
    name: 'an admin makes a full-access API token',
    method: 'POST', url: '/api/api-tokens', headers: as('admin'), body: { name: 'ci', type: 'full-access' }, expectStatus: 201,
    save: (response, vars) => { vars.token = response.body.data.accessKey; },
  },
  {
    name: 'API tokens get 403: the schema screens are for signed-in users',
    method: 'GET', url: '/api/content-types', headers: as('token'), expectStatus: 403,
    expectBody: errorBody(403, 'ForbiddenError'),
  },
]);

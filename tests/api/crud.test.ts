import { expect } from 'vitest';
import { dialects } from '../support/databases.js';
import { errorBody, runScenarios } from '../support/scenarios.js';

const DOCUMENT_ID = /^[a-z0-9]{24}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

runScenarios('CRUD on the example content types', dialects, [
  {
    name: 'an empty collection lists nothing, with page meta',
    method: 'GET', url: '/api/articles', expectStatus: 200,
    expectBody: { data: [], meta: { pagination: { page: 1, pageSize: 25, pageCount: 0, total: 0 } } },
  },
  {
    name: 'create an author',
    method: 'POST', url: '/api/authors', body: { data: { name: 'Ada Lovelace', email: 'ada@example.com', bio: 'Analyst' } },
    expectStatus: 201,
    expectBody: { data: { name: 'Ada Lovelace', bio: 'Analyst' }, meta: {} },
    check: (response) => {
      expect(response.body.data.documentId).toMatch(DOCUMENT_ID);
      expect(typeof response.body.data.id).toBe('number');
      expect(response.body.data.createdAt).toMatch(ISO);
      expect(response.body.data.updatedAt).toMatch(ISO);
      // email is private: never returned to ordinary callers.
      expect(response.body.data).not.toHaveProperty('email');
    },
    save: (response, vars) => { vars.author = response.body.data.documentId; },
  },
  {
    name: 'create a category',
    method: 'POST', url: '/api/categories', body: { data: { name: 'Science' } },
    expectStatus: 201,
    expectBody: { data: { name: 'Science', slug: 'science' } },
    save: (response, vars) => { vars.category = response.body.data.documentId; },
  },
  {
    name: 'create two tags',
    method: 'POST', url: '/api/tags', body: { data: { name: 'Math' } }, expectStatus: 201,
    save: (response, vars) => { vars.tagA = response.body.data.documentId; },
  },
  {
    name: 'create a second tag',
    method: 'POST', url: '/api/tags', body: { data: { name: 'History' } }, expectStatus: 201,
    save: (response, vars) => { vars.tagB = response.body.data.documentId; },
  },
  {
    name: 'create an article with relations; defaults apply; it is published',
    method: 'POST', url: '/api/articles?populate=*',
    body: (vars) => ({ data: { title: 'Notes on the Analytical Engine', body: '# Hello', author: vars.author, category: vars.category, tags: [vars.tagA, vars.tagB] } }),
    expectStatus: 201,
    expectBody: (vars) => ({
      data: {
        title: 'Notes on the Analytical Engine', slug: 'notes-on-the-analytical-engine', views: 0, featured: false, kind: 'news',
        author: { documentId: vars.author, name: 'Ada Lovelace' },
        category: { documentId: vars.category },
        tags: [{ documentId: vars.tagA }, { documentId: vars.tagB }],
      },
    }),
    check: (response) => {
      expect(response.body.data.publishedAt).toMatch(ISO);
      expect(response.body.data).not.toHaveProperty('internalNotes');
    },
    save: (response, vars) => { vars.article = response.body.data.documentId; vars.articleId = response.body.data.id; },
  },
  {
    name: 'read it back by documentId, relations absent unless populated',
    method: 'GET', url: (vars) => `/api/articles/${vars.article}`, expectStatus: 200,
    expectBody: (vars) => ({ data: { documentId: vars.article, title: 'Notes on the Analytical Engine' }, meta: {} }),
    check: (response) => {
      expect(response.body.data).not.toHaveProperty('author');
      expect(response.body.data).not.toHaveProperty('tags');
    },
  },
  {
    name: 'the inverse side (mappedBy) sees the link',
    method: 'GET', url: (vars) => `/api/authors/${vars.author}?populate=articles`, expectStatus: 200,
    expectBody: (vars) => ({ data: { articles: [{ documentId: vars.article }] } }),
  },
  {
    name: 'list with page meta',
    method: 'GET', url: '/api/articles?pagination[page]=1&pagination[pageSize]=10', expectStatus: 200,
    expectBody: { meta: { pagination: { page: 1, pageSize: 10, pageCount: 1, total: 1 } } },
    check: (response) => expect(response.body.data).toHaveLength(1),
  },
  {
    name: 'partial update keeps other fields; disconnect a tag',
    method: 'PUT', url: (vars) => `/api/articles/${vars.article}?populate=tags`,
    body: (vars) => ({ data: { views: 7, tags: { disconnect: [vars.tagA] } } }),
    expectStatus: 200,
    expectBody: (vars) => ({ data: { title: 'Notes on the Analytical Engine', views: 7, tags: [{ documentId: vars.tagB }] } }),
  },
  {
    name: 'connect a tag back',
    method: 'PUT', url: (vars) => `/api/articles/${vars.article}?populate=tags`,
    body: (vars) => ({ data: { tags: { connect: [{ documentId: vars.tagA }] } } }),
    expectStatus: 200,
    check: (response, vars) => {
      expect(response.body.data.tags.map((tag: { documentId: string }) => tag.documentId).sort()).toEqual([vars.tagA, vars.tagB].sort());
    },
  },
  {
    name: 'clear a to-one relation with null',
    method: 'PUT', url: (vars) => `/api/articles/${vars.article}?populate=category`,
    body: { data: { category: null } }, expectStatus: 200,
    expectBody: { data: { category: null } },
  },
  {
    name: 'a relation to a missing entry is a 400 naming the field',
    method: 'PUT', url: (vars) => `/api/articles/${vars.article}`,
    body: { data: { author: 'doesnotexist0000000000000' } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['author'] }] } }),
  },
  {
    name: 'a duplicate unique value is a 409 that names the field',
    method: 'POST', url: '/api/categories', body: { data: { name: 'Science', slug: 'science-again' } }, expectStatus: 409,
    expectBody: errorBody(409, 'ConflictError', { details: { errors: [{ path: ['name'], message: 'This attribute must be unique', name: 'ValidationError' }] } }),
    check: (response) => expect(response.body.error.details.errors).toHaveLength(1),
  },
  {
    name: 'every colliding field is named, not only the first index the database trips',
    method: 'POST', url: '/api/categories', body: { data: { name: 'Science' } }, expectStatus: 409,
    check: (response) => expect(response.body.error.details.errors.map((e: { path: string[] }) => e.path[0]).sort()).toEqual(['name', 'slug']),
  },
  {
    name: 'saving an entry with its own unique value is not a collision',
    method: 'PUT', url: (vars) => `/api/categories/${vars.category}`, body: { data: { name: 'Science' } }, expectStatus: 200,
  },
  {
    name: 'a required field missing is a 400 with a path',
    method: 'POST', url: '/api/articles', body: { data: { body: 'no title' } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['title'] }] } }),
  },
  {
    name: 'a value over maxLength is a 400',
    method: 'POST', url: '/api/articles', body: { data: { title: 'x'.repeat(121) } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['title'] }] } }),
  },
  {
    name: 'an unknown key is a 400',
    method: 'POST', url: '/api/articles', body: { data: { title: 'ok', colour: 'red' } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
  },
  {
    name: 'a system field in the body is a 400',
    method: 'PUT', url: (vars) => `/api/articles/${vars.article}`, body: { data: { documentId: 'x'.repeat(24) } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
  },
  {
    name: 'a body without data is a 400',
    method: 'POST', url: '/api/articles', body: { title: 'no wrapper' }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: 'Missing "data" payload in the request body' }),
  },
  {
    name: 'malformed JSON is a 400 in the envelope',
    method: 'POST', url: '/api/articles', body: '{"data": {', expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: 'Malformed JSON body' }),
  },
  {
    name: 'a form body is a 415',
    method: 'POST', url: '/api/articles', body: 'data[title]=x', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    expectStatus: 415, expectBody: errorBody(415, 'UnsupportedMediaTypeError'),
  },
  {
    name: 'a body over 1 MiB is a 413',
    method: 'POST', url: '/api/articles', body: JSON.stringify({ data: { body: 'x'.repeat(1_100_000) } }),
    expectStatus: 413, expectBody: errorBody(413, 'PayloadTooLargeError'),
  },
  {
    name: 'status on a type without draft & publish is a 400',
    method: 'POST', url: '/api/tags?status=draft', body: { data: { name: 'x' } }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
  },
  {
    name: 'an unsupported method on a collection is a 405 with Allow',
    method: 'PUT', url: '/api/articles', body: { data: {} }, expectStatus: 405,
    expectBody: errorBody(405, 'MethodNotAllowedError'), expectHeaders: { allow: 'GET, POST' },
  },
  {
    name: 'PATCH on an entry is a 405',
    method: 'PATCH', url: (vars) => `/api/articles/${vars.article}`, body: { data: {} }, expectStatus: 405,
    expectHeaders: { allow: 'GET, PUT, DELETE' },
  },
  {
    name: 'an unknown type is a 404 in the envelope',
    method: 'GET', url: '/api/nothing-here', expectStatus: 404, expectBody: errorBody(404, 'NotFoundError'),
  },
  {
    name: 'an unknown route is a 404 in the envelope',
    method: 'GET', url: '/nowhere', expectStatus: 404, expectBody: errorBody(404, 'NotFoundError'),
  },
  {
    name: 'an unknown documentId is a 404',
    method: 'GET', url: '/api/articles/abcdefghijklmnopqrstuvwx', expectStatus: 404, expectBody: errorBody(404, 'NotFoundError'),
  },
  {
    name: 'responses carry request id, timing and security headers, no X-Powered-By',
    method: 'GET', url: '/api/articles', headers: { 'x-request-id': 'trace-123' }, expectStatus: 200,
    expectHeaders: {
      'x-request-id': 'trace-123',
      // The list's queries take time: db is measured, not a constant 0.00.
      'server-timing': /^db;dur=(?!0\.00,)\d+\.\d{2}, app;dur=\d+\.\d{2}$/,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-powered-by': null,
      'access-control-allow-origin': '*',
      etag: /^".+"$/,
    },
    save: (response, vars) => { vars.etag = response.headers.get('etag'); },
  },
  {
    name: 'a matching If-None-Match gets a 304',
    method: 'GET', url: '/api/articles', headers: (vars) => ({ 'if-none-match': vars.etag }), expectStatus: 304,
    check: (response) => expect(response.text).toBe(''),
  },
  {
    name: 'a GET with a JSON content type and no body is fine (@strapi/client sends one)',
    method: 'GET', url: '/api/articles', headers: { 'content-type': 'application/json' }, expectStatus: 200,
  },
  {
    name: 'unpublish takes the article off line: 200 with publishedAt null',
    method: 'POST', url: (vars) => `/api/articles/${vars.article}/actions/unpublish`, expectStatus: 200,
    expectBody: (vars) => ({ data: { documentId: vars.article, publishedAt: null }, meta: {} }),
  },
  {
    name: 'an unpublished article is a 404 by default',
    method: 'GET', url: (vars) => `/api/articles/${vars.article}`, expectStatus: 404, expectBody: errorBody(404, 'NotFoundError'),
  },
  {
    name: 'and is still there as a draft',
    method: 'GET', url: (vars) => `/api/articles/${vars.article}?status=draft`, expectStatus: 200,
    expectBody: (vars) => ({ data: { documentId: vars.article, publishedAt: null } }),
  },
  {
    name: 'publish puts it back',
    method: 'POST', url: (vars) => `/api/articles/${vars.article}/actions/publish`, expectStatus: 200,
    check: (response) => expect(response.body.data.publishedAt).toMatch(ISO),
  },
  {
    name: 'an unknown action is a 404',
    method: 'POST', url: (vars) => `/api/articles/${vars.article}/actions/archive`, expectStatus: 404, expectBody: errorBody(404, 'NotFoundError'),
  },
  {
    name: 'actions exist only on draft & publish types',
    method: 'POST', url: (vars) => `/api/tags/${vars.tagA}/actions/publish`, expectStatus: 404, expectBody: errorBody(404, 'NotFoundError'),
  },
  {
    name: 'GET on an action is a 405 with Allow: POST',
    method: 'GET', url: (vars) => `/api/articles/${vars.article}/actions/publish`, expectStatus: 405, expectHeaders: { allow: 'POST' },
  },
  {
    name: 'delete the article',
    method: 'DELETE', url: (vars) => `/api/articles/${vars.article}`, expectStatus: 204,
  },
  {
    name: 'deleting it again is a 404',
    method: 'DELETE', url: (vars) => `/api/articles/${vars.article}`, expectStatus: 404, expectBody: errorBody(404, 'NotFoundError'),
  },
  {
    name: 'its links are gone with it',
    method: 'GET', url: (vars) => `/api/authors/${vars.author}?populate=articles`, expectStatus: 200,
    expectBody: { data: { articles: [] } },
  },
  {
    name: 'a single type without an entry is a 404',
    method: 'GET', url: '/api/homepage', expectStatus: 404, expectBody: errorBody(404, 'NotFoundError'),
  },
  {
    name: 'PUT creates the single type entry with 200',
    method: 'PUT', url: '/api/homepage', body: { data: { headline: 'Welcome', seo: { b: 1, a: [1, 'two', null] } } }, expectStatus: 200,
    expectBody: { data: { headline: 'Welcome', seo: { b: 1, a: [1, 'two', null] } } },
    save: (response, vars) => { vars.homepage = response.body.data.documentId; },
  },
  {
    name: 'PUT again updates the same entry',
    method: 'PUT', url: '/api/homepage', body: { data: { intro: 'Hello' } }, expectStatus: 200,
    expectBody: (vars) => ({ data: { documentId: vars.homepage, headline: 'Welcome', intro: 'Hello' } }),
  },
  {
    name: 'GET reads the single type',
    method: 'GET', url: '/api/homepage', expectStatus: 200, expectBody: { data: { headline: 'Welcome' }, meta: {} },
  },
  {
    name: 'POST on a single type is a 405',
    method: 'POST', url: '/api/homepage', body: { data: {} }, expectStatus: 405, expectHeaders: { allow: 'GET, PUT, DELETE' },
  },
  {
    name: 'DELETE removes the single type entry',
    method: 'DELETE', url: '/api/homepage', expectStatus: 204,
  },
  {
    name: 'health is 200',
    method: 'GET', url: '/_health', expectStatus: 200, expectBody: { status: 'ok' },
  },
  {
    name: 'readiness is 200 with a live database and a current schema',
    method: 'GET', url: '/_ready', expectStatus: 200, expectBody: { status: 'ready' },
  },
]);

import { HTTPBadRequestError, HTTPError, HTTPNotFoundError, strapi, type API, type StrapiClient } from '@strapi/client';
import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * DESIGN §4: "Existing Strapi front-ends and the official @strapi/client must
 * work unchanged." Each read goes through the client and through plain fetch
 * with the same params (qs, encodeValuesOnly, as Strapi's docs build them);
 * both must give the same `{ data, meta }`, and that answer must be the right one.
 */

interface Seeded {
  authors: Record<string, string>;
  categories: Record<string, string>;
  tags: Record<string, string>;
  /** documentId by title */
  articles: Record<string, string>;
  /** Set by the write cases. */
  created?: string;
}

type ArticleSeed = {
  title: string; views: number; kind: 'news' | 'guide'; featured: boolean; publishedOn: string | null;
  author: string; category: string; tags: string[]; internalNotes?: string;
};

const ARTICLES: ArticleSeed[] = [
  { title: 'Analytical Engine Notes', views: 120, kind: 'news', featured: true, publishedOn: '2024-01-10', author: 'ada', category: 'science', tags: ['math', 'history'], internalNotes: 'do not show' },
  { title: 'Difference Engine Primer', views: 45, kind: 'guide', featured: false, publishedOn: '2024-02-01', author: 'charles', category: 'science', tags: ['math'] },
  { title: 'Bernoulli Numbers', views: 300, kind: 'guide', featured: true, publishedOn: '2023-12-05', author: 'ada', category: 'science', tags: ['math'] },
  { title: 'Victorian Computing', views: 45, kind: 'news', featured: false, publishedOn: '2024-03-15', author: 'charles', category: 'culture', tags: ['history'] },
  { title: 'Punch Cards Explained', views: 80, kind: 'guide', featured: false, publishedOn: null, author: 'grace', category: 'science', tags: ['tech'] },
  { title: 'Compilers for Everyone', views: 500, kind: 'guide', featured: true, publishedOn: '2024-05-20', author: 'grace', category: 'science', tags: ['tech', 'math'] },
  { title: 'Debugging a Moth', views: 10, kind: 'news', featured: false, publishedOn: '2024-06-01', author: 'grace', category: 'culture', tags: [] },
  { title: 'Poetical Science', views: 200, kind: 'news', featured: true, publishedOn: '2024-04-04', author: 'ada', category: 'culture', tags: ['history', 'tech'] },
];

/** Every article, ordered by views desc then title: the order most cases below rely on. */
const BY_VIEWS = [
  'Compilers for Everyone', 'Bernoulli Numbers', 'Poetical Science', 'Analytical Engine Notes',
  'Punch Cards Explained', 'Difference Engine Primer', 'Victorian Computing', 'Debugging a Moth',
];

type Body = { data: any; meta: any };

/** One read, made by the client and by fetch with the same params. */
interface ReadCase {
  name: string;
  /** The path under /api the client will hit, for the raw request. */
  path: (seeded: Seeded) => string;
  params?: (seeded: Seeded) => API.BaseQueryParams;
  read: (client: StrapiClient, seeded: Seeded, params: API.BaseQueryParams | undefined) => Promise<unknown>;
  check: (body: Body, seeded: Seeded) => void;
}

const titles = (body: Body) => (body.data as Array<{ title: string }>).map((entry) => entry.title);
const names = (list: Array<{ name: string }>) => list.map((entry) => entry.name).sort();

const find = (params: (seeded: Seeded) => API.BaseQueryParams) => ({
  path: () => 'articles',
  params,
  read: (client: StrapiClient, _seeded: Seeded, query: API.BaseQueryParams | undefined) => client.collection('articles').find(query),
});

const READS: ReadCase[] = [
  {
    name: 'find: $and/$or, relation paths, $containsi, $in, two-key sort, page pagination, nested populate, fields',
    ...find(() => ({
      filters: {
        $and: [
          { $or: [{ author: { name: { $containsi: 'ADA' } } }, { tags: { name: { $eq: 'Tech' } } }] },
          { views: { $gte: 100 } },
          { kind: { $in: ['news', 'guide'] } },
        ],
      },
      sort: ['views:desc', 'title'],
      pagination: { page: 1, pageSize: 3 },
      populate: { author: { fields: ['name'] }, tags: true },
      fields: ['title', 'views'],
    })),
    check: (body, seeded) => {
      // Ada's articles and Tech-tagged ones with ≥ 100 views: 500, 300, 200, then 120 on page 2.
      expect(titles(body)).toEqual(['Compilers for Everyone', 'Bernoulli Numbers', 'Poetical Science']);
      expect(body.data.map((entry: { views: number }) => entry.views)).toEqual([500, 300, 200]);
      expect(body.meta.pagination).toMatchObject({ page: 1, pageSize: 3, pageCount: 2, total: 4 });
      expect(typeof body.meta.pagination.next).toBe('string');
      const [compilers, bernoulli, poetical] = body.data;
      expect(Object.keys(compilers).sort()).toEqual(['author', 'documentId', 'id', 'tags', 'title', 'views']);
      expect(compilers.documentId).toBe(seeded.articles['Compilers for Everyone']);
      expect(compilers.author).toEqual({ id: expect.any(Number), documentId: seeded.authors.grace, name: 'Grace Hopper' });
      expect(names(compilers.tags)).toEqual(['Math', 'Tech']);
      expect(bernoulli.author.name).toBe('Ada Lovelace');
      expect(names(bernoulli.tags)).toEqual(['Math']);
      expect(names(poetical.tags)).toEqual(['History', 'Tech']);
      // Populated tags carry their own scalar fields, never the private ones of anything.
      expect(compilers.tags[0]).toHaveProperty('slug');
    },
  },
  {
    name: 'find: page 2 of the same query holds the remaining row',
    ...find(() => ({
      filters: {
        $and: [
          { $or: [{ author: { name: { $containsi: 'ADA' } } }, { tags: { name: { $eq: 'Tech' } } }] },
          { views: { $gte: 100 } },
        ],
      },
      sort: ['views:desc', 'title'],
      pagination: { page: 2, pageSize: 3 },
      fields: ['title'],
    })),
    check: (body) => {
      expect(titles(body)).toEqual(['Analytical Engine Notes']);
      expect(body.meta.pagination).toEqual({ page: 2, pageSize: 3, pageCount: 2, total: 4, next: null });
    },
  },
  {
    name: 'find: the sort tie-break is the second key (views 45: Difference < Victorian)',
    ...find(() => ({ sort: ['views:desc', 'title'], fields: ['title', 'views'] })),
    check: (body) => {
      expect(titles(body)).toEqual(BY_VIEWS);
      expect(body.meta.pagination).toMatchObject({ page: 1, pageSize: 25, pageCount: 1, total: 8, next: null });
    },
  },
  {
    name: 'find: start/limit pagination',
    ...find(() => ({ sort: ['views:desc', 'title'], pagination: { start: 2, limit: 3 }, fields: ['title'] })),
    check: (body) => {
      expect(titles(body)).toEqual(BY_VIEWS.slice(2, 5));
      expect(body.meta.pagination).toMatchObject({ start: 2, limit: 3, total: 8 });
      expect(body.meta.pagination).not.toHaveProperty('page');
    },
  },
  {
    name: 'find: withCount=false leaves the count out',
    ...find(() => ({ sort: 'views:desc', pagination: { page: 2, pageSize: 3, withCount: false }, fields: ['title'] })),
    check: (body) => {
      expect(titles(body)).toEqual(BY_VIEWS.slice(3, 6));
      expect(body.meta.pagination).toEqual({ page: 2, pageSize: 3, next: expect.any(String) });
    },
  },
  {
    name: "find: populate '*' loads every relation one level deep, without private fields",
    ...find(() => ({ populate: '*', filters: { title: { $eq: 'Analytical Engine Notes' } } })),
    check: (body, seeded) => {
      expect(body.data).toHaveLength(1);
      const [entry] = body.data;
      expect(entry).toMatchObject({
        documentId: seeded.articles['Analytical Engine Notes'], title: 'Analytical Engine Notes', slug: 'analytical-engine-notes',
        views: 120, featured: true, kind: 'news', publishedOn: '2024-01-10',
        author: { documentId: seeded.authors.ada, name: 'Ada Lovelace', bio: 'Analyst' },
        category: { documentId: seeded.categories.science, name: 'Science' },
      });
      expect(names(entry.tags)).toEqual(['History', 'Math']);
      expect(entry).not.toHaveProperty('internalNotes');
      expect(entry.author).not.toHaveProperty('email');
      // One level only: the author's own articles are not loaded.
      expect(entry.author).not.toHaveProperty('articles');
      expect(body.meta.pagination).toMatchObject({ total: 1 });
    },
  },
  {
    name: 'find: $null on a date, a boolean filter, sort by date ascending',
    ...find(() => ({ filters: { $or: [{ publishedOn: { $null: true } }, { featured: { $eq: true } }] }, sort: 'publishedOn:asc', fields: ['title', 'publishedOn'] })),
    check: (body) => {
      // NULLs sort first in ascending order (DESIGN §10).
      expect(titles(body)).toEqual(['Punch Cards Explained', 'Bernoulli Numbers', 'Analytical Engine Notes', 'Poetical Science', 'Compilers for Everyone']);
      expect(body.data[0].publishedOn).toBeNull();
    },
  },
  {
    name: 'find: a to-many relation path with $in, ordered by title',
    ...find(() => ({ filters: { tags: { name: { $in: ['History', 'Tech'] } } }, sort: ['title:asc'], fields: ['title'] })),
    check: (body) => {
      expect(titles(body)).toEqual(['Analytical Engine Notes', 'Compilers for Everyone', 'Poetical Science', 'Punch Cards Explained', 'Victorian Computing']);
      expect(body.meta.pagination.total).toBe(5);
    },
  },
  {
    name: 'find: $not, $between and a relation sort path (author.name desc, then title)',
    ...find(() => ({
      filters: { $not: { kind: { $eq: 'news' } }, views: { $between: [40, 400] } },
      sort: ['author.name:desc', 'title'],
      populate: { author: { fields: ['name'] } },
      fields: ['title'],
    })),
    check: (body) => {
      expect(titles(body)).toEqual(['Punch Cards Explained', 'Difference Engine Primer', 'Bernoulli Numbers']);
      expect(body.data.map((entry: { author: { name: string } }) => entry.author.name)).toEqual(['Grace Hopper', 'Charles Babbage', 'Ada Lovelace']);
    },
  },
  {
    name: 'find: status=published and a locale are accepted',
    ...find(() => ({ status: 'published', locale: 'en', filters: { category: { name: { $eq: 'Culture' } } }, sort: 'title', fields: ['title'] })),
    check: (body) => {
      expect(titles(body)).toEqual(['Debugging a Moth', 'Poetical Science', 'Victorian Computing']);
    },
  },
  {
    name: 'find: a filter matching nothing is an empty page, not an error',
    ...find(() => ({ filters: { title: { $startsWith: 'Zz' } } })),
    check: (body) => {
      expect(body.data).toEqual([]);
      expect(body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 0, total: 0, next: null });
    },
  },
  {
    name: 'findOne with nested populate',
    path: (seeded) => `articles/${seeded.articles['Poetical Science']}`,
    params: () => ({ populate: { author: { fields: ['name'] }, tags: { sort: ['name:desc'], fields: ['name'] }, category: true } }),
    read: (client, seeded, params) => client.collection('articles').findOne(seeded.articles['Poetical Science']!, params),
    check: (body, seeded) => {
      expect(body.meta).toEqual({});
      expect(body.data).toMatchObject({
        documentId: seeded.articles['Poetical Science'], title: 'Poetical Science', views: 200, featured: true, kind: 'news',
        author: { documentId: seeded.authors.ada, name: 'Ada Lovelace' },
        category: { documentId: seeded.categories.culture, name: 'Culture' },
      });
      expect(body.data.author).not.toHaveProperty('bio');
      expect(body.data.tags.map((tag: { name: string }) => tag.name)).toEqual(['Tech', 'History']);
    },
  },
  {
    name: 'findOne of an author populates the inverse side',
    path: (seeded) => `authors/${seeded.authors.charles}`,
    params: () => ({ populate: { articles: { sort: 'title', fields: ['title'] } } }),
    read: (client, seeded, params) => client.collection('authors').findOne(seeded.authors.charles!, params),
    check: (body) => {
      expect(body.data.name).toBe('Charles Babbage');
      expect(body.data).not.toHaveProperty('email');
      expect(body.data.articles.map((article: { title: string }) => article.title)).toEqual(['Difference Engine Primer', 'Victorian Computing']);
    },
  },
];

for (const dialect of dialects) {
  describe(`@strapi/client against Larder [${dialect}]`, () => {
    let app: TestApp;
    let client: StrapiClient;
    const seeded: Seeded = { authors: {}, categories: {}, tags: {}, articles: {} };

    /** The same request by fetch: params encoded as Strapi's docs do. */
    async function raw(method: string, path: string, params?: object): Promise<{ status: number; body: any }> {
      const query = params ? qs.stringify(params, { encodeValuesOnly: true }) : '';
      const response = await fetch(`${app.url}/api/${path}${query ? `?${query}` : ''}`, { method });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined };
    }

    async function seed(path: string, data: Record<string, unknown>): Promise<string> {
      const response = await app.request('POST', `/api/${path}`, { data });
      expect(response.status, response.text).toBe(201);
      return response.body.data.documentId as string;
    }

    beforeAll(async () => {
      app = await startTestApp({ dialect });
      client = strapi({ baseURL: `${app.url}/api` });
      seeded.authors.ada = await seed('authors', { name: 'Ada Lovelace', email: 'ada@example.com', bio: 'Analyst' });
      seeded.authors.charles = await seed('authors', { name: 'Charles Babbage', email: 'charles@example.com', bio: 'Engineer' });
      seeded.authors.grace = await seed('authors', { name: 'Grace Hopper', email: 'grace@example.com', bio: 'Admiral' });
      seeded.categories.science = await seed('categories', { name: 'Science' });
      seeded.categories.culture = await seed('categories', { name: 'Culture' });
      seeded.tags.math = await seed('tags', { name: 'Math' });
      seeded.tags.history = await seed('tags', { name: 'History' });
      seeded.tags.tech = await seed('tags', { name: 'Tech' });
      for (const article of ARTICLES) {
        seeded.articles[article.title] = await seed('articles', {
          ...article,
          author: seeded.authors[article.author],
          category: seeded.categories[article.category],
          tags: article.tags.map((tag) => seeded.tags[tag]),
        });
      }
    });

    afterAll(async () => {
      await app?.close();
    });

    for (const read of READS) {
      it(read.name, async () => {
        const params = read.params?.(seeded);
        const fromClient = (await read.read(client, seeded, params)) as Body;
        const fromFetch = await raw('GET', read.path(seeded), params);
        expect(fromFetch.status).toBe(200);
        expect(fromClient).toEqual(fromFetch.body);
        read.check(fromClient, seeded);
      });
    }

    it('create: the body is wrapped in { data }, query params populate the answer', async () => {
      const created = await client.collection('articles').create(
        { title: 'Made by the Client', views: 7, kind: 'guide', publishedOn: '2024-07-01', author: seeded.authors.grace, tags: [seeded.tags.math] },
        { populate: ['author', 'tags'] },
      );
      expect(created).toMatchObject({
        data: {
          title: 'Made by the Client', slug: 'made-by-the-client', views: 7, kind: 'guide', featured: false, publishedOn: '2024-07-01',
          author: { documentId: seeded.authors.grace, name: 'Grace Hopper' },
          tags: [{ documentId: seeded.tags.math, name: 'Math' }],
        },
        meta: {},
      });
      expect(created.data.documentId).toMatch(/^[a-z0-9]{24}$/);
      expect(created.data.publishedAt).toEqual(expect.any(String));
      seeded.created = created.data.documentId;
      const fromFetch = await raw('GET', `articles/${seeded.created}`, { populate: ['author', 'tags'] });
      expect(fromFetch.body.data).toEqual(created.data);
    });

    it('update: a partial update with connect, read back by the client and by fetch', async () => {
      const params = { populate: { tags: { sort: ['name'], fields: ['name'] } }, fields: ['title', 'views', 'kind'] };
      const updated = await client.collection('articles').update(seeded.created!, { views: 8, tags: { connect: [seeded.tags.tech] } }, params);
      expect(updated.data).toMatchObject({ documentId: seeded.created, title: 'Made by the Client', views: 8, kind: 'guide' });
      expect(updated.data.tags.map((tag: { name: string }) => tag.name)).toEqual(['Math', 'Tech']);
      const again = await client.collection('articles').findOne(seeded.created!, params);
      expect(again).toEqual(updated);
      const fromFetch = await raw('GET', `articles/${seeded.created}`, params);
      expect(fromFetch.body).toEqual(updated);
    });

    it('the new entry shows in lists at its place in the order', async () => {
      const params: API.BaseQueryParams = { sort: ['views:asc', 'title'], pagination: { page: 1, pageSize: 2 }, fields: ['title', 'views'] };
      const list = await client.collection('articles').find(params);
      expect(list).toEqual((await raw('GET', 'articles', params)).body);
      expect(list.data.map((entry) => entry.title)).toEqual(['Made by the Client', 'Debugging a Moth']);
      expect(list.meta.pagination).toMatchObject({ page: 1, pageSize: 2, pageCount: 5, total: 9 });
    });

    it('delete: resolves on 204, the entry is gone', async () => {
      await expect(client.collection('articles').delete(seeded.created!)).resolves.toBeUndefined();
      expect((await raw('GET', `articles/${seeded.created}`)).status).toBe(404);
      const list = await client.collection('articles').find({ pagination: { pageSize: 1 } });
      expect(list.meta.pagination?.total).toBe(8);
    });

    it('findOne of a missing documentId throws HTTPNotFoundError carrying the 404 response and our envelope', async () => {
      const missing = 'abcdefghijklmnopqrstuvwx';
      const error = await client.collection('articles').findOne(missing).then(
        () => { throw new Error('findOne should have thrown'); },
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(HTTPNotFoundError);
      expect(error).toBeInstanceOf(HTTPError);
      const notFound = error as HTTPNotFoundError;
      expect(notFound.name).toBe('HTTPNotFoundError');
      expect(notFound.message).toContain('404');
      expect(notFound.request.method).toBe('GET');
      expect(notFound.request.url).toBe(`${app.url}/api/articles/${missing}`);
      expect(notFound.response.status).toBe(404);
      const envelope = await notFound.response.json();
      expect(envelope).toEqual({ data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } });
      expect(envelope).toEqual((await raw('GET', `articles/${missing}`)).body);
    });

    it('deleting a deleted entry throws HTTPNotFoundError (404, stricter than Strapi)', async () => {
      const error = await client.collection('articles').delete(seeded.created!).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HTTPNotFoundError);
      expect((error as HTTPNotFoundError).response.status).toBe(404);
      expect((error as HTTPNotFoundError).request.method).toBe('DELETE');
    });

    it('an unknown filter field throws HTTPBadRequestError with a ValidationError envelope', async () => {
      const error = await client.collection('articles').find({ filters: { colour: { $eq: 'red' } } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HTTPBadRequestError);
      const response = (error as HTTPBadRequestError).response;
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        data: null,
        error: { status: 400, name: 'ValidationError', details: { errors: [{ path: ['filters', 'colour'], name: 'ValidationError' }] } },
      });
    });

    it('a bad page throws HTTPBadRequestError with a PaginationError envelope', async () => {
      const error = await client.collection('articles').find({ pagination: { page: 0 } }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HTTPBadRequestError);
      expect(await (error as HTTPBadRequestError).response.json()).toMatchObject({ data: null, error: { status: 400, name: 'PaginationError' } });
    });

    it('an invalid create throws HTTPBadRequestError whose details name the field', async () => {
      const error = await client.collection('articles').create({ body: 'no title' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(HTTPBadRequestError);
      expect(await (error as HTTPBadRequestError).response.json()).toMatchObject({
        data: null, error: { status: 400, name: 'ValidationError', details: { errors: [{ path: ['title'] }] } },
      });
    });

    describe('single type', () => {
      it('find before any entry throws HTTPNotFoundError', async () => {
        const error = await client.single('homepage').find().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(HTTPNotFoundError);
        expect(await (error as HTTPNotFoundError).response.json()).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
      });

      it('update (PUT) creates the entry', async () => {
        const created = await client.single('homepage').update(
          { headline: 'Welcome', seo: { title: 'Home', keywords: ['cms', 'strapi'] }, featuredArticle: seeded.articles['Compilers for Everyone'] },
          { populate: { featuredArticle: { fields: ['title'] } } },
        );
        expect(created).toMatchObject({
          data: {
            headline: 'Welcome', seo: { title: 'Home', keywords: ['cms', 'strapi'] }, intro: null,
            featuredArticle: { documentId: seeded.articles['Compilers for Everyone'], title: 'Compilers for Everyone' },
          },
          meta: {},
        });
      });

      it('update again changes the same entry; find matches fetch', async () => {
        const before = await client.single('homepage').find();
        const updated = await client.single('homepage').update({ intro: 'Hello from the client' });
        expect(updated.data).toMatchObject({ documentId: before.data.documentId, headline: 'Welcome', intro: 'Hello from the client' });
        const params = { populate: ['featuredArticle'], fields: ['headline', 'intro'] };
        const found = await client.single('homepage').find(params);
        expect(found).toEqual((await raw('GET', 'homepage', params)).body);
        expect(found.meta).toEqual({});
        expect(found.data).toMatchObject({ documentId: before.data.documentId, headline: 'Welcome', intro: 'Hello from the client' });
        expect(found.data).not.toHaveProperty('seo');
        expect(found.data.featuredArticle).toMatchObject({ title: 'Compilers for Everyone', views: 500 });
      });

      it('delete removes it; find throws HTTPNotFoundError again', async () => {
        await expect(client.single('homepage').delete()).resolves.toBeUndefined();
        expect((await raw('GET', 'homepage')).status).toBe(404);
        const error = await client.single('homepage').find().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(HTTPNotFoundError);
        expect((error as HTTPNotFoundError).response.status).toBe(404);
      });
    });
  });
}

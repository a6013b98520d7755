import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedTableOf } from '../../core/content-types/storage-tables.js';
import { loadContentTypes } from '../../core/content-types/load-content-types.js';
import type { ContentTypeRegistry } from '../../core/content-types/registry.js';
import type { ContentType } from '../../core/content-types/types.js';
import { connectDatabase, type Database, type Dialect } from '../../core/db/connect.js';
import { PaginationError, ValidationError } from '../../core/errors.js';
import { findFirst, findMany, findOne, defaultQuery, type Entry, type QueryContext } from '../../core/query/find.js';
import { parseQuery } from '../../core/query/parse-query.js';
import { parseQueryString } from '../../core/query/parse-query-string.js';
import { defaultReadPolicy, type ReadPolicy } from '../../core/query/types.js';
import { applyOperations } from '../../core/schema/apply-operations.js';
import { buildSnapshot } from '../../core/schema/build-snapshot.js';
import { planMigration } from '../../core/schema/migrator.js';
import { emptySnapshot } from '../../core/schema/snapshot.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';

const rel = (relation: string, target: string, extra: Record<string, unknown> = {}) => ({ type: 'relation', relation, target, ...extra });
const collection = (singularName: string, pluralName: string, attributes: Record<string, unknown>, draftAndPublish = false) => ({
  kind: 'collectionType', collectionName: pluralName,
  info: { singularName, pluralName, displayName: singularName },
  options: { draftAndPublish }, attributes,
});

const DEFINITIONS = {
  product: collection('product', 'products', {
    name: { type: 'string' },
    price: { type: 'decimal' },
    rank: { type: 'integer' },
    stock: { type: 'biginteger' },
    weight: { type: 'float' },
    active: { type: 'boolean' },
    releasedOn: { type: 'date' },
    opensAt: { type: 'time' },
    kind: { type: 'enumeration', enum: ['food', 'tool'] },
    details: { type: 'json' },
    secret: { type: 'string', private: true },
    pin: { type: 'password' },
  }),
  tag: collection('tag', 'tags', {
    slug: { type: 'string' },
    articles: rel('manyToMany', 'article', { mappedBy: 'tags' }),
  }),
  category: collection('category', 'categories', {
    name: { type: 'string' },
    articles: rel('oneToMany', 'article', { mappedBy: 'category' }),
  }, true),
  author: collection('author', 'authors', {
    name: { type: 'string' },
    email: { type: 'email', private: true },
    mentor: rel('oneToOne', 'author'),
  }),
  article: collection('article', 'articles', {
    title: { type: 'string' },
    body: { type: 'text' },
    views: { type: 'integer' },
    note: { type: 'string', private: true },
    category: rel('manyToOne', 'category', { inversedBy: 'articles' }),
    tags: rel('manyToMany', 'tag', { inversedBy: 'articles' }),
    author: rel('oneToOne', 'author'),
  }, true),
};

/** A fixed, valid documentId per fixture row: 24 lowercase alphanumerics. */
const doc = (prefix: string, n: number) => `${prefix}${String(n).padStart(24 - prefix.length, '0')}`;
const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 12, minute)).toISOString();
const BIG = '9007199254740993'; // 2^53 + 1: lost if it ever passes through a double

interface Fixture {
  db: Database;
  test: TestDatabase;
  registry: ContentTypeRegistry;
  ctx: QueryContext;
  type(name: string): ContentType;
  /** parseQueryString + parseQuery + findMany, as a route would. */
  list(typeName: string, querystring?: string, policy?: ReadPolicy): Promise<{ data: Entry[]; pagination: any }>;
  parse(typeName: string, querystring: string, policy?: ReadPolicy): ReturnType<typeof parseQuery>;
  close(): Promise<void>;
}

async function setUp(dialect: Dialect): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'larder-query-'));
  for (const [name, definition] of Object.entries(DEFINITIONS)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(definition));
  const registry = loadContentTypes(dir);
  const test = await createTestDatabase(dialect);
  const db = connectDatabase({ url: test.url, sqliteDriver: 'better-sqlite3', cwd: dir });
  const operations = planMigration(emptySnapshot(), buildSnapshot(registry.all())).map((planned) => planned.operation);
  await db.knex.transaction((trx) => applyOperations(trx, dialect, operations));
  await insertRows(db.knex, dialect, registry);
  const ctx: QueryContext = { knex: db.knex, dialect, registry, policy: defaultReadPolicy };
  const type = (name: string) => registry.get(name)!;
  const parse = (typeName: string, querystring: string, policy: ReadPolicy = defaultReadPolicy) =>
    parseQuery(parseQueryString(querystring), type(typeName), registry, policy, dialect);
  return {
    db, test, registry, ctx, type, parse,
    list: async (typeName, querystring = '', policy = defaultReadPolicy) =>
      findMany({ ...ctx, policy }, type(typeName), parse(typeName, querystring, policy)),
    async close() {
      await db.close();
      await test.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function insertRows(knex: Knex, dialect: Dialect, registry: ContentTypeRegistry): Promise<void> {
  const bool = (value: boolean) => (dialect === 'sqlite' ? (value ? 1 : 0) : value);
  const system = (prefix: string, n: number, published: boolean | null = null) => ({
    id: n, document_id: doc(prefix, n), created_at: at(n), updated_at: at(n + 30),
    ...(published === null ? {} : { published_at: published ? at(n + 1) : null }),
  });
  await knex('products').insert([
    { ...system('p', 1), name: 'Apple', price: 1.5, rank: 3, stock: BIG, weight: 0.2, active: bool(true), released_on: '2024-01-05', opens_at: '08:30:00.000', kind: 'food', details: JSON.stringify({ a: 1 }), secret: 's1', pin: 'hash1' },
    { ...system('p', 2), name: 'apple', price: null, rank: 1, stock: '-5', weight: null, active: bool(false), released_on: '2023-12-31', opens_at: null, kind: 'food', details: null, secret: 's2', pin: 'hash2' },
    { ...system('p', 3), name: 'Banana', price: 0.25, rank: 2, stock: '0', weight: 1.25, active: bool(true), released_on: null, opens_at: '23:59:59.999', kind: 'tool', details: JSON.stringify([1, 2]), secret: null, pin: null },
    { ...system('p', 4), name: 'Ünïcode 商品', price: 100, rank: null, stock: null, weight: 3, active: null, released_on: '2024-02-29', opens_at: '00:00:00.000', kind: null, details: null, secret: 's4', pin: null },
    { ...system('p', 5), name: null, price: null, rank: 2, stock: '42', weight: -1, active: bool(true), released_on: '2024-01-05', opens_at: null, kind: 'tool', details: null, secret: null, pin: null },
  ]);
  await knex('tags').insert([
    { ...system('t', 1), slug: '100%' },
    { ...system('t', 2), slug: 'snake_case' },
    { ...system('t', 3), slug: 'back\\' },
    { ...system('t', 4), slug: 'plain' },
    { ...system('t', 5), slug: '1000' },
    { ...system('t', 6), slug: 'snakeXcase' },
  ]);
  await knex('categories').insert([
    { ...system('c', 1, true), name: 'Zoology' },
    { ...system('c', 2, true), name: 'art' },
    { ...system('c', 3, false), name: 'Drafts only' },
  ]);
  await knex('authors').insert([
    { ...system('a', 1), name: 'Ann', email: 'ann@example.com' },
    { ...system('a', 2), name: 'Bob', email: 'bob@example.com' },
  ]);
  const articles = [];
  for (let n = 1; n <= 60; n++) {
    articles.push({ ...system('r', n, n !== 7), title: `Article ${String(n).padStart(2, '0')}`, body: n % 2 ? 'Odd body' : 'even BODY', views: n % 5 === 0 ? null : n * 10 % 70, note: `note ${n}` });
  }
  await knex.batchInsert('articles', articles, 30);
  const article = registry.get('article')!;
  const link = (name: string) => {
    const attribute = article.attributes.get(name)!;
    if (attribute.kind !== 'relation') throw new Error(name);
    return attribute.link;
  };
  const category = link('category');
  // Articles 1-3 → Zoology, 4-6 → art, 8 → the unpublished category, the rest none.
  const categoryOf: Record<number, number> = { 1: 1, 2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 8: 3 };
  await knex(category.table).insert(Object.entries(categoryOf).map(([articleId, categoryId]) => ({ [category.sourceColumn]: Number(articleId), [category.targetColumn]: categoryId })));
  const tags = link('tags');
  const tagsOf: Record<number, number[]> = { 1: [4, 1], 2: [2], 3: [3, 2, 4], 4: [6], 10: [5] };
  const tagRows = [];
  for (let n = 1; n <= 60; n++) for (const tagId of tagsOf[n] ?? (n > 10 ? [4] : [])) tagRows.push({ [tags.sourceColumn]: n, [tags.targetColumn]: tagId });
  await knex.batchInsert(tags.table, tagRows, 50);
  const author = link('author');
  await knex(author.table).insert([{ [author.sourceColumn]: 1, [author.targetColumn]: 1 }, { [author.sourceColumn]: 2, [author.targetColumn]: 2 }]);
  const authorType = registry.get('author')!;
  const mentor = authorType.attributes.get('mentor')!;
  if (mentor.kind !== 'relation') throw new Error('mentor');
  await knex(mentor.link.table).insert({ [mentor.link.sourceColumn]: 2, [mentor.link.targetColumn]: 1 });
  // Published versions live in tables of their own: copy what is published there, links included.
  for (const typeName of ['category', 'article']) {
    const contentType = registry.get(typeName)!;
    const published = publishedTableOf(contentType.table);
    await knex.raw(`INSERT INTO ${published} SELECT * FROM ${contentType.table} WHERE published_at IS NOT NULL`);
    await knex(contentType.table).update({ published_at: null });
    for (const attribute of contentType.attributes.values()) {
      if (attribute.kind !== 'relation' || !attribute.owner) continue;
      const { table, sourceColumn } = attribute.link;
      await knex.raw(`INSERT INTO ${publishedTableOf(table)} SELECT * FROM ${table} WHERE ${sourceColumn} IN (SELECT id FROM ${published})`);
    }
  }
  if (dialect === 'postgres') {
    // Explicit ids leave the sequences behind; keep them honest for any later insert.
    for (const table of ['products', 'tags', 'categories', 'authors', 'articles']) {
      await knex.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT MAX(id) FROM ${table}))`);
    }
  }
}

const ids = (data: Entry[]) => data.map((entry) => entry.id);

for (const dialect of dialects) {
  describe(`query read path [${dialect}]`, () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await setUp(dialect);
    });
    afterAll(async () => {
      await f?.close();
    });

    const expectIds = async (typeName: string, querystring: string, expected: number[]) => {
      const { data } = await f.list(typeName, querystring);
      expect(ids(data), querystring).toEqual(expected);
    };
    const rejects = async (typeName: string, querystring: string, error: typeof ValidationError | typeof PaginationError = ValidationError) => {
      await expect(f.list(typeName, querystring), querystring).rejects.toBeInstanceOf(error);
    };

    it('lists with defaults: page 1 of 25, ordered by id, with a next cursor', async () => {
      const { data, pagination } = await f.list('product');
      expect(ids(data)).toEqual([1, 2, 3, 4, 5]);
      expect(pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 5, next: null });
      expect(Object.keys(data[0]!)).toEqual(['id', 'documentId', 'name', 'price', 'rank', 'stock', 'weight', 'active', 'releasedOn', 'opensAt', 'kind', 'details', 'createdAt', 'updatedAt']);
      expect(data[0]).toEqual({
        id: 1, documentId: doc('p', 1), name: 'Apple', price: 1.5, rank: 3, stock: BIG, weight: 0.2, active: true,
        releasedOn: '2024-01-05', opensAt: '08:30:00.000', kind: 'food', details: { a: 1 }, createdAt: at(1), updatedAt: at(31),
      });
      expect(data[3]!.name).toBe('Ünïcode 商品');
    });

    describe('filters on scalars', () => {
      const cases: Array<[string, number[]]> = [
        ['filters[price][$null]=true', [2, 5]],
        ['filters[price][$null]=false', [1, 3, 4]],
        ['filters[price][$notNull]=1', [1, 3, 4]],
        ['filters[price][$notNull]=', [2, 5]],
        // NULL never matches a negation (DESIGN §10).
        ['filters[rank][$ne]=2', [1, 2]],
        ['filters[rank][$notIn][0]=2', [1, 2]],
        ['filters[$not][rank][$eq]=2', [1, 2]],
        ['filters[rank][$in][0]=1&filters[rank][$in][1]=3', [1, 2]],
        ['filters[rank][$eq][0]=1&filters[rank][$eq][1]=3', [1, 2]],
        ['filters[rank]=2', [3, 5]],
        ['filters[rank][$lt]=2', [2]],
        ['filters[rank][$lte]=2', [2, 3, 5]],
        ['filters[rank][$gt]=2', [1]],
        ['filters[rank][$gte]=2', [1, 3, 5]],
        // Case: exact on both databases; the …i forms fold case on both.
        ['filters[name][$eq]=apple', [2]],
        ['filters[name][$eqi]=APPLE', [1, 2]],
        ['filters[name][$ne]=apple', [1, 3, 4]],
        ['filters[name][$nei]=APPLE', [3, 4]],
        ['filters[name][$contains]=pp', [1, 2]],
        ['filters[name][$contains]=PP', []],
        ['filters[name][$containsi]=PP', [1, 2]],
        ['filters[name][$notContains]=pp', [3, 4]],
        ['filters[name][$notContainsi]=PP', [3, 4]],
        ['filters[name][$startsWith]=A', [1]],
        ['filters[name][$startsWith]=a', [2]],
        ['filters[name][$startsWithi]=a', [1, 2]],
        ['filters[name][$endsWith]=na', [3]],
        ['filters[name][$endsWith]=NA', []],
        ['filters[name][$endsWithi]=LE', [1, 2]],
        ['filters[name][$endsWith]=', [1, 2, 3, 4]],
        ['filters[name][$eq]=Ünïcode 商品', [4]],
        ['filters[name][$contains]=商', [4]],
        ['filters[name][$endsWith]=商品', [4]],
        ['filters[name][$startsWith]=Ünï', [4]],
        // Case folding is ASCII-only on both databases (SQLite's lower() cannot do more), so both agree.
        ['filters[name][$eqi]=ÜnïCODE 商品', [4]],
        ['filters[name][$containsi]=ÜNÏ', []],
        ['filters[name][$containsi]=ünï', []],
        ['filters[stock][$eq]=9007199254740993', [1]],
        ['filters[stock][$eq]=9007199254740992', []],
        ['filters[stock][$gt]=41', [1, 5]],
        ['filters[stock][$lt]=0', [2]],
        ['filters[price][$between][0]=0.2&filters[price][$between][1]=2', [1, 3]],
        ['filters[price][$lt]=1', [3]],
        ['filters[price][$gte]=100', [4]],
        ['filters[weight][$lt]=0', [5]],
        ['filters[active]=true', [1, 3, 5]],
        ['filters[active][$eq]=f', [2]],
        ['filters[active][$ne]=true', [2]],
        ['filters[releasedOn][$gt]=2024-01-01', [1, 4, 5]],
        ['filters[releasedOn][$eq]=2024-01-05', [1, 5]],
        ['filters[opensAt][$lt]=09:00', [1, 4]],
        ['filters[kind][$in][0]=tool', [3, 5]],
        ['filters[details][$null]=true', [2, 4, 5]],
        ['filters[$or][0][rank]=1&filters[$or][1][name]=Banana', [2, 3]],
        ['filters[$and][0][rank][$gte]=2&filters[$and][1][active]=true', [1, 3, 5]],
        ['filters[rank][$gte]=2&filters[active]=true&filters[price][$null]=false', [1, 3]],
        ['filters[$not][$or][0][rank]=1&filters[$not][$or][1][rank]=2', [1]],
        ['filters[rank][$not][$eq]=2', [1, 2]],
        ['filters[id][$in][0]=2&filters[id][$in][1]=4', [2, 4]],
        [`filters[documentId]=${doc('p', 3)}`, [3]],
        [`filters[createdAt][$gte]=${at(3)}`, [3, 4, 5]],
        ['filters[createdAt][$lt]=2024-01-01T13:02:00%2B01:00', [1]],
        ['filters[updatedAt][$gt]=2024-01-01T13:00', [] ],
      ];
      it.each(cases)('%s', async (querystring, expected) => {
        await expectIds('product', querystring, expected);
      });

      it('nests $and/$or/$not up to 10 levels, and refuses 11', async () => {
        const nested = (levels: number) => `filters${'[$not]'.repeat(levels)}[rank]=2`;
        await expectIds('product', nested(10), [3, 5]);
        await rejects('product', nested(11));
        await rejects('product', `filters${'[$and][0]'.repeat(11)}[rank]=2`);
      });
    });

    describe('LIKE wildcards and backslashes are literal', () => {
      const cases: Array<[string, number[]]> = [
        ['filters[slug][$contains]=%', [1]],
        ['filters[slug][$containsi]=%', [1]],
        ['filters[slug][$contains]=_', [2]],
        ['filters[slug][$containsi]=E_C', [2]],
        ['filters[slug][$startsWith]=snake_', [2]],
        ['filters[slug][$startsWithi]=SNAKE_', [2]],
        ['filters[slug][$startsWith]=100%', [1]],
        ['filters[slug][$endsWith]=\\', [3]],
        ['filters[slug][$endsWithi]=K\\', [3]],
        ['filters[slug][$notContainsi]=%', [2, 3, 4, 5, 6]],
        ['_q=%', [1]],
        ['_q=_', [2]],
        ['_q=\\', [3]],
        ['_q=SNAKE', [2, 6]],
      ];
      it.each(cases)('%s', async (querystring, expected) => {
        await expectIds('tag', querystring, expected);
      });
    });

    describe('sort', () => {
      const cases: Array<[string, number[]]> = [
        // NULLs first ascending, last descending; the id tie-break keeps NULL rows in id order.
        ['sort=price', [2, 5, 3, 1, 4]],
        ['sort=price:desc', [4, 1, 3, 2, 5]],
        ['sort=price:DESC', [4, 1, 3, 2, 5]],
        ['sort[0]=price:desc', [4, 1, 3, 2, 5]],
        ['sort[price]=desc', [4, 1, 3, 2, 5]],
        ['sort[0][price]=desc', [4, 1, 3, 2, 5]],
        // Text orders by code point on both databases.
        ['sort=name:asc', [5, 1, 3, 2, 4]],
        ['sort=name:desc', [4, 2, 3, 1, 5]],
        ['sort=rank:desc,name:asc', [1, 5, 3, 2, 4]],
        ['sort[0]=rank:desc&sort[1]=name', [1, 5, 3, 2, 4]],
        ['sort=stock:desc', [1, 5, 3, 2, 4]],
        ['sort=active:asc', [4, 2, 1, 3, 5]],
        ['sort=releasedOn:desc', [4, 1, 5, 2, 3]],
        ['sort=id:desc', [5, 4, 3, 2, 1]],
        ['sort=documentId:desc', [5, 4, 3, 2, 1]],
        ['sort=createdAt:desc', [5, 4, 3, 2, 1]],
      ];
      it.each(cases)('%s', async (querystring, expected) => {
        await expectIds('product', querystring, expected);
      });
    });

    describe('private, password, unknown: always 400', () => {
      const cases = [
        'filters[secret]=s1', 'filters[secret][$null]=true', 'filters[pin][$null]=true', 'filters[$or][0][secret]=s1',
        'filters[$not][secret]=s1', 'filters[nope]=1', 'filters[name][$EQ]=x', 'filters[name][$like]=x', 'filters[name][x]=1',
        'sort=secret', 'sort=pin:desc', 'sort=nope', 'sort[secret]=asc', 'sort=name:up',
        'fields=secret', 'fields[0]=pin', 'fields=nope',
        'filters[rank]=abc', 'filters[active]=yes', 'filters[releasedOn]=2024-02-30', 'filters[rank][$between][0]=1',
        'filters[rank][$contains]=1', 'filters[details][$eq]=1', 'sort=details',
        'where[name]=x', 'lookup=1', 'status=draft', 'status=published',
      ];
      it.each(cases)('%s', async (querystring) => {
        await rejects('product', querystring);
      });
      it('through relations too', async () => {
        for (const querystring of ['filters[author][email][$contains]=ann', 'sort=author.email', 'filters[note]=x', 'populate[author][fields][0]=email',
          'populate[author][filters][email][$null]=true', 'populate[author][sort]=email', 'filters[category][nope]=1']) {
          await rejects('article', querystring);
        }
      });
      it('never outputs private or password fields, and _q does not search them', async () => {
        const { data } = await f.list('product');
        for (const entry of data) {
          expect(entry).not.toHaveProperty('secret');
          expect(entry).not.toHaveProperty('pin');
        }
        await expectIds('product', '_q=s1', []);
        await expectIds('product', '_q=hash', []);
        await expectIds('product', '_q=APP', [1, 2]);
        await expectIds('product', '_q=fOOd', [1, 2]);
        const { data: authors } = await f.list('author');
        expect(authors[0]).not.toHaveProperty('email');
      });
    });

    describe('fields', () => {
      it('selects scalars, always with id and documentId', async () => {
        const { data } = await f.list('product', 'fields[0]=name&fields[1]=stock&sort=id');
        expect(data[0]).toEqual({ id: 1, documentId: doc('p', 1), name: 'Apple', stock: BIG });
        const { data: again } = await f.list('product', 'fields=name,createdAt');
        expect(Object.keys(again[0]!)).toEqual(['id', 'documentId', 'name', 'createdAt']);
        const { data: sorted } = await f.list('product', 'fields=name&sort=price:desc');
        expect(ids(sorted)).toEqual([4, 1, 3, 2, 5]);
        expect(Object.keys(sorted[0]!)).toEqual(['id', 'documentId', 'name']);
      });
      it('refuses relations', async () => {
        await rejects('article', 'fields=category');
      });
    });

    describe('pagination', () => {
      it('page mode', async () => {
        const first = await f.list('product', 'pagination[pageSize]=2');
        expect(ids(first.data)).toEqual([1, 2]);
        expect(first.pagination).toMatchObject({ page: 1, pageSize: 2, pageCount: 3, total: 5 });
        expect(typeof first.pagination.next).toBe('string');
        const last = await f.list('product', 'pagination[page]=3&pagination[pageSize]=2');
        expect(ids(last.data)).toEqual([5]);
        expect(last.pagination).toEqual({ page: 3, pageSize: 2, pageCount: 3, total: 5, next: null });
        const beyond = await f.list('product', 'pagination[page]=9&pagination[pageSize]=2');
        expect(beyond.data).toEqual([]);
        expect(beyond.pagination).toEqual({ page: 9, pageSize: 2, pageCount: 3, total: 5, next: null });
      });
      it('offset mode, the cap and -1', async () => {
        const { data, pagination } = await f.list('product', 'pagination[start]=1&pagination[limit]=2');
        expect(ids(data)).toEqual([2, 3]);
        expect(pagination).toMatchObject({ start: 1, limit: 2, total: 5 });
        expect(Object.keys(pagination)).toEqual(['start', 'limit', 'total', 'next']);
        expect((await f.list('product', 'pagination[limit]=-1')).pagination).toEqual({ start: 0, limit: 100, total: 5, next: null });
        expect((await f.list('article', 'pagination[limit]=500')).pagination).toMatchObject({ limit: 100, total: 59 });
        expect((await f.list('article', 'pagination[pageSize]=1000')).pagination).toMatchObject({ pageSize: 100, pageCount: 1, total: 59 });
      });
      it('withCount=false leaves out the count', async () => {
        expect((await f.list('product', 'pagination[withCount]=false&pagination[pageSize]=2')).pagination)
          .toEqual({ page: 1, pageSize: 2, next: expect.any(String) });
        expect((await f.list('product', 'pagination[withCount]=false&pagination[start]=4')).pagination)
          .toEqual({ start: 4, limit: 25, next: null });
      });
      const errors: Array<[string, typeof ValidationError | typeof PaginationError]> = [
        ['pagination[page]=0', PaginationError], ['pagination[page]=-1', PaginationError], ['pagination[page]=1.5', PaginationError],
        ['pagination[page]=abc', PaginationError], ['pagination[pageSize]=-1', PaginationError], ['pagination[pageSize]=0', PaginationError],
        ['pagination[start]=-1', PaginationError], ['pagination[start]=x', PaginationError], ['pagination[limit]=0', PaginationError],
        ['pagination[limit]=-2', PaginationError], ['pagination[limit]=2.5', PaginationError], ['pagination[withCount]=yes', PaginationError],
        ['pagination[withCount]=1', PaginationError], ['pagination[page]=1&pagination[start]=0', PaginationError],
        ['pagination[pageSize]=5&pagination[limit]=5', PaginationError], ['pagination[after]=abc&pagination[page]=2', PaginationError],
        ['pagination[after]=abc&pagination[start]=0', PaginationError], ['pagination[after]=not-a-cursor', PaginationError],
        ['pagination[after]=eyJ4IjoxfQ', PaginationError], ['pagination[foo]=1', ValidationError], ['pagination=5', ValidationError],
      ];
      it.each(errors)('%s is refused', async (querystring, error) => {
        await rejects('product', querystring, error);
      });
      it('refuses a cursor made under another sort', async () => {
        const { pagination } = await f.list('product', 'sort=price&pagination[pageSize]=2');
        await rejects('product', `sort=name&pagination[after]=${pagination.next}`, PaginationError);
        await rejects('product', `pagination[after]=${pagination.next}`, PaginationError);
        await rejects('product', `sort=price:desc&pagination[after]=${pagination.next}`, PaginationError);
        const { data } = await f.list('product', `sort=price&pagination[after]=${pagination.next}&pagination[limit]=2`);
        expect(ids(data)).toEqual([3, 1]);
      });
    });

    describe('keyset pagination', () => {
      const sorts = ['', 'sort=views:desc', 'sort=views:asc,title:desc', 'sort=category.name', 'sort=category.name:desc,views',
        'sort=tags.slug', 'sort=tags.slug:desc', 'sort=title:desc', 'sort=body,views:desc', 'sort=id:desc', 'sort=author.name:desc'];
      it.each(sorts)('walks every row exactly once: %s', async (sort) => {
        const all = await f.list('article', `${sort}&pagination[pageSize]=100`);
        expect(all.data).toHaveLength(59);
        const walked: number[] = [];
        let page = await f.list('article', `${sort}&pagination[pageSize]=7`);
        walked.push(...ids(page.data));
        let guard = 0;
        while (page.pagination.next && guard++ < 20) {
          page = await f.list('article', `${sort}&pagination[after]=${page.pagination.next}&pagination[limit]=7`);
          expect(Object.keys(page.pagination)).toEqual(['limit', 'next']);
          walked.push(...ids(page.data));
        }
        expect(walked).toEqual(ids(all.data));
        expect(new Set(walked).size).toBe(59);
      });
      it('runs one query, without OFFSET or COUNT, bounded on the sort key', async () => {
        const first = await f.list('article', 'sort=views:desc&pagination[pageSize]=10');
        const statements: string[] = [];
        const onQuery = (query: { sql: string }) => { statements.push(query.sql); };
        f.db.knex.on('query', onQuery);
        try {
          await f.list('article', `sort=views:desc&pagination[after]=${first.pagination.next}&pagination[limit]=10`);
        } finally {
          f.db.knex.off('query', onQuery);
        }
        expect(statements).toHaveLength(1);
        expect(statements[0]).not.toMatch(/OFFSET|COUNT/i);
        expect(statements[0]).toContain('"views" <');
      });
      it('takes pageSize as the keyset page size', async () => {
        const first = await f.list('product', 'pagination[pageSize]=2');
        const second = await f.list('product', `pagination[after]=${first.pagination.next}&pagination[pageSize]=2`);
        expect(ids(second.data)).toEqual([3, 4]);
        expect(second.pagination).toEqual({ limit: 2, next: expect.any(String) });
        const third = await f.list('product', `pagination[after]=${second.pagination.next}&pagination[pageSize]=2`);
        expect(third.pagination).toEqual({ limit: 2, next: null });
        expect(ids(third.data)).toEqual([5]);
      });
      it('walks NULL-heavy keys over several sort directions with filters', async () => {
        for (const sort of ['sort=price', 'sort=price:desc', 'sort=rank:desc,name', 'sort=name:desc', 'sort=active,stock:desc', 'sort=weight']) {
          const all = ids((await f.list('product', sort)).data);
          const walked: number[] = [];
          let next: string | null = null;
          do {
            const page: { data: Entry[]; pagination: any } = await f.list('product', `${sort}&pagination[limit]=1${next ? `&pagination[after]=${next}` : ''}`);
            walked.push(...ids(page.data));
            next = page.pagination.next;
          } while (next);
          expect(walked, sort).toEqual(all);
        }
      });
    });

    describe('relations', () => {
      const unpublishedAndUncategorised = [9, ...Array.from({ length: 51 }, (_, index) => index + 10)];
      it('sorts by a to-one relation path, unpublished related entries counting as missing', async () => {
        const { data } = await f.list('article', 'sort=category.name&pagination[pageSize]=100');
        expect(ids(data)).toEqual([8, ...unpublishedAndUncategorised, 1, 2, 3, 4, 5, 6]);
        const desc = await f.list('article', 'sort[0]=category.name:desc&pagination[pageSize]=100');
        expect(ids(desc.data)).toEqual([4, 5, 6, 1, 2, 3, 8, ...unpublishedAndUncategorised]);
        const object = await f.list('article', 'sort[category][name]=desc&pagination[pageSize]=100');
        expect(ids(object.data)).toEqual(ids(desc.data));
        const drafts = await f.list('article', 'status=draft&sort=category.name&pagination[pageSize]=100');
        expect(ids(drafts.data)).toEqual([7, ...unpublishedAndUncategorised, 8, 1, 2, 3, 4, 5, 6]);
      });
      it('sorts by a to-many path with MIN ascending and MAX descending, never repeating a row', async () => {
        const asc = await f.list('article', 'sort=tags.slug&pagination[pageSize]=12');
        // 100% (1) < 1000 (10) < back\ (3) < plain (11, 12…) < snakeXcase (4) < snake_case (2); untagged first.
        expect(ids(asc.data)).toEqual([5, 6, 8, 9, 1, 10, 3, 11, 12, 13, 14, 15]);
        const desc = await f.list('article', 'sort=tags.slug:desc&pagination[pageSize]=100');
        expect(ids(desc.data).slice(0, 5)).toEqual([2, 3, 4, 1, 11]);
        expect(new Set(ids(desc.data)).size).toBe(59);
      });
      const cases: Array<[string, string, number[]]> = [
        ['article', 'filters[category][name][$eq]=art', [4, 5, 6]],
        ['article', 'filters[category][name][$eqi]=ZOOLOGY', [1, 2, 3]],
        ['article', 'filters[category][name]=Drafts only', []],
        ['article', 'status=draft&filters[category][name]=Drafts only', [8]],
        ['article', 'filters[category][id]=2', [4, 5, 6]],
        ['article', 'filters[category]=2', [4, 5, 6]],
        ['article', 'filters[tags][slug][$in][0]=100%&filters[tags][slug][$in][1]=snake_case', [1, 2, 3]],
        ['article', 'filters[tags][slug][$eq]=snake_case&filters[views][$gt]=20', [3]],
        ['article', 'filters[$and][0][tags][slug]=plain&filters[$and][1][tags][slug]=100%', [1]],
        ['article', 'filters[$or][0][tags][slug]=100%&filters[$or][1][category][name]=art', [1, 4, 5, 6]],
        ['article', 'filters[author][name]=Ann', [1]],
        ['article', 'filters[author][mentor][name]=Ann', [2]],
        ['article', 'filters[tags][$null]=true', [5, 6, 8, 9]],
        ['article', 'filters[category][$notNull]=true', [1, 2, 3, 4, 5, 6]],
        ['article', 'filters[$not][tags][slug]=plain', [1, 2, 3, 4, 10]],
        ['article', 'filters[category][name][$null]=true&pagination[pageSize]=100', [8, ...unpublishedAndUncategorised]],
        ['article', 'filters[category][articles][title]=Article 01', [1, 2, 3]],
        // Strapi's idiom for "has none": the related id is NULL as under a LEFT JOIN.
        ['article', 'filters[category][id][$null]=true&pagination[pageSize]=100', [8, ...unpublishedAndUncategorised]],
        ['article', 'filters[tags][id][$null]=true', [5, 6, 8, 9]],
        ['article', 'filters[tags][id][$notNull]=true&filters[id][$lt]=11', [1, 2, 3, 4, 10]],
        ['tag', 'filters[articles][title][$eq]=Article 03', [2, 3, 4]],
        ['tag', 'filters[articles][id][$lt]=3', [1, 2, 4]],
        ['tag', 'filters[articles][$null]=true', []],
        ['category', 'filters[articles][views][$gte]=60', [2]],
        ['author', 'filters[mentor][name]=Ann', [2]],
      ];
      it.each(cases)('%s %s', async (typeName, querystring, expected) => {
        await expectIds(typeName, querystring, expected);
      });
    });

    describe('populate', () => {
      it('loads to-one and to-many relations; empty ones are null and []', async () => {
        const { data } = await f.list('article', 'populate=category,tags&pagination[pageSize]=9&fields=title');
        const [first] = data;
        expect(first).toEqual({
          id: 1, documentId: doc('r', 1), title: 'Article 01',
          category: { id: 1, documentId: doc('c', 1), name: 'Zoology', createdAt: at(1), updatedAt: at(31), publishedAt: at(2) },
          tags: [
            { id: 4, documentId: doc('t', 4), slug: 'plain', createdAt: at(4), updatedAt: at(34) },
            { id: 1, documentId: doc('t', 1), slug: '100%', createdAt: at(1), updatedAt: at(31) },
          ],
        });
        const five = data.find((entry) => entry.id === 5)!;
        expect(five.tags).toEqual([]);
        const eight = data.find((entry) => entry.id === 8)!;
        expect(eight.category).toBeNull();
        expect(eight).not.toHaveProperty('author');
        const drafts = await f.list('article', 'status=draft&populate[0]=category&filters[id]=8');
        expect((drafts.data[0]!.category as Entry).name).toBe('Drafts only');
      });
      it('accepts every form', async () => {
        const forms = ['populate=*', 'populate[0]=category&populate[1]=tags&populate[2]=author', 'populate=category,tags,author',
          'populate[category]=true&populate[tags]=*&populate[author]=true'];
        for (const form of forms) {
          const { data } = await f.list('article', `${form}&filters[id]=1`);
          expect(Object.keys(data[0]!).slice(-3).sort(), form).toEqual(['author', 'category', 'tags']);
          expect((data[0]!.author as Entry).name).toBe('Ann');
        }
      });
      it('applies nested fields, filters, sort and populate', async () => {
        const { data } = await f.list('article',
          'filters[id][$lte]=3&populate[tags][fields][0]=slug&populate[tags][sort]=slug:desc&populate[tags][filters][slug][$ne]=plain'
          + '&populate[author][populate][mentor][fields]=name&populate[category][fields]=name');
        expect(data.map((entry) => entry.tags)).toEqual([
          [{ id: 1, documentId: doc('t', 1), slug: '100%' }],
          [{ id: 2, documentId: doc('t', 2), slug: 'snake_case' }],
          [{ id: 2, documentId: doc('t', 2), slug: 'snake_case' }, { id: 3, documentId: doc('t', 3), slug: 'back\\' }],
        ]);
        expect((data[1]!.author as Entry).mentor).toEqual({ id: 1, documentId: doc('a', 1), name: 'Ann' });
        expect((data[0]!.author as Entry).mentor).toBeNull();
        expect(data[2]!.author).toBeNull();
        expect(data[0]!.category).toEqual({ id: 1, documentId: doc('c', 1), name: 'Zoology' });
        const dotted = await f.list('article', 'filters[id]=2&populate=author.mentor');
        expect(((dotted.data[0]!.author as Entry).mentor as Entry).name).toBe('Ann');
        expect(dotted.data[0]!.author).not.toHaveProperty('email');
      });
      it('populates mappedBy sides', async () => {
        const { data } = await f.list('tag', 'filters[id]=2&populate[articles][fields]=title');
        expect((data[0]!.articles as Entry[]).map((entry) => entry.title)).toEqual(['Article 02', 'Article 03']);
        const categories = await f.list('category', 'populate[articles][fields]=title&populate[articles][sort]=id:desc&status=draft');
        expect(categories.data.map((entry) => (entry.articles as Entry[]).map((article) => article.id))).toEqual([[3, 2, 1], [6, 5, 4], [8]]);
      });
      it('refuses unknown relations, scalars, and more than 5 levels', async () => {
        for (const querystring of ['populate=nope', 'populate=title', 'populate[nope]=true', 'populate[tags][limit]=2',
          'populate=author.mentor.mentor.mentor.mentor.mentor', 'populate[category][populate][articles][populate][tags][populate][articles][populate][author][populate]=mentor',
          'populate[tags]=maybe']) {
          await rejects('article', querystring);
        }
        const { data } = await f.list('article', 'filters[id]=2&populate=author.mentor.mentor.mentor.mentor');
        expect((data[0]!.author as Entry).name).toBe('Bob');
      });
      it('issues the same number of queries whatever the page size (no N+1)', async () => {
        const count = async (pageSize: number) => {
          let queries = 0;
          const onQuery = () => { queries++; };
          f.db.knex.on('query', onQuery);
          try {
            const { data } = await f.list('article', `populate=author,tags&pagination[pageSize]=${pageSize}`);
            expect(data).toHaveLength(pageSize);
          } finally {
            f.db.knex.off('query', onQuery);
          }
          return queries;
        };
        const small = await count(5);
        const large = await count(50);
        expect(small).toBe(large);
        expect(small).toBe(4); // rows, count, author, tags
      });
    });

    describe('policy', () => {
      const noTitle: ReadPolicy = { canRead: (type, name) => !(type.singularName === 'article' && name === 'title') && defaultReadPolicy.canRead(type, name), canReadType: () => true };
      const noAuthors: ReadPolicy = { canRead: defaultReadPolicy.canRead, canReadType: (type) => type.singularName !== 'author' };
      it('leaves unreadable fields out silently, refuses to filter or sort on them', async () => {
        const { data } = await f.list('article', 'filters[id]=1', noTitle);
        expect(data[0]).not.toHaveProperty('title');
        expect(data[0]).toHaveProperty('body');
        await expect(f.list('article', 'filters[title]=x', noTitle)).rejects.toBeInstanceOf(ValidationError);
        await expect(f.list('article', 'sort=title', noTitle)).rejects.toBeInstanceOf(ValidationError);
        await expect(f.list('article', 'fields=title', noTitle)).rejects.toBeInstanceOf(ValidationError);
        await expect(f.list('tag', 'filters[articles][title]=x', noTitle)).rejects.toBeInstanceOf(ValidationError);
        expect(ids((await f.list('article', '_q=Article 01', noTitle)).data)).toEqual([]);
        expect(ids((await f.list('article', '_q=Article 01')).data)).toEqual([1]);
      });
      it('refuses to populate or filter through a type it cannot read; * skips it', async () => {
        await expect(f.list('article', 'populate=author', noAuthors)).rejects.toBeInstanceOf(ValidationError);
        await expect(f.list('article', 'filters[author][name]=Ann', noAuthors)).rejects.toBeInstanceOf(ValidationError);
        const { data } = await f.list('article', 'populate=*&filters[id]=1', noAuthors);
        expect(data[0]).not.toHaveProperty('author');
        expect(data[0]).toHaveProperty('tags');
      });
    });

    describe('status, findOne, findFirst, defaultQuery', () => {
      it('reads published rows by default and every row for drafts', async () => {
        expect((await f.list('article', 'pagination[pageSize]=100')).pagination.total).toBe(59);
        expect((await f.list('article', 'status=draft&pagination[pageSize]=100')).pagination.total).toBe(60);
        await rejects('article', 'status=archived');
        await rejects('article', 'status[0]=draft');
        const { data } = await f.list('article', 'filters[id]=1');
        expect(Object.keys(data[0]!)).toEqual(['id', 'documentId', 'title', 'body', 'views', 'createdAt', 'updatedAt', 'publishedAt']);
      });
      it('findOne honours fields, populate, filters and status', async () => {
        const article = f.type('article');
        expect(await findOne(f.ctx, article, doc('r', 3), f.parse('article', 'fields=title&populate[tags][fields]=slug')))
          .toEqual({ id: 3, documentId: doc('r', 3), title: 'Article 03', tags: [
            { id: 3, documentId: doc('t', 3), slug: 'back\\' }, { id: 2, documentId: doc('t', 2), slug: 'snake_case' }, { id: 4, documentId: doc('t', 4), slug: 'plain' }] });
        expect(await findOne(f.ctx, article, doc('r', 3), f.parse('article', 'filters[views][$gt]=1000'))).toBeNull();
        expect(await findOne(f.ctx, article, doc('r', 99), defaultQuery())).toBeNull();
        expect(await findOne(f.ctx, article, doc('r', 7), defaultQuery())).toBeNull();
        expect((await findOne(f.ctx, article, doc('r', 7), f.parse('article', 'status=draft')))?.publishedAt).toBeNull();
        const product = await findOne(f.ctx, f.type('product'), doc('p', 1), defaultQuery());
        expect(product?.stock).toBe(BIG);
      });
      it('findFirst takes the first entry in the requested order', async () => {
        expect((await findFirst(f.ctx, f.type('product'), defaultQuery()))?.id).toBe(1);
        expect((await findFirst(f.ctx, f.type('product'), f.parse('product', 'sort=price:desc')))?.id).toBe(4);
        expect(await findFirst(f.ctx, f.type('product'), f.parse('product', 'filters[id]=99'))).toBeNull();
      });
      it('defaultQuery lists like an empty query string', async () => {
        expect(await findMany(f.ctx, f.type('article'), defaultQuery())).toEqual(await f.list('article', ''));
      });
    });
  });
}

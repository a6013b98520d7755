import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadContentTypes } from '../../core/content-types/load-content-types.js';
import type { ContentTypeRegistry } from '../../core/content-types/registry.js';
import type { ContentType } from '../../core/content-types/types.js';
import { ConfigError, ValidationError } from '../../core/errors.js';
import { createValidation, type TypeValidators } from '../../core/validation/create-validation.js';
import type { RelationWrite } from '../../core/validation/entry-write.js';
import { slugify } from '../../core/validation/slugify.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes definitions into a fresh config dir and loads them with the real loader. */
function load(definitions: Record<string, { attributes: Record<string, unknown>; options?: Record<string, unknown> }>): ContentTypeRegistry {
  const dir = mkdtempSync(join(tmpdir(), 'larder-validation-'));
  dirs.push(dir);
  for (const [singularName, definition] of Object.entries(definitions)) {
    writeFileSync(join(dir, `${singularName}.json`), JSON.stringify({
      kind: 'collectionType',
      info: { singularName, pluralName: `${singularName}s`, displayName: singularName },
      ...definition,
    }));
  }
  return loadContentTypes(dir);
}

const registry = load({
  sample: {
    attributes: {
      str: { type: 'string' },
      long: { type: 'string', maxLength: 1000 },
      short: { type: 'string', minLength: 3, maxLength: 5 },
      code: { type: 'string', regex: '^[a-z]+$' },
      txt: { type: 'text' },
      rich: { type: 'richtext' },
      mail: { type: 'email' },
      pass: { type: 'password' },
      handle: { type: 'uid' },
      int: { type: 'integer' },
      ranged: { type: 'integer', min: 1, max: 10 },
      big: { type: 'biginteger' },
      bigRanged: { type: 'biginteger', min: 0, max: 100 },
      ratio: { type: 'float' },
      price: { type: 'decimal' },
      flag: { type: 'boolean' },
      day: { type: 'date' },
      at: { type: 'time' },
      stamp: { type: 'datetime' },
      meta: { type: 'json' },
      kind: { type: 'enumeration', enum: ['news', 'guide'] },
    },
  },
  article: {
    options: { draftAndPublish: true },
    attributes: {
      title: { type: 'string', required: true, maxLength: 120 },
      slug: { type: 'uid', targetField: 'title' },
      views: { type: 'integer', min: 0, default: 0 },
      featured: { type: 'boolean', default: true },
      settings: { type: 'json', default: { layout: 'wide' } },
      kind: { type: 'enumeration', enum: ['news', 'guide'], default: 'news' },
      summary: { type: 'text', minLength: 10 },
      author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
      tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
    },
  },
  author: {
    attributes: {
      name: { type: 'string' },
      articles: { type: 'relation', relation: 'oneToMany', target: 'article', mappedBy: 'author' },
    },
  },
  tag: { attributes: { name: { type: 'string' } } },
  review: {
    attributes: {
      body: { type: 'text', required: true },
      meta: { type: 'json', required: true },
      article: { type: 'relation', relation: 'manyToOne', target: 'article', required: true },
      tags: { type: 'relation', relation: 'manyToMany', target: 'tag', required: true },
    },
  },
});

const sqlite = createValidation(registry, 'sqlite');
const postgres = createValidation(registry, 'postgres');
const typeOf = (name: string): ContentType => registry.get(name)!;
const validators = (name: string): TypeValidators => sqlite.validatorsFor(typeOf(name));
const PUBLISHED = { draft: false };
const DRAFT = { draft: true };

/** The ValidationError a call throws; fails the test if it does not throw one. */
function rejection(call: () => unknown): ValidationError {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected a ValidationError');
}

function issues(call: () => unknown): Array<{ path: string[]; message: string; name: string }> {
  return rejection(call).details.errors as Array<{ path: string[]; message: string; name: string }>;
}

describe('scalar values: accepted forms and their storage form', () => {
  const column = (name: string) => {
    const attribute = typeOf('sample').attributes.get(name)!;
    if (attribute.kind !== 'scalar') throw new Error(name);
    return attribute.column;
  };
  const accepted: Array<[string, unknown, unknown]> = [
    ['str', 'hello', 'hello'],
    ['str', 'x'.repeat(255), 'x'.repeat(255)],
    ['str', null, null],
    ['long', 'x'.repeat(1000), 'x'.repeat(1000)],
    ['code', 'abc', 'abc'],
    ['code', '', ''],
    ['txt', 'x'.repeat(5000), 'x'.repeat(5000)],
    ['rich', '# Title', '# Title'],
    ['mail', 'cook@example.com', 'cook@example.com'],
    ['mail', '', ''],
    ['pass', 'correct horse', 'correct horse'],
    ['handle', 'My-slug_1.0~', 'My-slug_1.0~'],
    ['int', 42, 42],
    ['int', -2147483648, -2147483648],
    ['int', 2147483647, 2147483647],
    ['ranged', 10, 10],
    ['big', '9223372036854775807', '9223372036854775807'],
    ['big', '-9223372036854775808', '-9223372036854775808'],
    ['big', 42, '42'],
    ['bigRanged', '100', '100'],
    ['ratio', 0.1, 0.1],
    ['price', 19.99, 19.99],
    ['flag', true, 1],
    ['flag', false, 0],
    ['flag', 'true', 1],
    ['flag', 'false', 0],
    ['flag', '1', 1],
    ['flag', '0', 0],
    ['flag', 't', 1],
    ['flag', 'f', 0],
    ['flag', 1, 1],
    ['flag', 0, 0],
    ['day', '2024-02-29', '2024-02-29'],
    ['day', '2024-05-06T23:30:00-02:00', '2024-05-07'],
    ['day', '2024-05-06T10:00:00Z', '2024-05-06'],
    ['at', '09:30', '09:30:00.000'],
    ['at', '09:30:15', '09:30:15.000'],
    ['at', '23:59:59.5', '23:59:59.500'],
    ['stamp', '2024-05-06T07:08:09', '2024-05-06T07:08:09.000Z'],
    ['stamp', '2024-05-06 23:30:00', '2024-05-06T23:30:00.000Z'],
    ['stamp', '2024-05-06', '2024-05-06T00:00:00.000Z'],
    ['stamp', '2024-05-06T07:08:09.123+02:00', '2024-05-06T05:08:09.123Z'],
    ['meta', { z: 1, a: [true, null, 'x'] }, '{"z":1,"a":[true,null,"x"]}'],
    ['meta', [1, 2], '[1,2]'],
    ['meta', 'text', '"text"'],
    ['meta', false, 'false'],
    ['meta', null, null],
    ['kind', 'guide', 'guide'],
    ['kind', null, null],
  ];
  it.each(accepted)('%s = %j is stored as %j', (name, input, stored) => {
    const write = validators('sample').update({ [name]: input }, PUBLISHED);
    expect(write.values).toEqual({ [column(name)]: stored });
    expect(write.relations.size).toBe(0);
  });

  const rejected: Array<[string, unknown, string]> = [
    ['str', 42, 'str must be a string'],
    ['str', 'x'.repeat(256), 'str must be at most 255 characters'],
    ['long', 'x'.repeat(1001), 'long must be at most 1000 characters'],
    ['short', 'ab', 'short must be at least 3 characters'],
    ['short', 'abcdef', 'short must be at most 5 characters'],
    ['code', 'ABC', 'code must match the following: "^[a-z]+$"'],
    ['txt', ['a'], 'txt must be a string'],
    ['mail', 'not-an-email', 'mail must be a valid email'],
    ['pass', 'x'.repeat(256), 'pass must be at most 255 characters'],
    ['handle', 'has spaces', 'handle must match the following: "^[A-Za-z0-9\\-_.~]*$"'],
    ['handle', 'x'.repeat(256), 'handle must be at most 255 characters'],
    ['int', 2147483648, 'int must be less than or equal to 2147483647'],
    ['int', -2147483649, 'int must be greater than or equal to -2147483648'],
    ['int', 1.5, 'int must be an integer'],
    ['int', '42', 'int must be an integer'],
    ['ranged', 0, 'ranged must be greater than or equal to 1'],
    ['ranged', 11, 'ranged must be less than or equal to 10'],
    ['big', '9223372036854775808', 'big must fit in a signed 64-bit integer'],
    ['big', '-9223372036854775809', 'big must fit in a signed 64-bit integer'],
    ['big', 'x1', 'big must be an integer (as a string or a number)'],
    ['big', 1.5, 'big must be an integer (as a string or a number)'],
    ['big', 2 ** 60, 'big must be an integer; send large values as a string'],
    ['bigRanged', '-1', 'bigRanged must be greater than or equal to 0'],
    ['bigRanged', 101, 'bigRanged must be less than or equal to 100'],
    ['ratio', 'NaN', 'ratio must be a number'],
    ['price', {}, 'price must be a number'],
    ['flag', 'yes', 'flag must be a boolean (true, false, 1, 0, t or f)'],
    ['flag', 2, 'flag must be a boolean (true, false, 1, 0, t or f)'],
    ['flag', [], 'flag must be a boolean (true, false, 1, 0, t or f)'],
    ['day', '2024-02-30', 'day is not a real date'],
    ['day', '20240101', 'day must be a date (YYYY-MM-DD)'],
    ['day', 20240101, 'day must be a date (YYYY-MM-DD)'],
    ['at', '25:00', 'at is not a real time of day'],
    ['at', '12:60', 'at is not a real time of day'],
    ['at', '9:30', 'at must be a time (HH:mm, HH:mm:ss or HH:mm:ss.SSS)'],
    ['stamp', '2024-13-01T00:00:00Z', 'stamp is not a real date'],
    ['stamp', '2024-02-30T10:00:00Z', 'stamp is not a real date'],
    ['stamp', 'yesterday', 'stamp must be an ISO 8601 datetime'],
    ['kind', 'other', 'kind must be one of the following values: news, guide'],
    ['kind', '', 'kind must be one of the following values: news, guide'],
    ['kind', 1, 'kind must be a string'],
  ];
  it.each(rejected)('%s = %j is rejected: %s', (name, input, message) => {
    const error = rejection(() => validators('sample').update({ [name]: input }, PUBLISHED));
    expect(error.message).toBe(message);
    expect(error.status).toBe(400);
    expect(error.details.errors).toEqual([{ path: [name], message, name: 'ValidationError' }]);
  });
});

describe('storage form per dialect', () => {
  const body = { title: 'Hello', featured: 'f', settings: { a: [1] }, views: 3 };
  it('sqlite stores booleans as 1/0 and json as text', () => {
    const { values } = sqlite.validatorsFor(typeOf('article')).create(body, PUBLISHED);
    expect(values).toMatchObject({ featured: 0, settings: '{"a":[1]}', views: 3 });
    expect(sqlite.validatorsFor(typeOf('article')).update({ featured: 't' }, PUBLISHED).values).toEqual({ featured: 1 });
  });
  it('postgres stores booleans as true/false and json as text', () => {
    const { values } = postgres.validatorsFor(typeOf('article')).create(body, PUBLISHED);
    expect(values).toMatchObject({ featured: false, settings: '{"a":[1]}', views: 3 });
    expect(postgres.validatorsFor(typeOf('article')).update({ featured: 't' }, PUBLISHED).values).toEqual({ featured: true });
  });
});

describe('defaults', () => {
  it('are applied on create for absent attributes, in storage form', () => {
    const { values } = validators('article').create({ title: 'Hello' }, PUBLISHED);
    expect(values).toEqual({ title: 'Hello', slug: 'hello', views: 0, featured: 1, settings: '{"layout":"wide"}', kind: 'news' });
  });
  it('are applied to draft creates too', () => {
    expect(validators('article').create({}, DRAFT).values).toEqual({ views: 0, featured: 1, settings: '{"layout":"wide"}', kind: 'news' });
  });
  it('do not replace a value that was sent, even null', () => {
    const { values } = validators('article').create({ title: 'Hello', views: 7, featured: null }, PUBLISHED);
    expect(values).toMatchObject({ views: 7, featured: null });
  });
  it('are not applied on update', () => {
    expect(validators('article').update({ title: 'Hello' }, PUBLISHED).values).toEqual({ title: 'Hello' });
  });
  it('do not modify the input', () => {
    const input = { title: 'Hello' };
    validators('article').create(input, PUBLISHED);
    expect(input).toEqual({ title: 'Hello' });
  });
  it('that their attribute rejects stop boot with a ConfigError naming the attribute', () => {
    const bad = load({ thing: { attributes: { size: { type: 'integer', max: 10, default: 50 } } } });
    expect(() => createValidation(bad, 'sqlite')).toThrow(ConfigError);
    expect(() => createValidation(bad, 'sqlite')).toThrow(/attributes\.size\.default.*size must be less than or equal to 10/);
  });
});

describe('required, min and minLength: create vs update vs draft', () => {
  const article = () => validators('article');
  it('create requires a required attribute', () => {
    expect(issues(() => article().create({ views: 1 }, PUBLISHED))).toEqual([
      { path: ['title'], message: 'title must be defined.', name: 'ValidationError' },
    ]);
  });
  it('create rejects null and empty text for a required attribute', () => {
    expect(rejection(() => article().create({ title: null }, PUBLISHED)).message).toBe('title must be defined.');
    expect(rejection(() => article().create({ title: '' }, PUBLISHED)).message).toBe('title cannot be empty');
  });
  it('update does not require absent attributes', () => {
    expect(article().update({ views: 2 }, PUBLISHED).values).toEqual({ views: 2 });
  });
  it('update may not set a required attribute to null or empty', () => {
    expect(issues(() => article().update({ title: null }, PUBLISHED))).toEqual([
      { path: ['title'], message: 'title must be defined.', name: 'ValidationError' },
    ]);
    expect(rejection(() => article().update({ title: '' }, PUBLISHED)).message).toBe('title cannot be empty');
  });
  it('required json rejects null but accepts any other JSON value', () => {
    expect(rejection(() => validators('review').update({ meta: null }, PUBLISHED)).message).toBe('meta must be defined.');
    expect(validators('review').update({ meta: 0 }, PUBLISHED).values).toEqual({ meta: '0' });
  });
  it('drafts skip required on create and update', () => {
    expect(article().create({}, DRAFT).values).not.toHaveProperty('title');
    expect(article().update({ title: null }, DRAFT).values).toEqual({ title: null });
    expect(article().update({ title: '' }, DRAFT).values).toEqual({ title: '' });
  });
  it('drafts skip min and minLength', () => {
    expect(article().update({ views: -1, summary: 'short' }, DRAFT).values).toEqual({ views: -1, summary: 'short' });
    expect(issues(() => article().update({ views: -1, summary: 'short' }, PUBLISHED)).map((issue) => issue.message)).toEqual([
      'views must be greater than or equal to 0',
      'summary must be at least 10 characters',
    ]);
  });
  it('drafts still check maxLength, types, enums and the int32 range', () => {
    const messages = issues(() => article().create({ title: 'x'.repeat(121), kind: 'blog', featured: 'yes', views: 2 ** 31 }, DRAFT))
      .map((issue) => issue.message);
    expect(messages).toEqual([
      'title must be at most 120 characters',
      'views must be less than or equal to 2147483647',
      'featured must be a boolean (true, false, 1, 0, t or f)',
      'kind must be one of the following values: news, guide',
    ]);
  });
  it('required relations must be present and non-empty on create', () => {
    const review = validators('review');
    expect(issues(() => review.create({ body: 'b', meta: {} }, PUBLISHED))).toEqual([
      { path: ['article'], message: 'article must be defined.', name: 'ValidationError' },
      { path: ['tags'], message: 'tags must be defined.', name: 'ValidationError' },
    ]);
    const cases: Array<[unknown, string]> = [
      [null, 'tags must be defined.'],
      [[], 'tags cannot be empty'],
      [{ set: [] }, 'tags cannot be empty'],
      [{}, 'tags cannot be empty'],
      [{ connect: [] }, 'tags cannot be empty'],
      [{ disconnect: ['a'] }, 'tags cannot be empty'],
    ];
    for (const [tags, message] of cases) {
      expect(rejection(() => review.create({ body: 'b', meta: {}, article: 'a', tags }, PUBLISHED)).message).toBe(message);
    }
    expect(review.create({ body: 'b', meta: {}, article: { documentId: 'a' }, tags: { connect: ['t'] } }, PUBLISHED).relations)
      .toEqual(new Map<string, RelationWrite>([
        ['article', { mode: 'set', documentIds: ['a'] }],
        ['tags', { mode: 'change', connect: ['t'], disconnect: [] }],
      ]));
  });
  it('required relations may not be emptied on update, but may change incrementally', () => {
    const review = validators('review');
    expect(rejection(() => review.update({ tags: [] }, PUBLISHED)).message).toBe('tags cannot be empty');
    expect(rejection(() => review.update({ article: null }, PUBLISHED)).message).toBe('article must be defined.');
    expect(review.update({ tags: { connect: ['b'], disconnect: ['a'] } }, PUBLISHED).relations.get('tags'))
      .toEqual({ mode: 'change', connect: ['b'], disconnect: ['a'] });
  });
  it('drafts may leave required relations empty', () => {
    expect(validators('review').create({ tags: [], article: null }, DRAFT).relations).toEqual(new Map<string, RelationWrite>([
      ['article', { mode: 'set', documentIds: [] }],
      ['tags', { mode: 'set', documentIds: [] }],
    ]));
  });
});

describe('keys that may not be written', () => {
  const article = () => validators('article');
  it.each(['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'])(
    'system field %s → 400 naming it',
    (field) => {
      for (const write of [article().create, article().update]) {
        const error = rejection(() => write({ title: 'ok', [field]: 'x' }, PUBLISHED));
        expect(error.message).toBe(`"${field}" is a system field and cannot be written`);
        expect(error.details.errors).toEqual([{ path: [field], message: error.message, name: 'ValidationError' }]);
      }
    },
  );
  it('an unknown attribute → 400 naming it', () => {
    expect(issues(() => article().update({ colour: 'red' }, PUBLISHED))).toEqual([
      { path: ['colour'], message: 'Unknown attribute "colour"', name: 'ValidationError' },
    ]);
  });
  it('__proto__ from JSON.parse and constructor → 400, without touching any prototype', () => {
    const body = JSON.parse('{"title":"ok","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;
    expect(issues(() => article().create(body, PUBLISHED)).map((issue) => issue.message)).toEqual([
      '"__proto__" is not allowed',
      '"constructor" is not allowed',
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it.each([
    [undefined, 'Missing "data" payload in the request body'],
    [null, 'data must be an object'],
    [[], 'data must be an object'],
    ['title', 'data must be an object'],
    [42, 'data must be an object'],
    [new Date(0), 'data must be an object'],
  ])('data = %j → 400', (data, message) => {
    expect(rejection(() => article().create(data, PUBLISHED)).message).toBe(message);
    expect(rejection(() => article().update(data, PUBLISHED)).message).toBe(message);
  });
  it('an object without a prototype is a plain body', () => {
    const body = Object.assign(Object.create(null) as Record<string, unknown>, { title: 'ok' });
    expect(article().update(body, PUBLISHED).values).toEqual({ title: 'ok' });
  });
});

describe('several problems are reported together', () => {
  it('one issue per problem, and "n errors occurred" as the message', () => {
    const error = rejection(() => validators('article').create({ views: -5, kind: 'huge', id: 1 }, PUBLISHED));
    expect(error.message).toBe('4 errors occurred');
    expect(error.details.errors).toEqual([
      { path: ['title'], message: 'title must be defined.', name: 'ValidationError' },
      { path: ['id'], message: '"id" is a system field and cannot be written', name: 'ValidationError' },
      { path: ['views'], message: 'views must be greater than or equal to 0', name: 'ValidationError' },
      { path: ['kind'], message: 'kind must be one of the following values: news, guide', name: 'ValidationError' },
    ]);
  });
});

describe('relations', () => {
  const write = (relation: string, value: unknown) =>
    validators('article').update({ [relation]: value }, PUBLISHED).relations.get(relation);
  const set = (...documentIds: string[]): RelationWrite => ({ mode: 'set', documentIds });
  const change = (connect: string[], disconnect: string[]): RelationWrite => ({ mode: 'change', connect, disconnect });

  const toMany: Array<[string, unknown, RelationWrite]> = [
    ['an array of documentIds', ['a', 'b'], set('a', 'b')],
    ['an array of refs with ignored Strapi keys', [{ documentId: 'a', locale: 'en', status: 'published', position: { end: true } }, 'b'], set('a', 'b')],
    ['an empty array', [], set()],
    ['null', null, set()],
    ['repeated ids, once each', ['a', { documentId: 'a' }], set('a')],
    ['{ set }', { set: ['a', { documentId: 'b' }] }, set('a', 'b')],
    ['{ set: [] }', { set: [] }, set()],
    ['{ connect, disconnect }', { connect: ['a', { documentId: 'b' }], disconnect: [{ documentId: 'c' }] }, change(['a', 'b'], ['c'])],
    ['{ connect } alone', { connect: ['a'] }, change(['a'], [])],
    ['{ disconnect } alone', { disconnect: ['a'] }, change([], ['a'])],
    ['{}', {}, change([], [])],
  ];
  it.each(toMany)('to-many accepts %s', (_, value, expected) => {
    expect(write('tags', value)).toEqual(expected);
  });

  const toOne: Array<[string, unknown, RelationWrite]> = [
    ['a documentId', 'a', set('a')],
    ['{ documentId }', { documentId: 'a', locale: null }, set('a')],
    ['null', null, set()],
    ['an empty array', [], set()],
    ['an array of one', [{ documentId: 'a' }], set('a')],
    ['{ set: [one] }', { set: ['a'] }, set('a')],
    ['{ set: [] }', { set: [] }, set()],
    ['{ connect: [one], disconnect }', { connect: ['a'], disconnect: ['b', 'c'] }, change(['a'], ['b', 'c'])],
    ['{ disconnect }', { disconnect: ['b'] }, change([], ['b'])],
  ];
  it.each(toOne)('to-one accepts %s', (_, value, expected) => {
    expect(write('author', value)).toEqual(expected);
  });

  const invalid: Array<[string, unknown, Array<[string[], string]>]> = [
    ['tags', 'a', [[['tags'], 'tags must be an array of documentIds, or an object with "set", or "connect" and "disconnect"']]],
    ['tags', [1], [[['tags', '0'], 'tags[0] must be a documentId or an object with a documentId']]],
    ['tags', ['ok', ''], [[['tags', '1'], 'tags[1] must be a non-empty documentId']]],
    ['tags', ['x'.repeat(65)], [[['tags', '0'], 'tags[0] must be a documentId of at most 64 characters']]],
    ['tags', [{ id: 1 }], [
      [['tags', '0', 'documentId'], 'tags[0].documentId must be defined.'],
      [['tags', '0', 'id'], 'tags[0] has an unknown key "id": it accepts only "documentId", "locale", "status" and "position"'],
    ]],
    ['tags', [{ documentId: 5 }], [[['tags', '0', 'documentId'], 'tags[0].documentId must be a documentId (a string)']]],
    ['tags', { set: ['a'], connect: ['b'] }, [[['tags'], 'tags cannot combine "set" with "connect"']]],
    ['tags', { set: ['a'], disconnect: ['b'] }, [[['tags'], 'tags cannot combine "set" with "disconnect"']]],
    ['tags', { add: ['a'] }, [[['tags', 'add'], 'tags has an unknown key "add": it accepts only "set", "connect" and "disconnect"']]],
    ['tags', { connect: 'a' }, [[['tags', 'connect'], 'tags.connect must be an array of documentIds']]],
    ['tags', { connect: ['a', 7] }, [[['tags', 'connect', '1'], 'tags.connect[1] must be a documentId or an object with a documentId']]],
    ['author', ['a', 'b'], [[['author'], 'author is a to-one relation: give at most one documentId']]],
    ['author', { set: ['a', 'b'] }, [[['author', 'set'], 'author.set is a to-one relation: give at most one documentId']]],
    ['author', { connect: ['a', 'b'] }, [[['author', 'connect'], 'author.connect is a to-one relation: give at most one documentId']]],
    ['author', 5, [[['author'], 'author must be a documentId, an object with a documentId, an array of at most one, or an object with "set", or "connect" and "disconnect"']]],
    ['author', '', [[['author'], 'author must be a non-empty documentId']]],
    ['author', { documentId: 'a', extra: 1 }, [[['author', 'extra'], 'author has an unknown key "extra": it accepts only "documentId", "locale", "status" and "position"']]],
    ['author', { id: 3 }, [[['author', 'id'], 'author has an unknown key "id": it accepts only "documentId", "set", "connect" and "disconnect"']]],
  ];
  it.each(invalid)('%s = %j is rejected', (relation, value, expected) => {
    const found = issues(() => validators('article').update({ [relation]: value }, PUBLISHED));
    expect(found).toEqual(expected.map(([path, message]) => ({ path, message, name: 'ValidationError' })));
  });

  it('relations are keyed by attribute name and scalars by column', () => {
    const entry = validators('article').create({ title: 'T', author: 'a', tags: ['t1'] }, PUBLISHED);
    expect([...entry.relations.keys()]).toEqual(['author', 'tags']);
    expect(entry.values).not.toHaveProperty('author');
  });
});

describe('uid generation from targetField', () => {
  const article = () => validators('article');
  it('slugifies the target on create when the uid is absent', () => {
    expect(article().create({ title: 'Crème Brûlée: a Recipe!' }, PUBLISHED).values.slug).toBe('creme-brulee-a-recipe');
  });
  it('also when the uid is sent empty', () => {
    expect(article().create({ title: 'Hello World', slug: null }, PUBLISHED).values.slug).toBe('hello-world');
    expect(article().create({ title: 'Hello World', slug: '' }, PUBLISHED).values.slug).toBe('hello-world');
  });
  it('keeps a uid that was sent, and checks it', () => {
    expect(article().create({ title: 'Hello', slug: 'custom' }, PUBLISHED).values.slug).toBe('custom');
    expect(rejection(() => article().create({ title: 'Hello', slug: 'not ok' }, PUBLISHED)).message)
      .toBe('slug must match the following: "^[A-Za-z0-9\\-_.~]*$"');
  });
  it('does nothing without a target value, or on update', () => {
    expect(article().create({}, DRAFT).values).not.toHaveProperty('slug');
    expect(article().create({ title: '!!!' }, PUBLISHED).values).not.toHaveProperty('slug');
    expect(article().update({ title: 'New title' }, PUBLISHED).values).toEqual({ title: 'New title' });
  });

  it.each([
    ['Hello, World', undefined, 'hello-world'],
    ['  --Déjà vu--  ', undefined, 'deja-vu'],
    ['Ｆｕｌｌｗｉｄｔｈ ２０２４', undefined, 'fullwidth-2024'],
    ['Straße & Co', undefined, 'stra-e-co'],
    ['abcdef ghij', 7, 'abcdef'],
    ['', undefined, ''],
  ])('slugify(%j, %j) = %j', (text, maxLength, expected) => {
    expect(slugify(text, maxLength)).toBe(expected);
  });
});

describe('per app', () => {
  it('each createValidation compiles its own validators; a foreign type is a wiring error', () => {
    const other = load({ article: { attributes: { title: { type: 'string', maxLength: 3 } } } });
    const otherValidation = createValidation(other, 'sqlite');
    expect(() => otherValidation.validatorsFor(other.get('article')!).create({ title: 'long' }, PUBLISHED)).toThrow(ValidationError);
    expect(validators('article').create({ title: 'long' }, PUBLISHED).values.title).toBe('long');
    expect(() => otherValidation.validatorsFor(typeOf('tag'))).toThrow(/not in this app's registry/);
    expect(() => otherValidation.validatorsFor(typeOf('article'))).toThrow(/not in this app's registry/);
  });
});

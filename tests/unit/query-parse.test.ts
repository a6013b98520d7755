import { describe, expect, it } from 'vitest';
import { checkDefinition } from '../../core/content-types/check-definition.js';
import { createRegistry } from '../../core/content-types/registry.js';
import { resolveRelations } from '../../core/content-types/resolve-relations.js';
import type { ContentType } from '../../core/content-types/types.js';
import type { Dialect } from '../../core/db/connect.js';
import { PaginationError, ValidationError } from '../../core/errors.js';
import { encodeCursor, sortSignature } from '../../core/query/cursor.js';
import { defaultQuery } from '../../core/query/find.js';
import { parseQuery } from '../../core/query/parse-query.js';
import { parseQueryString } from '../../core/query/parse-query-string.js';
import { defaultReadPolicy, type FilterNode, type ParsedQuery, type PopulateTree, type ReadPolicy, type SortKey } from '../../core/query/types.js';

const rel = (relation: string, target: string, extra: Record<string, unknown> = {}) => ({ type: 'relation', relation, target, ...extra });
const definition = (singularName: string, attributes: Record<string, unknown>, draftAndPublish = false) => ({
  kind: 'collectionType', info: { singularName, pluralName: `${singularName}s`, displayName: singularName },
  options: { draftAndPublish }, attributes,
});

const registry = createRegistry(resolveRelations([
  checkDefinition(definition('article', {
    title: { type: 'string' },
    views: { type: 'integer' },
    score: { type: 'biginteger' },
    active: { type: 'boolean' },
    publishedOn: { type: 'date' },
    at: { type: 'datetime' },
    data: { type: 'json' },
    kind: { type: 'enumeration', enum: ['news', 'guide'] },
    secret: { type: 'string', private: true },
    pin: { type: 'password' },
    author: rel('manyToOne', 'author', { inversedBy: 'articles' }),
    tags: rel('manyToMany', 'tag'),
    hidden: rel('manyToOne', 'tag', { private: true }),
  }, true), 'article.json'),
  checkDefinition(definition('author', {
    name: { type: 'string' },
    email: { type: 'email', private: true },
    articles: rel('oneToMany', 'article', { mappedBy: 'author' }),
    friend: rel('oneToOne', 'author'),
  }), 'author.json'),
  checkDefinition(definition('tag', { slug: { type: 'string' } }), 'tag.json'),
]));
const article = registry.get('article')!;
const author = registry.get('author')!;
const tag = registry.get('tag')!;

const parse = (querystring: string, options: { type?: ContentType; policy?: ReadPolicy; dialect?: Dialect } = {}): ParsedQuery =>
  parseQuery(parseQueryString(querystring), options.type ?? article, registry, options.policy ?? defaultReadPolicy, options.dialect ?? 'sqlite');

/** The filter tree with attributes reduced to their names, for readable expectations. */
function show(node: FilterNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'and': case 'or': return { [node.kind]: node.children.map(show) };
    case 'not': return { not: show(node.child) };
    case 'compare': return [node.attribute.name, node.operator, node.value];
    case 'in': return [node.attribute.name, node.negated ? '$notIn' : '$in', node.values];
    case 'between': return [node.attribute.name, '$between', [node.low, node.high]];
    case 'null': return [node.attribute.name, node.isNull ? 'IS NULL' : 'IS NOT NULL'];
    case 'relation': return { [node.step.attribute.name]: show(node.filter) };
    case 'related': return [node.step.attribute.name, node.exists ? 'EXISTS' : 'NOT EXISTS'];
  }
}

const showSort = (sort: SortKey[]) => sort.map((key) => `${[...key.through.map((step) => step.attribute.name), key.attribute.name].join('.')}:${key.direction}`);
const showPopulate = (tree: PopulateTree): unknown => Object.fromEntries(tree.map((node) => [node.attribute.name, {
  ...(node.fields ? { fields: node.fields } : {}),
  ...(node.filters ? { filters: show(node.filters) } : {}),
  ...(node.sort.length ? { sort: showSort(node.sort) } : {}),
  ...(node.populate.length ? { populate: showPopulate(node.populate) } : {}),
}]));

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('parseQueryString', () => {
  it('parses nested keys and arrays', () => {
    expect(parseQueryString('filters[title][$eq]=a&sort[0]=title&?x')).toMatchObject({ filters: { title: { $eq: 'a' } }, sort: ['title'] });
    expect(parseQueryString('?a=1')).toMatchObject({ a: '1' });
  });
  it.each([
    'filters[__proto__][polluted]=1', '__proto__[x]=1', 'sort[__proto__]=x', 'filters%5B__proto__%5D%5Bx%5D=1',
    'filters%5B%5F%5Fproto%5F%5F%5D%5Bx%5D=1', 'filters.__proto__.x=1',
  ])('refuses the prototype key in %s instead of silently dropping it', (querystring) => {
    expect(errorOf(() => parseQueryString(querystring))).toBeInstanceOf(ValidationError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('builds objects without prototypes, and allows __proto__ as a value', () => {
    const parsed = parseQueryString('filters[title][$eq]=__proto__');
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(parsed).toMatchObject({ filters: { title: { $eq: '__proto__' } } });
  });
  it.each([
    ['depth over 20', `a${'[b]'.repeat(21)}=1`],
    ['an array over 100', 'a[101]=1'],
    ['more than 100 pushed elements', Array.from({ length: 102 }, () => 'a[]=1').join('&')],
  ])('refuses %s with a ValidationError', (_name, querystring) => {
    expect(errorOf(() => parseQueryString(querystring))).toBeInstanceOf(ValidationError);
  });
  it('accepts depth 20 and 100 array elements', () => {
    expect(() => parseQueryString(`a${'[b]'.repeat(20)}=1`)).not.toThrow();
    expect((parseQueryString(Array.from({ length: 100 }, (_, index) => `a[${index}]=1`).join('&')).a as unknown[]).length).toBe(100);
  });
});

describe('parseQuery: top level', () => {
  it('defaults', () => {
    expect(parse('')).toEqual(defaultQuery());
    expect(defaultQuery()).toEqual({ sort: [], pagination: { mode: 'page', page: 1, pageSize: 25, withCount: true }, populate: [], status: 'published' });
  });
  it.each(['where[title]=x', 'lookup=1', 'publicationState=live', 'filter[title]=x', 'Filters[title]=x'])('refuses the unknown key in %s, naming it', (querystring) => {
    const error = errorOf(() => parse(querystring)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    const key = querystring.split(/[[=]/)[0]!;
    expect(error.message).toContain(key);
    expect(error.details).toEqual({ errors: [{ path: [key], message: error.message, name: 'ValidationError' }] });
  });
  it('status', () => {
    expect(parse('status=draft').status).toBe('draft');
    expect(parse('status=published').status).toBe('published');
    expect(errorOf(() => parse('status=live'))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => parse('status=draft', { type: author }))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => parse('status=published', { type: author }))).toBeInstanceOf(ValidationError);
    expect(parse('', { type: author }).status).toBe('published');
  });
  it('_q and locale', () => {
    expect(parse('_q=hello world').q).toBe('hello world');
    expect(parse('_q=').q).toBeUndefined();
    expect(errorOf(() => parse('_q[0]=a'))).toBeInstanceOf(ValidationError);
    expect(parse('locale=fr')).toEqual(defaultQuery());
    expect(errorOf(() => parse('locale[x]=fr'))).toBeInstanceOf(ValidationError);
  });
});

describe('parseQuery: filters', () => {
  const cases: Array<[string, unknown, Dialect?]> = [
    ['filters[title]=a', ['title', '$eq', 'a']],
    ['filters[title][$eq]=a', ['title', '$eq', 'a']],
    ['filters[title][0]=a&filters[title][1]=b', { or: [['title', '$eq', 'a'], ['title', '$eq', 'b']] }],
    ['filters[title][$ne][0]=a&filters[title][$ne][1]=b', { or: [['title', '$ne', 'a'], ['title', '$ne', 'b']] }],
    ['filters[views][$gt]=12', ['views', '$gt', 12]],
    ['filters[views][$gte]=1&filters[views][$lte]=9', { and: [['views', '$gte', 1], ['views', '$lte', 9]] }],
    ['filters[views][$in][0]=1&filters[views][$in][1]=2', ['views', '$in', [1, 2]]],
    ['filters[views][$in]=3', ['views', '$in', [3]]],
    ['filters[views][$notIn][0]=1', ['views', '$notIn', [1]]],
    ['filters[views][$between][0]=1&filters[views][$between][1]=5', ['views', '$between', [1, 5]]],
    ['filters[score][$eq]=9007199254740993', ['score', '$eq', '9007199254740993']],
    ['filters[active]=t', ['active', '$eq', 1]],
    ['filters[active]=false', ['active', '$eq', false], 'postgres'],
    ['filters[at][$lt]=2024-01-01', ['at', '$lt', '2024-01-01T00:00:00.000Z']],
    ['filters[at][$lt]=2024-01-01T10:00:00%2B02:00', ['at', '$lt', '2024-01-01T08:00:00.000Z']],
    ['filters[publishedOn]=2024-02-29', ['publishedOn', '$eq', '2024-02-29']],
    ['filters[kind][$containsi]=NE', ['kind', '$containsi', 'NE']],
    ['filters[title][$notContainsi]=x', ['title', '$notContainsi', 'x']],
    ['filters[title][$startsWith]=x&filters[title][$endsWithi]=y', { and: [['title', '$startsWith', 'x'], ['title', '$endsWithi', 'y']] }],
    ['filters[id]=3', ['id', '$eq', 3]],
    ['filters[documentId][$in][0]=abc', ['documentId', '$in', ['abc']]],
    ['filters[createdAt][$gte]=2024-01-01', ['createdAt', '$gte', '2024-01-01T00:00:00.000Z']],
    ['filters[publishedAt][$null]=true', ['publishedAt', 'IS NULL']],
    ['filters[data][$notNull]=true', ['data', 'IS NOT NULL']],
    ['filters[$and][0][title]=a&filters[$and][1][views]=1', { and: [['title', '$eq', 'a'], ['views', '$eq', 1]] }],
    ['filters[$or][0][title]=a&filters[$or][1][views]=1', { or: [['title', '$eq', 'a'], ['views', '$eq', 1]] }],
    ['filters[$not][title]=a', { not: ['title', '$eq', 'a'] }],
    ['filters[title][$not][$eq]=a', { not: ['title', '$eq', 'a'] }],
    ['filters[title][$or][0][$eq]=a&filters[title][$or][1][$eq]=b', { or: [['title', '$eq', 'a'], ['title', '$eq', 'b']] }],
    ['filters[author][name]=Ann', { author: ['name', '$eq', 'Ann'] }],
    ['filters[author][name][$eq]=Ann&filters[author][id][$gt]=1', { author: { and: [['name', '$eq', 'Ann'], ['id', '$gt', 1]] } }],
    ['filters[author]=4', { author: ['id', '$eq', 4] }],
    ['filters[author][$in][0]=4', { author: ['id', '$in', [4]] }],
    ['filters[author][$null]=true', ['author', 'NOT EXISTS']],
    ['filters[author][$notNull]=true', ['author', 'EXISTS']],
    ['filters[author][$null]=false', ['author', 'EXISTS']],
    ['filters[tags][slug][$in][0]=a&filters[tags][slug][$in][1]=b', { tags: ['slug', '$in', ['a', 'b']] }],
    ['filters[author][friend][articles][title]=x', { author: { friend: { articles: ['title', '$eq', 'x'] } } }],
    ['filters[author][$or][0][name]=a&filters[author][$or][1][name]=b', { author: { or: [['name', '$eq', 'a'], ['name', '$eq', 'b']] } }],
  ];
  it.each(cases)('%s', (querystring, expected, dialect) => {
    expect(show(parse(querystring, dialect ? { dialect } : {}).filters)).toEqual(expected);
  });
  it('reads $null and $notNull as Strapi does: all but false, "false", "0", "f" and "" mean true', () => {
    for (const value of ['true', '1', 't', 'yes', 'anything']) expect(show(parse(`filters[views][$null]=${value}`).filters)).toEqual(['views', 'IS NULL']);
    for (const value of ['false', '0', 'f', '']) expect(show(parse(`filters[views][$null]=${value}`).filters)).toEqual(['views', 'IS NOT NULL']);
    for (const value of ['false', '0', 'f', '']) expect(show(parse(`filters[views][$notNull]=${value}`).filters)).toEqual(['views', 'IS NULL']);
    expect(show(parseQuery({ filters: { views: { $null: false } } }, article, registry, defaultReadPolicy, 'sqlite').filters)).toEqual(['views', 'IS NOT NULL']);
  });
  it('accepts programmatic values and maps null to IS NULL', () => {
    const query = parseQuery({ filters: { views: { $eq: null }, title: { $ne: null }, active: true } }, article, registry, defaultReadPolicy, 'postgres');
    expect(show(query.filters)).toEqual({ and: [['views', 'IS NULL'], ['title', 'IS NOT NULL'], ['active', '$eq', true]] });
  });
  it('allows 10 levels of $and/$or/$not and refuses 11', () => {
    expect(() => parse(`filters${'[$not]'.repeat(10)}[title]=a`)).not.toThrow();
    expect(() => parse(`filters${'[$and][0]'.repeat(5)}${'[$not]'.repeat(5)}[title]=a`)).not.toThrow();
    expect(errorOf(() => parse(`filters${'[$not]'.repeat(11)}[title]=a`))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => parse(`filters${'[$or][0]'.repeat(6)}${'[$not]'.repeat(5)}[title]=a`))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => parse(`filters[author]${'[$not]'.repeat(11)}[name]=a`))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => parse(`filters[title]${'[$not]'.repeat(11)}=a`))).toBeInstanceOf(ValidationError);
  });
  const refused: Array<[string, string[]]> = [
    ['filters[nope]=1', ['filters', 'nope']],
    ['filters[secret]=x', ['filters', 'secret']],
    ['filters[secret][$null]=true', ['filters', 'secret']],
    ['filters[pin][$notNull]=true', ['filters', 'pin']],
    ['filters[$or][0][secret]=x', ['filters', '$or', '0', 'secret']],
    ['filters[$not][$and][0][pin]=x', ['filters', '$not', '$and', '0', 'pin']],
    ['filters[author][email][$eq]=x', ['filters', 'author', 'email']],
    ['filters[author][articles][secret]=x', ['filters', 'author', 'articles', 'secret']],
    ['filters[hidden][slug]=x', ['filters', 'hidden']],
    ['filters[title][$EQ]=a', ['filters', 'title', '$EQ']],
    ['filters[title][$Eq]=a', ['filters', 'title', '$Eq']],
    ['filters[title][$like]=a', ['filters', 'title', '$like']],
    ['filters[title][$regex]=a', ['filters', 'title', '$regex']],
    ['filters[$eq]=a', ['filters', '$eq']],
    ['filters[$AND][0][title]=a', ['filters', '$AND']],
    ['filters[title][foo]=a', ['filters', 'title', 'foo']],
    ['filters[author][$foo]=1', ['filters', 'author', '$foo']],
    ['filters[views]=abc', ['filters', 'views']],
    ['filters[views][$in][1]=abc&filters[views][$in][0]=1', ['filters', 'views', '$in', '1']],
    ['filters[views][$gt]=1.5', ['filters', 'views', '$gt']],
    ['filters[active]=yes', ['filters', 'active']],
    ['filters[publishedOn]=2024-02-30', ['filters', 'publishedOn']],
    ['filters[at]=25:00', ['filters', 'at']],
    ['filters[score]=1e3', ['filters', 'score']],
    ['filters[views][$between][0]=1', ['filters', 'views', '$between']],
    ['filters[views][$between]=1', ['filters', 'views', '$between']],
    ['filters[views][$contains]=1', ['filters', 'views', '$contains']],
    ['filters[at][$startsWith]=2024', ['filters', 'at', '$startsWith']],
    ['filters[data][$eq]=1', ['filters', 'data', '$eq']],
    ['filters[title][$eq][x]=1', ['filters', 'title', '$eq']],
    ['filters[$and][title]=a', ['filters', '$and']],
    ['filters[$or]=a', ['filters', '$or']],
    ['filters[$not]=a', ['filters', '$not']],
    ['filters=a', ['filters']],
    ['filters[createdBy]=1', ['filters', 'createdBy']],
    ['filters[title]=a%00b', ['filters', 'title']],
    ['filters[title][$in][0]=%00', ['filters', 'title', '$in', '0']],
    ['_q=%00', ['_q']],
  ];
  it.each(refused)('refuses %s with a 400 naming the path', (querystring, path) => {
    const error = errorOf(() => parse(querystring)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(400);
    expect((error.details.errors as Array<{ path: string[] }>)[0]!.path).toEqual(path);
  });
  it('gives unknown and private fields the same answer, so private fields cannot be probed', () => {
    const unknown = errorOf(() => parse('filters[nope]=1')) as ValidationError;
    const hidden = errorOf(() => parse('filters[secret]=1')) as ValidationError;
    expect(hidden.message.replaceAll('secret', 'nope')).toBe(unknown.message);
  });
  it('asks the policy about every field, at every depth', () => {
    const asked: string[] = [];
    const policy: ReadPolicy = { canRead: (type, name) => { asked.push(`${type.singularName}.${name}`); return name !== 'name'; }, canReadType: () => true };
    expect(errorOf(() => parse('filters[author][name]=x', { policy }))).toBeInstanceOf(ValidationError);
    expect(asked).toEqual(['article.author', 'author.name']);
    const noTags: ReadPolicy = { canRead: () => true, canReadType: (type) => type !== tag };
    expect(errorOf(() => parse('filters[tags][slug]=x', { policy: noTags }))).toBeInstanceOf(ValidationError);
    const noDates: ReadPolicy = { canRead: (_type, name) => name !== 'createdAt', canReadType: () => true };
    expect(errorOf(() => parse('filters[createdAt][$null]=true', { policy: noDates }))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => parse('sort=createdAt', { policy: noDates }))).toBeInstanceOf(ValidationError);
    expect(parse('filters[id]=1&filters[documentId]=x', { policy: { canRead: () => false, canReadType: () => true } }).filters).toBeDefined();
    // Even a policy that allows it cannot expose a password.
    expect(errorOf(() => parse('filters[pin]=x', { policy: { canRead: () => true, canReadType: () => true } }))).toBeInstanceOf(ValidationError);
  });
});

describe('parseQuery: sort', () => {
  const cases: Array<[string, string[]]> = [
    ['sort=title', ['title:asc']],
    ['sort=title:desc', ['title:desc']],
    ['sort=title:DESC', ['title:desc']],
    ['sort=title:Asc', ['title:asc']],
    ['sort=title:asc,views:desc', ['title:asc', 'views:desc']],
    ['sort[0]=title:desc&sort[1]=views', ['title:desc', 'views:asc']],
    ['sort[0]=title,views:desc&sort[1]=id', ['title:asc', 'views:desc', 'id:asc']],
    ['sort[title]=desc', ['title:desc']],
    ['sort[title]=desc&sort[views]=asc', ['title:desc', 'views:asc']],
    ['sort[0][title]=desc&sort[1][views]=ASC', ['title:desc', 'views:asc']],
    ['sort=author.name', ['author.name:asc']],
    ['sort[0]=author.name:asc', ['author.name:asc']],
    ['sort[author][name]=desc', ['author.name:desc']],
    ['sort=tags.slug:desc', ['tags.slug:desc']],
    ['sort=author.friend.name', ['author.friend.name:asc']],
    ['sort=createdAt:desc,documentId', ['createdAt:desc', 'documentId:asc']],
  ];
  it.each(cases)('%s', (querystring, expected) => {
    expect(showSort(parse(querystring).sort)).toEqual(expected);
  });
  it.each([
    'sort=nope', 'sort=secret', 'sort=pin:asc', 'sort[secret]=asc', 'sort=author.email', 'sort=title:up', 'sort=title:',
    'sort[title]=up', 'sort=author', 'sort[author]=asc', 'sort=title.x', 'sort=', 'sort=title,', 'sort=data', 'sort=hidden.slug',
    'sort[0][0][0][0]=title', 'sort[title][x]=asc',
  ])('refuses %s', (querystring) => {
    expect(errorOf(() => parse(querystring))).toBeInstanceOf(ValidationError);
  });
});

describe('parseQuery: pagination', () => {
  const cases: Array<[string, unknown]> = [
    ['pagination[page]=2', { mode: 'page', page: 2, pageSize: 25, withCount: true }],
    ['pagination[pageSize]=10', { mode: 'page', page: 1, pageSize: 10, withCount: true }],
    ['pagination[page]=3&pagination[pageSize]=100', { mode: 'page', page: 3, pageSize: 100, withCount: true }],
    ['pagination[pageSize]=101', { mode: 'page', page: 1, pageSize: 100, withCount: true }],
    ['pagination[withCount]=false', { mode: 'page', page: 1, pageSize: 25, withCount: false }],
    ['pagination[withCount]=true&pagination[page]=1', { mode: 'page', page: 1, pageSize: 25, withCount: true }],
    ['pagination[start]=0', { mode: 'offset', start: 0, limit: 25, withCount: true }],
    ['pagination[start]=10&pagination[limit]=5', { mode: 'offset', start: 10, limit: 5, withCount: true }],
    ['pagination[limit]=-1', { mode: 'offset', start: 0, limit: 100, withCount: true }],
    ['pagination[limit]=1000&pagination[withCount]=false', { mode: 'offset', start: 0, limit: 100, withCount: false }],
  ];
  it.each(cases)('%s', (querystring, expected) => {
    expect(parse(querystring).pagination).toEqual(expected);
  });
  it('accepts numbers and booleans from code', () => {
    expect(parseQuery({ pagination: { page: 2, pageSize: 5, withCount: false } }, article, registry, defaultReadPolicy, 'sqlite').pagination)
      .toEqual({ mode: 'page', page: 2, pageSize: 5, withCount: false });
  });
  it('keyset: after with limit or pageSize, checked against the sort', () => {
    const sort = parse('sort=title:desc').sort;
    const cursor = encodeCursor(sortSignature(sort), ['b'], 7);
    expect(parse(`sort=title:desc&pagination[after]=${cursor}&pagination[limit]=5`).pagination).toEqual({ mode: 'keyset', after: { values: ['b'], id: 7 }, limit: 5 });
    expect(parse(`sort=title:desc&pagination[after]=${cursor}&pagination[pageSize]=500`).pagination).toEqual({ mode: 'keyset', after: { values: ['b'], id: 7 }, limit: 100 });
    expect(parse(`sort=title:desc&pagination[after]=${cursor}`).pagination).toEqual({ mode: 'keyset', after: { values: ['b'], id: 7 }, limit: 25 });
    for (const other of ['', 'sort=title', 'sort=title:desc,id', 'sort=views:desc']) {
      expect(errorOf(() => parse(`${other}&pagination[after]=${cursor}`))).toBeInstanceOf(PaginationError);
    }
    // A forged value the sort field could never hold is refused, not sent to the database.
    const views = parse('sort=views').sort;
    expect(errorOf(() => parse(`sort=views&pagination[after]=${encodeCursor(sortSignature(views), ['abc'], 1)}`))).toBeInstanceOf(PaginationError);
    expect(errorOf(() => parse(`sort=views&pagination[after]=${encodeCursor(sortSignature(views), [1.5], 1)}`))).toBeInstanceOf(PaginationError);
    expect(errorOf(() => parse(`sort=views&pagination[after]=${encodeCursor(sortSignature(views), [1], 0)}`))).toBeInstanceOf(PaginationError);
    expect(parse(`sort=views&pagination[after]=${encodeCursor(sortSignature(views), [null], 2)}`).pagination).toMatchObject({ after: { values: [null], id: 2 } });
    const byId = encodeCursor(sortSignature([]), [], 3);
    expect(parse(`pagination[after]=${byId}`).pagination).toEqual({ mode: 'keyset', after: { values: [], id: 3 }, limit: 25 });
  });
  const refused: Array<[string, typeof ValidationError | typeof PaginationError]> = [
    ['pagination[page]=0', PaginationError],
    ['pagination[page]=-1', PaginationError],
    ['pagination[page]=1.5', PaginationError],
    ['pagination[page]=', PaginationError],
    ['pagination[page]=1e2', PaginationError],
    ['pagination[page]=%2B1', PaginationError],
    ['pagination[page][0]=1', PaginationError],
    ['pagination[page]=99999999999999999999', PaginationError],
    ['pagination[pageSize]=0', PaginationError],
    ['pagination[pageSize]=-1', PaginationError],
    ['pagination[pageSize]=ten', PaginationError],
    ['pagination[start]=-1', PaginationError],
    ['pagination[start]=0.5', PaginationError],
    ['pagination[limit]=0', PaginationError],
    ['pagination[limit]=-2', PaginationError],
    ['pagination[limit]=1.5', PaginationError],
    ['pagination[withCount]=yes', PaginationError],
    ['pagination[withCount]=1', PaginationError],
    ['pagination[withCount]=', PaginationError],
    ['pagination[page]=1&pagination[limit]=5', PaginationError],
    ['pagination[pageSize]=5&pagination[start]=0', PaginationError],
    ['pagination[after]=x&pagination[page]=1', PaginationError],
    ['pagination[after]=x&pagination[start]=1', PaginationError],
    ['pagination[after]=x&pagination[limit]=1&pagination[pageSize]=1', PaginationError],
    ['pagination[after]=x', PaginationError],
    ['pagination[after]=', PaginationError],
    ['pagination[after]=!!!', PaginationError],
    [`pagination[after]=${Buffer.from('{"s":"x","v":[],"i":"1"}').toString('base64url')}`, PaginationError],
    [`pagination[after]=${Buffer.from('[1,2]').toString('base64url')}`, PaginationError],
    [`pagination[after]=${Buffer.from('{"s":"x","v":[{}],"i":1}').toString('base64url')}`, PaginationError],
    ['pagination[offset]=1', ValidationError],
    ['pagination[cursor]=1', ValidationError],
    ['pagination=1', ValidationError],
  ];
  it.each(refused)('refuses %s', (querystring, errorClass) => {
    const error = errorOf(() => parse(querystring));
    expect(error).toBeInstanceOf(errorClass);
    expect((error as PaginationError).status).toBe(400);
  });
  it('names the unknown pagination key', () => {
    const error = errorOf(() => parse('pagination[offset]=1')) as ValidationError;
    expect(error.details).toMatchObject({ errors: [{ path: ['pagination', 'offset'] }] });
  });
});

describe('parseQuery: fields', () => {
  const cases: Array<[string, string[] | undefined]> = [
    ['fields=title', ['title']],
    ['fields=title,views', ['title', 'views']],
    ['fields[0]=title&fields[1]=views', ['title', 'views']],
    ['fields[0]=title,views&fields[1]=title', ['title', 'views']],
    ['fields=createdAt,publishedAt,id,documentId', ['createdAt', 'publishedAt', 'id', 'documentId']],
    ['fields=*', undefined],
  ];
  it.each(cases)('%s', (querystring, expected) => {
    expect(parse(querystring).fields).toEqual(expected);
  });
  it.each(['fields=author', 'fields=tags', 'fields=nope', 'fields=secret', 'fields=pin', 'fields=', 'fields=title,,views', 'fields[a]=title', 'fields=title.x'])(
    'refuses %s', (querystring) => {
      expect(errorOf(() => parse(querystring))).toBeInstanceOf(ValidationError);
    });
  it('publishedAt exists only with draft & publish', () => {
    expect(errorOf(() => parse('fields=publishedAt', { type: author }))).toBeInstanceOf(ValidationError);
  });
});

describe('parseQuery: populate', () => {
  const cases: Array<[string, unknown]> = [
    ['populate=*', { author: {}, tags: {} }],
    ['populate=author', { author: {} }],
    ['populate=author,tags', { author: {}, tags: {} }],
    ['populate[0]=author&populate[1]=tags', { author: {}, tags: {} }],
    ['populate=author.articles', { author: { populate: { articles: {} } } }],
    ['populate=author,author.friend,author.articles.tags', { author: { populate: { friend: {}, articles: { populate: { tags: {} } } } } }],
    ['populate[author]=true', { author: {} }],
    ['populate[author]=*', { author: {} }],
    ['populate[author]=true&populate[tags]=false', { author: {} }],
    ['populate[author][fields][0]=name', { author: { fields: ['name'] } }],
    ['populate[author][fields]=name', { author: { fields: ['name'] } }],
    ['populate[author][sort]=name:desc', { author: { sort: ['name:desc'] } }],
    ['populate[author][filters][name][$eq]=x', { author: { filters: ['name', '$eq', 'x'] } }],
    ['populate[author][populate]=*', { author: { populate: { articles: {}, friend: {} } } }],
    ['populate[author][populate][0]=friend', { author: { populate: { friend: {} } } }],
    ['populate[author][populate][articles][fields]=title&populate[author][populate][articles][populate]=tags',
      { author: { populate: { articles: { fields: ['title'], populate: { tags: {} } } } } }],
    ['populate=author.friend.friend.friend.friend', { author: { populate: { friend: { populate: { friend: { populate: { friend: { populate: { friend: {} } } } } } } } } }],
  ];
  it.each(cases)('%s', (querystring, expected) => {
    expect(showPopulate(parse(querystring).populate)).toEqual(expected);
  });
  it('* skips private relations and types the policy cannot read', () => {
    expect(parse('populate=*').populate.map((node) => node.attribute.name)).toEqual(['author', 'tags']);
    const noTags: ReadPolicy = { canRead: defaultReadPolicy.canRead, canReadType: (type) => type !== tag };
    expect(parse('populate=*', { policy: noTags }).populate.map((node) => node.attribute.name)).toEqual(['author']);
    expect(errorOf(() => parse('populate=tags', { policy: noTags }))).toBeInstanceOf(ValidationError);
    expect(errorOf(() => parse('populate[tags]=true', { policy: noTags }))).toBeInstanceOf(ValidationError);
  });
  it.each([
    'populate=nope', 'populate=title', 'populate=hidden', 'populate=author.email', 'populate=author.nope', 'populate=',
    'populate=author.friend.friend.friend.friend.friend',
    'populate[author][populate][friend][populate][friend][populate][friend][populate][friend][populate]=friend',
    'populate[author][populate][friend][populate][friend][populate][friend][populate][friend][populate]=*',
    'populate[nope]=true', 'populate[title]=true', 'populate[author]=maybe', 'populate[author][limit]=1', 'populate[author][on]=x',
    'populate[author][fields]=articles', 'populate[author][fields]=email', 'populate[author][filters][email]=x',
    'populate[author][sort]=email', 'populate[author][populate]=nope', 'populate[0][author]=true',
  ])('refuses %s', (querystring) => {
    expect(errorOf(() => parse(querystring))).toBeInstanceOf(ValidationError);
  });
});

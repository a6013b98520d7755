import qs from 'qs';
import { expect } from 'vitest';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { errorBody, runScenarios, type Scenario, type Vars } from '../support/scenarios.js';
import type { Response, TestApp } from '../support/test-app.js';

/**
 * DESIGN §3, §4, §10: private and password fields are never returned, never
 * filterable, sortable or searchable, and the query string accepts only what
 * it documents. The probes below send a value that matches a hidden field and
 * one that does not: if the two answers could differ, the API would be an
 * oracle for the hidden value, one bit per request.
 */

const rel = (relation: string, target: string, extra: Record<string, unknown> = {}) => ({ type: 'relation', relation, target, ...extra });

const contentTypes = {
  agent: collection('agent', 'agents', {
    name: { type: 'string', required: true },
    codename: { type: 'string', private: true },
    vaults: rel('oneToMany', 'vault', { mappedBy: 'owner' }),
  }),
  vault: collection('vault', 'vaults', {
    title: { type: 'string', required: true },
    notes: { type: 'text' },
    secret: { type: 'string', private: true },
    password: { type: 'password' },
    meta: { type: 'json' },
    owner: rel('manyToOne', 'agent', { inversedBy: 'vaults' }),
    members: rel('manyToMany', 'agent'),
    handler: rel('manyToOne', 'agent', { private: true }),
  }),
};

const SECRET = 's3cret-value';
const PASSWORD = 'hunter2-correct-horse';
const CODENAME = 's3cret-agent';

/** Query string of Strapi-style params, as front-ends build it. */
const q = (params: Record<string, unknown>) => qs.stringify(params, { encodeValuesOnly: true });

/** Text that must never reach a client: stack frames and SQL or driver internals. */
const LEAKS: RegExp[] = [
  /\n\s+at /, / {4}at /, /\.[cm]?[jt]s:\d+:\d+/, /node_modules/,
  /\bselect\b[\s\S]*\bfrom\b/i, /\binsert\s+into\b/i, /\bSQLITE_/, /syntax error/i, /\bknex\b/i, /violates\b.*\bconstraint/i,
];

/** DESIGN §4: every error is exactly `{ data: null, error: { status, name, message, details } }`, with nothing internal in it. */
function expectSafeError(response: Response): void {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(Object.keys(response.body ?? {}).sort(), response.text).toEqual(['data', 'error']);
  expect(response.body.data).toBeNull();
  expect(Object.keys(response.body.error).sort()).toEqual(['details', 'message', 'name', 'status']);
  expect(response.body.error.status).toBe(response.status);
  expect(typeof response.body.error.name).toBe('string');
  expect(typeof response.body.error.message).toBe('string');
  expect(typeof response.body.error.details).toBe('object');
  for (const leak of LEAKS) expect(response.text, `leak ${leak}`).not.toMatch(leak);
}

/** Adds the envelope check to every scenario that ends in an error. */
function guarded(scenarios: Scenario[]): Scenario[] {
  return scenarios.map((scenario) => ({
    ...scenario,
    check: async (response, vars, app) => {
      if (response.status >= 400) expectSafeError(response);
      await scenario.check?.(response, vars, app);
    },
  }));
}

type Value = string | ((vars: Vars) => string);
const valueOf = (value: Value, vars: Vars) => (typeof value === 'function' ? value(vars) : value);

interface ProbeOptions {
  /** What the API must answer to both; 400 wherever DESIGN says "always 400". */
  status?: 400 | 200;
  method?: 'GET' | 'PUT';
  body?: Record<string, unknown>;
}

/**
 * One probe: the same request with a value that matches the hidden data and
 * one that does not. Both must be 400 ValidationError, or byte-identical.
 */
function probe(name: string, url: (value: string, vars: Vars) => string, match: Value, miss: Value, options: ProbeOptions = {}): Scenario {
  const { status = 400, method = 'GET', body } = options;
  return {
    name: `${name} (match ${typeof match === 'string' ? JSON.stringify(match) : 'value'} vs miss)`,
    method,
    url: (vars) => url(valueOf(match, vars), vars),
    ...(body ? { body } : {}),
    expectStatus: status,
    ...(status === 400 ? { expectBody: errorBody(400, 'ValidationError') } : {}),
    check: async (response, vars, app) => {
      const other = await app.request(method, url(valueOf(miss, vars), vars), body);
      expect(other.status, other.text).toBe(response.status);
      if (response.status === 400) {
        expectSafeError(other);
        expect(response.body.error.name).toBe('ValidationError');
        expect(other.body.error.name).toBe('ValidationError');
        // Not even the wording may depend on the value: the two errors differ at most by the probed token.
        expect(other.text.replaceAll(valueOf(miss, vars), valueOf(match, vars))).toBe(response.text);
      } else {
        expect(other.text).toBe(response.text);
      }
    },
  };
}

const list = (params: Record<string, unknown>) => `/api/vaults?${q(params)}`;
const titles = (response: Response) => (response.body.data as Array<{ title: string }>).map((entry) => entry.title);

const seeding: Scenario[] = [
  {
    name: 'seed agent Alice (private codename)',
    method: 'POST', url: '/api/agents', body: { data: { name: 'Alice', codename: CODENAME } }, expectStatus: 201,
    notExpectText: [CODENAME],
    save: (response, vars) => { vars.alice = response.body.data.documentId; vars.aliceId = response.body.data.id; },
  },
  {
    name: 'seed agent Bob',
    method: 'POST', url: '/api/agents', body: { data: { name: 'Bob', codename: 'b0b-agent' } }, expectStatus: 201,
    save: (response, vars) => { vars.bob = response.body.data.documentId; },
  },
  {
    name: 'seed the vault with a secret, a password and a private relation; none is echoed',
    method: 'POST', url: '/api/vaults?populate=*',
    body: (vars) => ({ data: { title: 'Public vault', notes: 'nothing to see', secret: SECRET, password: PASSWORD, owner: vars.alice, members: [vars.alice, vars.bob], handler: vars.alice } }),
    expectStatus: 201,
    expectBody: (vars) => ({ data: { title: 'Public vault', owner: { documentId: vars.alice, name: 'Alice' } } }),
    notExpectText: [SECRET, PASSWORD, 'scrypt', CODENAME, '"handler"', '"secret"', '"password"', '"codename"'],
    save: (response, vars) => { vars.vault = response.body.data.documentId; vars.vaultId = response.body.data.id; },
  },
  {
    name: 'seed a second vault whose hidden values sort the other way',
    method: 'POST', url: '/api/vaults',
    body: (vars) => ({ data: { title: 'Second vault', notes: 'more of nothing', secret: 'a1-other-secret', password: 'another-password', owner: vars.bob, members: [vars.bob], handler: vars.bob } }),
    expectStatus: 201,
    save: (response, vars) => { vars.second = response.body.data.documentId; },
  },
  {
    name: 'the hidden values really are stored: the secret in clear, the password as an scrypt hash, the private link',
    method: 'GET', url: '/api/vaults', expectStatus: 200,
    check: async (response, vars, app) => {
      expect(titles(response)).toEqual(['Public vault', 'Second vault']);
      const vault = app.app.registry.require('vaults');
      const agent = app.app.registry.require('agents');
      const row = await app.app.db.knex(vault.table).where('document_id', vars.vault).first();
      expect(row.secret).toBe(SECRET);
      expect(row.password).toMatch(/^scrypt\$/);
      expect(row.password).not.toContain(PASSWORD);
      const alice = await app.app.db.knex(agent.table).where('document_id', vars.alice).first();
      expect(alice.codename).toBe(CODENAME);
      const handler = vault.attributes.get('handler');
      if (handler?.kind !== 'relation') throw new Error('handler is a relation');
      const links = await app.app.db.knex(handler.link.table).where(handler.link.sourceColumn, vars.vaultId);
      expect(links.map((link: Record<string, unknown>) => Number(link[handler.link.targetColumn]))).toEqual([vars.aliceId]);
    },
  },
  // Controls: on public fields the same kind of probe does tell match from miss, so the pairs below are meaningful.
  {
    name: 'control: a public field filter tells a match from a miss',
    method: 'GET', url: list({ filters: { title: { $startsWith: 'Pu' } } }), expectStatus: 200,
    check: async (response, _vars, app) => {
      expect(titles(response)).toEqual(['Public vault']);
      const miss = await app.request('GET', list({ filters: { title: { $startsWith: 'zz' } } }));
      expect(miss.body.data).toEqual([]);
    },
  },
  {
    name: 'control: a public relation path tells a match from a miss',
    method: 'GET', url: list({ filters: { owner: { name: { $eq: 'Alice' } } } }), expectStatus: 200,
    check: async (response, _vars, app) => {
      expect(titles(response)).toEqual(['Public vault']);
      expect((await app.request('GET', list({ filters: { owner: { name: { $eq: 'zz' } } } }))).body.data).toEqual([]);
    },
  },
  {
    name: 'control: a public sort tells asc from desc',
    method: 'GET', url: list({ sort: 'title:desc' }), expectStatus: 200,
    check: (response) => expect(titles(response)).toEqual(['Second vault', 'Public vault']),
  },
  {
    name: 'populate=* leaves out the private relation, and private fields of related entries',
    method: 'GET', url: list({ populate: '*', filters: { title: { $eq: 'Public vault' } } }), expectStatus: 200,
    notExpectText: [SECRET, 'scrypt', CODENAME, '"handler"', '"codename"', '"secret"', '"password"'],
    check: (response) => {
      const [entry] = response.body.data;
      expect(entry.owner.name).toBe('Alice');
      expect(entry.members.map((member: { name: string }) => member.name).sort()).toEqual(['Alice', 'Bob']);
      expect(entry).not.toHaveProperty('handler');
    },
  },
];

const filterProbes: Scenario[] = [
  probe('filters: direct operator on the private field', (v) => list({ filters: { secret: { $startsWith: v } } }), 's3', 'zz'),
  probe('filters: bare value ($eq) on the private field', (v) => list({ filters: { secret: v } }), SECRET, 'zz'),
  probe('filters: $eqi on the private field', (v) => list({ filters: { secret: { $eqi: v } } }), SECRET.toUpperCase(), 'zz'),
  probe('filters: $in on the private field', (v) => list({ filters: { secret: { $in: [v, 'other'] } } }), SECRET, 'zz'),
  probe('filters: $gt orders the private field', (v) => list({ filters: { secret: { $gt: v } } }), 'b', 'zz'),
  probe('filters: $between on the private field', (v) => list({ filters: { secret: { $between: [v, 'zzzz'] } } }), 's', 'zz'),
  probe('filters: $null on the private field', (v) => list({ filters: { secret: { $null: v } } }), 'false', 'true'),
  probe('filters: $notNull on the private field', (v) => list({ filters: { secret: { $notNull: v } } }), 'true', 'false'),
  probe('filters: inside $and', (v) => list({ filters: { $and: [{ title: { $notNull: true } }, { secret: { $startsWith: v } }] } }), 's3', 'zz'),
  probe('filters: inside $or next to a public miss', (v) => list({ filters: { $or: [{ title: { $eq: 'none' } }, { secret: { $startsWith: v } }] } }), 's3', 'zz'),
  probe('filters: under $not', (v) => list({ filters: { $not: { secret: { $startsWith: v } } } }), 's3', 'zz'),
  probe('filters: $and nested inside $or', (v) => list({ filters: { $or: [{ $and: [{ title: { $notNull: true } }, { secret: { $containsi: v } }] }] } }), 'CRET', 'zz'),
  probe('filters: $or of operators under the private field', (v) => list({ filters: { secret: { $or: [{ $startsWith: v }, { $endsWith: v }] } } }), 's3', 'zz'),
  probe('filters: $startsWith on the password hash', (v) => list({ filters: { password: { $startsWith: v } } }), 'scrypt$', 'zz'),
  probe('filters: the password hash inside $or', (v) => list({ filters: { $or: [{ password: { $contains: v } }] } }), 'scrypt', 'zz'),
  probe('filters: $null on the password', (v) => list({ filters: { password: { $null: v } } }), 'false', 'true'),
  probe('filters: a relation path into a private field of the related type', (v) => list({ filters: { owner: { codename: { $startsWith: v } } } }), 's3', 'zz'),
  probe('filters: a to-many relation path into a private field', (v) => list({ filters: { members: { codename: { $eq: v } } } }), CODENAME, 'zz'),
  probe('filters: a relation path into a private field, inside $and', (v) => list({ filters: { $and: [{ owner: { codename: { $startsWith: v } } }] } }), 's3', 'zz'),
  probe('filters: the inverse relation into the private field of vaults', (v) => `/api/agents?${q({ filters: { vaults: { secret: { $startsWith: v } } } })}`, 's3', 'zz'),
  probe('filters: the inverse relation into the password of vaults', (v) => `/api/agents?${q({ filters: { vaults: { password: { $startsWith: v } } } })}`, 'scrypt$', 'zz'),
  probe('filters: the private field of the related type, queried directly', (v) => `/api/agents?${q({ filters: { codename: { $startsWith: v } } })}`, 's3', 'zz'),
  probe('filters[relation][field]: through the private relation', (v) => list({ filters: { handler: { name: { $eq: v } } } }), 'Alice', 'zz'),
  probe('filters[relation]: $null on the private relation', (v) => list({ filters: { handler: { $null: v } } }), 'false', 'true'),
  probe('filters[relation]: a bare id on the private relation', (v) => list({ filters: { handler: v } }), (vars) => String(vars.aliceId), '999999'),
  probe('filters[relation][id]: on the private relation', (v) => list({ filters: { handler: { id: { $eq: v } } } }), (vars) => String(vars.aliceId), '999999'),
  probe('filters[relation][documentId]: on the private relation', (v) => list({ filters: { handler: { documentId: { $eq: v } } } }), (vars) => vars.alice, 'x'.repeat(24)),
  probe('filters[relation][$in]: on the private relation', (v) => list({ filters: { handler: { $in: [v] } } }), (vars) => String(vars.aliceId), '999999'),
  probe('filters: findOne honours filters, so it is probed too', (v, vars) => `/api/vaults/${vars.vault}?${q({ filters: { secret: { $startsWith: v } } })}`, 's3', 'zz'),
  probe(
    'filters: the query of a write is probed too (PUT, then read back)',
    (v, vars) => `/api/vaults/${vars.vault}?${q({ filters: { secret: { $startsWith: v } } })}`, 's3', 'zz',
    { method: 'PUT', body: { data: { notes: 'touched' } } },
  ),
  {
    name: 'the refused write changed nothing',
    method: 'GET', url: (vars) => `/api/vaults/${vars.vault}`, expectStatus: 200,
    expectBody: { data: { notes: 'nothing to see' } },
  },
];

const sortProbes: Scenario[] = [
  probe('sort: string form on the private field', (v) => list({ sort: `secret:${v}` }), 'asc', 'desc'),
  probe('sort: second key of a comma list', (v) => list({ sort: `notes:asc,secret:${v}` }), 'asc', 'desc'),
  probe('sort: array form', (v) => list({ sort: [`secret:${v}`, 'title'] }), 'asc', 'desc'),
  probe('sort: object form', (v) => list({ sort: { secret: v } }), 'asc', 'desc'),
  probe('sort: array of objects', (v) => list({ sort: [{ title: 'asc' }, { secret: v }] }), 'asc', 'desc'),
  probe('sort: the password', (v) => list({ sort: `password:${v}` }), 'asc', 'desc'),
  probe('sort: a relation path into a private field', (v) => list({ sort: `owner.codename:${v}` }), 'asc', 'desc'),
  probe('sort: a to-many relation path into a private field', (v) => list({ sort: `members.codename:${v}` }), 'asc', 'desc'),
  probe('sort: object form through a relation into a private field', (v) => list({ sort: { owner: { codename: v } } }), 'asc', 'desc'),
  probe('sort: a path through the private relation', (v) => list({ sort: `handler.name:${v}` }), 'asc', 'desc'),
  probe('sort: object form through the private relation', (v) => list({ sort: { handler: { name: v } } }), 'asc', 'desc'),
];

const selectionProbes: Scenario[] = [
  // No value to match here: a private name and an unknown name must get the same kind of answer, so existence does not leak either.
  probe('fields: the private field vs an unknown one', (v) => list({ fields: [v] }), 'secret', 'nosuchfield'),
  probe('fields: the password vs an unknown one', (v) => list({ fields: ['title', v] }), 'password', 'nosuchfield'),
  probe('fields: comma form', (v) => `/api/vaults?fields=title,${v}`, 'secret', 'nosuchfield'),
  probe('populate: the private relation by name', (v) => list({ populate: v }), 'handler', 'nosuchrelation'),
  probe('populate: the private relation in a list', (v) => list({ populate: ['owner', v] }), 'handler', 'nosuchrelation'),
  probe('populate: the private relation in object form', (v) => list({ populate: { [v]: true } }), 'handler', 'nosuchrelation'),
  probe('populate: a dot path through the private relation', (v) => list({ populate: `${v}.vaults` }), 'handler', 'nosuchrelation'),
  probe('populate: filters inside the private relation', (v) => list({ populate: { handler: { filters: { name: { $eq: v } } } } }), 'Alice', 'zz'),
  probe('populate[rel][fields]: a private field of the related type', (v) => list({ populate: { owner: { fields: [v] } } }), 'codename', 'nosuchfield'),
  probe('populate[rel][filters]: on a private field of the related type', (v) => list({ populate: { owner: { filters: { codename: { $startsWith: v } } } } }), 's3', 'zz'),
  probe('populate[rel][filters]: to-many, on a private field', (v) => list({ populate: { members: { filters: { codename: { $startsWith: v } } } } }), 's3', 'zz'),
  probe('populate[rel][filters]: a private field under $or', (v) => list({ populate: { members: { filters: { $or: [{ name: { $eq: 'none' } }, { codename: { $eq: v } }] } } } }), CODENAME, 'zz'),
  probe('populate[rel][sort]: a private field of the related type', (v) => list({ populate: { members: { sort: `codename:${v}` } } }), 'asc', 'desc'),
  probe('populate[rel][sort]: object form', (v) => list({ populate: { members: { sort: { codename: v } } } }), 'asc', 'desc'),
  probe(
    'populate, two levels down: filters on the private field of vaults',
    (v) => list({ populate: { owner: { populate: { vaults: { filters: { secret: { $startsWith: v } } } } } } }), 's3', 'zz',
  ),
  probe('populate, two levels down: sort on the private field of vaults', (v) => list({ populate: { owner: { populate: { vaults: { sort: `secret:${v}` } } } } }), 'asc', 'desc'),
  probe('populate, two levels down: the password in fields', (v) => list({ populate: { owner: { populate: { vaults: { fields: [v] } } } } }), 'password', 'nosuchfield'),
];

const searchProbes: Scenario[] = [
  probe('_q: the private value is not searched', (v) => list({ _q: v }), 's3cret', 'zzzzzz', { status: 200 }),
  probe('_q: the password hash is not searched', (v) => list({ _q: v }), 'scrypt$', 'zzzzzz', { status: 200 }),
  probe("_q: the related type's private value is not searched", (v) => `/api/agents?${q({ _q: v })}`, 's3cret', 'zzzzzz', { status: 200 }),
  {
    name: '_q=s3cret finds nothing',
    method: 'GET', url: list({ _q: 's3cret' }), expectStatus: 200,
    expectBody: { data: [], meta: { pagination: { total: 0 } } },
  },
  {
    name: '_q on a public value finds the entry, case-insensitively',
    method: 'GET', url: list({ _q: 'PUBLIC' }), expectStatus: 200,
    expectBody: { meta: { pagination: { total: 1 } } },
    check: (response) => expect(titles(response)).toEqual(['Public vault']),
  },
  {
    name: '_q matches public text fields too',
    method: 'GET', url: list({ _q: 'nothing to' }), expectStatus: 200,
    check: (response) => expect(titles(response)).toEqual(['Public vault']),
  },
];

const unknownTopLevel = ['where', 'lookup', '$raw', 'foo', 'populates', 'filter', 'publicationState', '_where'];

const strictness: Scenario[] = [
  ...unknownTopLevel.map((key): Scenario => ({
    name: `an unknown top-level key "${key}" is a 400 naming it`,
    method: 'GET', url: `/api/vaults?${q({ [key]: { title: 'x' } })}`, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: [key] }] } }),
    check: (response) => expect(response.body.error.message).toContain(key),
  })),
  {
    name: 'a bare unknown key is a 400 too',
    method: 'GET', url: '/api/vaults?foo', expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['foo'] }] } }),
  },
  {
    name: 'populate itself is fine',
    method: 'GET', url: '/api/vaults?populate=*', expectStatus: 200,
  },
  {
    name: 'an unknown key inside pagination is a 400 ValidationError naming it',
    method: 'GET', url: '/api/vaults?pagination[foo]=1', expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['pagination', 'foo'] }] } }),
    check: (response) => expect(response.body.error.message).toContain('foo'),
  },
  {
    name: 'an unknown key inside a populate object is a 400 naming it',
    method: 'GET', url: list({ populate: { owner: { where: { name: 'x' } } } }), expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['populate', 'owner', 'where'] }] } }),
  },
  ...([
    ['page=0', { page: 0 }],
    ['pageSize=-1', { pageSize: -1 }],
    ['pageSize=0', { pageSize: 0 }],
    ['pageSize=abc', { pageSize: 'abc' }],
    ['page=1.5', { page: '1.5' }],
    ['start=-1', { start: -1 }],
    ['start=abc', { start: 'abc' }],
    ['limit=0', { limit: 0 }],
    ['limit=-2', { limit: -2 }],
    ['withCount=maybe', { withCount: 'maybe' }],
    ['page and start mixed', { page: 1, start: 0 }],
    ['pageSize and limit mixed', { pageSize: 10, limit: 10 }],
    ['after and page mixed', { after: 'abc', page: 1 }],
    ['after and start mixed', { after: 'abc', start: 0 }],
    ['a garbage cursor', { after: 'not a cursor!' }],
    ['a cursor that is base64 but not ours', { after: Buffer.from('{"s":"x","v":[],"i":1}').toString('base64url') }],
    ['a cursor that is base64 of nonsense', { after: 'Zm9vYmFy' }],
  ] as Array<[string, Record<string, unknown>]>).map(([label, pagination]): Scenario => ({
    name: `pagination: ${label} is a 400 PaginationError`,
    method: 'GET', url: list({ pagination }), expectStatus: 400,
    expectBody: errorBody(400, 'PaginationError'),
  })),
  {
    name: 'pagination: pageSize=500 is capped to 100 in meta',
    method: 'GET', url: list({ pagination: { pageSize: 500 } }), expectStatus: 200,
    expectBody: { meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: 2 } } },
  },
  {
    name: 'pagination: limit=500 is capped to 100 in meta',
    method: 'GET', url: list({ pagination: { start: 0, limit: 500 } }), expectStatus: 200,
    expectBody: { meta: { pagination: { start: 0, limit: 100, total: 2 } } },
  },
  {
    name: 'pagination: limit=-1 means the cap',
    method: 'GET', url: list({ pagination: { limit: -1 } }), expectStatus: 200,
    expectBody: { meta: { pagination: { start: 0, limit: 100, total: 2 } } },
  },
  {
    name: 'keyset: a first page gives a cursor',
    method: 'GET', url: list({ sort: 'title', pagination: { pageSize: 1 } }), expectStatus: 200,
    check: (response) => expect(titles(response)).toEqual(['Public vault']),
    save: (response, vars) => { vars.cursor = response.body.meta.pagination.next; },
  },
  {
    name: 'keyset: the cursor reads the next page under the same sort',
    method: 'GET', url: (vars) => list({ sort: 'title', pagination: { after: vars.cursor, limit: 1 } }), expectStatus: 200,
    check: (response) => {
      expect(titles(response)).toEqual(['Second vault']);
      expect(response.body.meta.pagination).toEqual({ limit: 1, next: null });
    },
  },
  {
    name: 'keyset: the cursor reused under another sort is a 400 PaginationError',
    method: 'GET', url: (vars) => list({ sort: 'title:desc', pagination: { after: vars.cursor, limit: 1 } }), expectStatus: 400,
    expectBody: errorBody(400, 'PaginationError'),
  },
  ...([
    ['$foo', { title: { $foo: 'x' } }],
    ['$EQ (operators are case-sensitive)', { title: { $EQ: 'Public vault' } }],
    ['$Eq', { title: { $Eq: 'Public vault' } }],
    ['$where', { title: { $where: '1=1' } }],
    ['$raw at the top of filters', { $raw: 'select 1' }],
    ['$foo on a relation', { owner: { $foo: 1 } }],
    ['$AND', { $AND: [{ title: 'x' }] }],
  ] as Array<[string, Record<string, unknown>]>).map(([label, filters]): Scenario => ({
    name: `filters: unknown operator ${label} is a 400`,
    method: 'GET', url: list({ filters }), expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
  })),
  {
    name: 'filters: 10 nested levels are fine',
    method: 'GET', url: list({ filters: nest(10, { title: { $eq: 'Public vault' } }) }), expectStatus: 200,
    // Ten $not levels: an even number of negations keeps the match.
    check: (response) => expect(titles(response)).toEqual(['Public vault']),
  },
  {
    name: 'filters: 11 nested $not levels are a 400',
    method: 'GET', url: list({ filters: nest(11, { title: { $eq: 'Public vault' } }) }), expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
    check: (response) => expect(response.body.error.message).toMatch(/nested more than 10/),
  },
  {
    name: 'filters: 11 levels mixing $or and $not are a 400',
    method: 'GET', url: list({ filters: { $or: [{ $or: [{ $or: [{ $or: [{ $or: [nest(6, { title: { $eq: 'x' } })] }] }] }] }] } }), expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
    check: (response) => expect(response.body.error.message).toMatch(/nested more than 10/),
  },
  {
    name: 'populate: 5 levels are fine',
    method: 'GET', url: list({ populate: 'owner.vaults.owner.vaults.owner' }), expectStatus: 200,
    check: (response) => expect(response.body.data[0].owner.vaults[0].owner.vaults[0].owner.name).toBe('Alice'),
  },
  {
    name: 'populate: 6 levels by dot path are a 400',
    method: 'GET', url: list({ populate: 'owner.vaults.owner.vaults.owner.vaults' }), expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
  },
  {
    name: 'populate: 6 levels in object form are a 400',
    method: 'GET',
    url: list({ populate: { owner: { populate: { vaults: { populate: { owner: { populate: { vaults: { populate: { owner: { populate: { vaults: true } } } } } } } } } } } }),
    expectStatus: 400, expectBody: errorBody(400, 'ValidationError'),
  },
];

/** `$not` wrapped `levels` times around `inner`. */
function nest(levels: number, inner: Record<string, unknown>): Record<string, unknown> {
  let filter = inner;
  for (let level = 0; level < levels; level++) filter = { $not: filter };
  return filter;
}

/** Query strings that try to reach an object prototype. */
const PROTOTYPE_QUERIES = [
  'filters[__proto__][x]=1',
  'filters[__proto__][polluted]=yes',
  'sort[__proto__]=x',
  '__proto__[polluted]=yes',
  '__proto__=x',
  'populate[__proto__]=x',
  'pagination[__proto__][x]=1',
  'filters[title][__proto__]=1',
  'filters[$and][0][__proto__][x]=1',
  'filters[constructor][prototype][polluted]=yes',
  'constructor[prototype][polluted]=yes',
  'sort[constructor]=asc',
  'populate[constructor][populate]=x',
  'fields[0]=constructor',
];

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(Object.prototype).not.toHaveProperty('x');
}

async function expectStillServing(app: TestApp): Promise<void> {
  const after = await app.request('GET', '/api/vaults?sort=title');
  expect(after.status).toBe(200);
  expect(titles(after)).toEqual(['Public vault', 'Second vault']);
  expect(after.text).not.toContain('polluted');
}

const prototypeScenarios: Scenario[] = [
  ...PROTOTYPE_QUERIES.map((query): Scenario => ({
    name: `query string ${query} is a 400 and the server keeps working`,
    method: 'GET', url: `/api/vaults?${query}`, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
    check: async (_response, _vars, app) => {
      expectNoPollution();
      await expectStillServing(app);
    },
  })),
  {
    // Runs whatever the answers above were: none of those query strings may have changed the process.
    name: 'after every prototype query string, nothing is polluted and the server answers normally',
    method: 'GET', url: '/api/vaults?sort=title&filters[title][$ne]=x', expectStatus: 200,
    check: async (response, _vars, app) => {
      expectNoPollution();
      expect(titles(response)).toEqual(['Public vault', 'Second vault']);
      await expectStillServing(app);
    },
  },
  ...([
    ['__proto__ in data', '{"data":{"title":"Injected","__proto__":{"polluted":"yes"}}}', ['__proto__']],
    ['constructor.prototype in data', '{"data":{"title":"Injected","constructor":{"prototype":{"polluted":"yes"}}}}', ['constructor']],
    ['prototype in data', '{"data":{"title":"Injected","prototype":{"polluted":"yes"}}}', ['prototype']],
    ['__proto__ beside data', '{"__proto__":{"polluted":"yes"},"data":{"title":"Injected"}}', undefined],
    ['__proto__ carrying fields in data', '{"data":{"__proto__":{"title":"Injected","polluted":"yes"}}}', ['__proto__']],
    ['__proto__ inside a relation write', '{"data":{"title":"Injected","members":{"connect":[],"__proto__":{"polluted":"yes"}}}}', undefined],
    ['__proto__ inside a relation reference', '{"data":{"title":"Injected","owner":{"__proto__":{"polluted":"yes"}}}}', undefined],
  ] as Array<[string, string, string[] | undefined]>).map(([label, body, path]): Scenario => ({
    name: `a JSON body with ${label} is a 400 and pollutes nothing`,
    method: 'POST', url: '/api/vaults', body, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
    check: async (response, _vars, app) => {
      if (path) expect(response.body.error.details.errors).toContainEqual(expect.objectContaining({ path }));
      expectNoPollution();
      await expectStillServing(app);
    },
  })),
  {
    name: 'an update whose data is only __proto__ is a 400 and changes nothing',
    method: 'PUT', url: (vars) => `/api/vaults/${vars.vault}`, body: '{"data":{"__proto__":{"notes":"overwritten","polluted":"yes"}}}', expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError'),
    check: async (_response, vars, app) => {
      expectNoPollution();
      const after = await app.request('GET', `/api/vaults/${vars.vault}`);
      expect(after.body.data.notes).toBe('nothing to see');
      expect(after.text).not.toContain('polluted');
    },
  },
  {
    // json values are stored as given (DESIGN §4): a `__proto__` key inside one is plain data,
    // kept as an own property and returned unchanged, never merged into any prototype.
    name: 'a json attribute holding a __proto__ key is stored as given and pollutes nothing',
    method: 'POST', url: '/api/vaults', body: '{"data":{"title":"Injected","meta":{"__proto__":{"polluted":"yes"}}}}',
    expectStatus: 201,
    check: async (response, _vars, app) => {
      expectNoPollution();
      const read = await app.request('GET', `/api/vaults/${response.body.data.documentId}`);
      expect(read.text).toContain('"meta":{"__proto__":{"polluted":"yes"}}');
      expect(Object.hasOwn(read.body.data.meta, '__proto__')).toBe(true);
    },
  },
  {
    name: 'clean-up: whatever an accepted injection created is removed, and nothing was polluted meanwhile',
    method: 'GET', url: list({ filters: { title: { $eq: 'Injected' } } }), expectStatus: 200,
    check: async (response, _vars, app) => {
      expectNoPollution();
      for (const entry of response.body.data as Array<{ documentId: string }>) {
        expect((await app.request('DELETE', `/api/vaults/${entry.documentId}`)).status).toBe(204);
      }
      await expectStillServing(app);
    },
  },
];

const limits: Scenario[] = [
  {
    name: 'a query string just under the URL limit is served',
    method: 'GET', url: `/api/vaults?_q=${'a'.repeat(8000)}`, expectStatus: 200,
    expectBody: { data: [] },
  },
  {
    name: 'a query string over the URL limit (> 8 KB) is a 414 in the envelope',
    method: 'GET', url: `/api/vaults?_q=${'a'.repeat(9000)}`, expectStatus: 414,
    expectBody: errorBody(414, 'UriTooLongError'),
  },
  {
    name: 'a long filter query over the limit is a 414 before any parsing',
    method: 'GET', url: `/api/vaults?${q({ filters: { $or: Array.from({ length: 100 }, (_, index) => ({ title: { $eq: `title-${index}-${'x'.repeat(60)}` } })) } })}`,
    expectStatus: 414, expectBody: errorBody(414, 'UriTooLongError'),
  },
  {
    name: 'after all of that the server still answers normally',
    method: 'GET', url: '/api/vaults?sort=title', expectStatus: 200,
    check: (response) => {
      expect(titles(response)).toEqual(['Public vault', 'Second vault']);
      expect(response.text).not.toContain('polluted');
      expect(response.text).not.toContain(SECRET);
    },
  },
];

runScenarios('query security: no oracle on private fields, no unknown keys', dialects, guarded([
  ...seeding,
  ...filterProbes,
  ...sortProbes,
  ...selectionProbes,
  ...searchProbes,
  ...strictness,
  ...prototypeScenarios,
  ...limits,
]), contentTypes);

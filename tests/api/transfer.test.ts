import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { collection, EXAMPLE_CONFIG_DIR } from '../support/definitions.js';
import { cliProject } from '../support/larder-cli.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUp, TEST_PASSWORD, type SignedIn } from '../support/users.js';

/**
 * Moving an instance: `larder export` from SQLite, `larder import` into an
 * empty PostgreSQL database, and back into an empty SQLite one. Every entry
 * answers the same through the API at each hop; users can still sign in,
 * sessions and API tokens still work, and new entries get fresh ids.
 */
const example = Object.fromEntries(readdirSync(join(EXAMPLE_CONFIG_DIR, 'content-types'))
  .map((file) => [file.replace(/\.json$/, ''), JSON.parse(readFileSync(join(EXAMPLE_CONFIG_DIR, 'content-types', file), 'utf8'))]));
/** Every scalar type, so every value format crosses both databases. */
const specimen = collection('specimen', 'specimens', {
  str: { type: 'string' }, txt: { type: 'text' }, rich: { type: 'richtext' }, mail: { type: 'email' }, slug: { type: 'uid' },
  int: { type: 'integer' }, big: { type: 'biginteger' }, flt: { type: 'float' }, dec: { type: 'decimal' }, flag: { type: 'boolean' },
  day: { type: 'date' }, clock: { type: 'time' }, moment: { type: 'datetime' }, data: { type: 'json' },
  pick: { type: 'enumeration', enum: ['red', 'green'] }, secret: { type: 'password' },
  tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
});
const contentTypes = { ...example, specimen };
const COLLECTIONS: Array<[route: string, draftAndPublish: boolean]> = [
  ['authors', false], ['categories', false], ['tags', false], ['articles', true], ['specimens', false],
];

describe.skipIf(!dialects.includes('postgres'))('export and import: SQLite → PostgreSQL → SQLite', () => {
  const databases: TestDatabase[] = [];
  const apps: TestApp[] = [];
  let source: TestApp;
  let alice: SignedIn;
  let boss: SignedIn;
  let accessKey: string;
  let expected: Record<string, unknown>;
  let highestArticleId: number;
  let postgresCopy: string;

  async function boot(dialect: 'sqlite' | 'postgres', url: string): Promise<TestApp> {
    const app = await startTestApp({ dialect, contentTypes, options: { databaseUrl: url, migrationsDir: source.migrationsDir } });
    apps.push(app);
    return app;
  }
  async function emptyDatabase(dialect: 'sqlite' | 'postgres'): Promise<TestDatabase> {
    const database = await createTestDatabase(dialect);
    databases.push(database);
    return database;
  }
  /** What a front-end sees: every list and every entry, drafts included, relations populated. */
  async function everything(app: TestApp): Promise<Record<string, unknown>> {
    const seen: Record<string, unknown> = {};
    const get = async (url: string, headers?: Record<string, string>) => {
      const response = await app.request('GET', url, undefined, headers);
      expect(response.status, `${url}: ${response.text}`).toBe(200);
      seen[url] = response.body;
      return response.body;
    };
    for (const [route, drafts] of COLLECTIONS) {
      for (const status of drafts ? ['published', 'draft'] : ['']) {
        const query = `populate=*${status ? `&status=${status}` : ''}`;
        const list = await get(`/api/${route}?${query}&pagination[pageSize]=100`);
        for (const entry of list.data as Array<{ documentId: string }>) await get(`/api/${route}/${entry.documentId}?${query}`);
      }
    }
    await get('/api/homepage?populate=*');
    await get('/api/users/me', alice.headers);
    await get('/api/users?sort=id', boss.headers);
    return seen;
  }
  async function exportFrom(url: string): Promise<string> {
    const project = cliProject(url);
    const file = join(project.root, 'export.jsonl');
    const result = project.run(['export', '--out', file]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Exported \d+ rows from \d+ tables and 1 migrations to /);
    return file;
  }
  function importInto(url: string, file: string) {
    return cliProject(url).run(['import', file]);
  }

  beforeAll(async () => {
    source = await startTestApp({ dialect: 'sqlite', contentTypes });
    apps.push(source);
    const post = async (url: string, data: Record<string, unknown>, headers?: Record<string, string>) => {
      const response = await source.request('POST', url, { data }, headers);
      expect(response.status, response.text).toBe(201);
      return response.body.data.documentId as string;
    };
    const ada = await post('/api/authors', { name: 'Ada', email: 'ada@example.test', bio: 'First programmer' });
    const grace = await post('/api/authors', { name: 'Grace' });
    const news = await post('/api/categories', { name: 'News' });
    const tags = [await post('/api/tags', { name: 'alpha' }), await post('/api/tags', { name: 'beta' }), await post('/api/tags', { name: 'gamma' })];
    const first = await post('/api/articles', { title: 'Hello', body: '# Hi', views: 3, kind: 'guide', publishedOn: '2024-02-29', author: ada, category: news, tags: tags.slice(0, 2) });
    await post('/api/articles', { title: 'Second', author: grace, tags: [tags[2]] });
    await post('/api/articles?status=draft', { title: 'Draft only', internalNotes: 'not yet', author: ada });
    const doomed = await post('/api/articles', { title: 'Deleted' });
    expect((await source.request('DELETE', `/api/articles/${doomed}`)).status).toBe(204);
    expect((await source.request('PUT', '/api/homepage', { data: { headline: 'Welcome', seo: { title: 'Home', tags: ['a', 'b'], nested: { z: 1, a: null } }, featuredArticle: first } })).status).toBe(200);
    await post('/api/specimens', {
      str: 'ünïcödé ✓', txt: 'long '.repeat(100), rich: '**bold**', mail: 'x@example.test', slug: 'specimen-one',
      int: -2147483648, big: '9007199254740993', flt: 0.1, dec: 12.345, flag: true,
      day: '2024-02-29', clock: '23:59:58.5', moment: '2024-02-29T12:34:56.789Z', data: { b: 1, a: [1, 2, { z: null }] },
      pick: 'green', secret: 'hunter2hunter2', tags,
    });
    await post('/api/specimens', { flag: false });
    alice = await signUp(source, 'alice');
    boss = await signUp(source, 'boss', 'admin');
    const token = await source.request('POST', '/api/api-tokens', { name: 'ci', type: 'read-only' }, boss.headers);
    expect(token.status, token.text).toBe(201);
    accessKey = token.body.data.accessKey;
    highestArticleId = Number((await source.app.db.knex('articles').max({ top: 'id' }))[0]!.top) + 1; // the deleted one
    expected = await everything(source);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const database of databases) await database.drop();
  });

  it('SQLite → PostgreSQL: every entry, list and user answers identically', async () => {
    const file = await exportFrom(source.database.url);
    const target = await emptyDatabase('postgres');
    postgresCopy = target.url;
    const result = importInto(target.url, file);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Imported \d+ rows into \d+ tables, with 1 migrations of history/);
    const copy = await boot('postgres', target.url);
    expect(await everything(copy)).toEqual(expected);
  });

  it('on the PostgreSQL copy, passwords, sessions and API tokens still work, and new ids never reuse old ones', async () => {
    const copy = apps.at(-1)!;
    const login = await copy.request('POST', '/api/auth/local', { identifier: 'alice', password: TEST_PASSWORD });
    expect(login.status, login.text).toBe(200);
    expect((await copy.request('GET', '/api/users/me', undefined, alice.headers)).status).toBe(200);
    expect((await copy.request('GET', '/api/articles', undefined, { authorization: `Bearer ${accessKey}` })).status).toBe(200);
    const created = await copy.request('POST', '/api/articles', { data: { title: 'After the move' } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.data.id).toBe(highestArticleId + 1);
    expect((await copy.request('DELETE', `/api/articles/${created.body.data.documentId}`)).status).toBe(204);
  });

  it('PostgreSQL → SQLite: the round trip answers identically too', async () => {
    const file = await exportFrom(postgresCopy);
    const target = await emptyDatabase('sqlite');
    const result = importInto(target.url, file);
    expect(result.status, result.stderr).toBe(0);
    const back = await boot('sqlite', target.url);
    expect(await everything(back)).toEqual(expected);
    const created = await back.request('POST', '/api/articles', { data: { title: 'Back home' } });
    expect(created.body.data.id).toBe(highestArticleId + 2);
    // The history table is a plain rowid alias on SQLite: the import writes it no AUTOINCREMENT mark.
    expect(await back.app.db.knex('sqlite_sequence').where({ name: 'larder_history' })).toEqual([]);
  });

  it('refuses a database that is not empty, and a file cut short, with one line and nothing imported', async () => {
    const file = await exportFrom(source.database.url);
    const occupied = importInto(source.database.url, file);
    expect(occupied.status).toBe(1);
    expect(occupied.stderr).toMatch(/^larder: .* is not empty \(table \w+ exists\): import only into an empty database\n$/);

    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const truncated = `${file}.cut`;
    writeFileSync(truncated, `${lines.slice(0, -1).join('\n')}\n`);
    const target = await emptyDatabase('postgres');
    const cut = importInto(target.url, truncated);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toMatch(/^larder: the file ends at line \d+ without its end record: it was cut short\. Nothing was imported\n$/);
    const tables = cliProject(target.url).run(['migrate', 'status']);
    expect(tables.stdout).toContain('0 applied');

    const garbage = `${file}.txt`;
    writeFileSync(garbage, 'hello\n');
    const notAnExport = importInto(target.url, garbage);
    expect(notAnExport.status).toBe(1);
    expect(notAnExport.stderr).toMatch(/^larder: line 1 is not JSON/);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../core/app.js';
import { DEFAULT_LIMITS } from '../../core/config/options.js';
import { startCliServer } from '../support/cli-process.js';
import { createTestDatabase, dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { cliProject } from '../support/larder-cli.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUp, TEST_PASSWORD, type SignedIn } from '../support/users.js';

const note = collection('note', 'notes', { title: { type: 'string' }, body: { type: 'text' } });
const withSummary = { ...note, attributes: { ...note.attributes, summary: { type: 'string', maxLength: 200 } } };
const withoutBody = { ...note, attributes: { title: { type: 'string' } } };

const PLAN = '/api/content-type-builder/plan';
const APPLY = '/api/content-type-builder/apply';

async function columnsOf(app: TestApp, table: string): Promise<string[]> {
  return Object.keys(await app.app.db.knex(table).columnInfo());
}

function noteFile(app: TestApp): unknown {
  return JSON.parse(readFileSync(join(app.configDir, 'content-types', 'note.json'), 'utf8'));
}

describe.each(dialects)('content-type builder (%s)', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let editor: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ dialect, contentTypes: { note } });
    admin = await signUp(app, 'ada', 'admin');
    editor = await signUp(app, 'eve');
    await app.request('POST', '/api/notes', { data: { title: 'kept', body: 'some words' } });
  });
  afterAll(async () => app?.close());

  it.each([
    ['GET', '/api/content-type-builder'], ['POST', PLAN], ['POST', APPLY],
  ])('%s %s: anonymous is 401, a non-admin is 403', async (method, url) => {
    const body = method === 'POST' ? { types: { note: withSummary } } : undefined;
    expect((await app.request(method, url, body)).status).toBe(401);
    const forbidden = await app.request(method, url, body, editor.headers);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.name).toBe('ForbiddenError');
  });

  it('GET lists the definitions as written', async () => {
    const response = await app.request('GET', '/api/content-type-builder', undefined, admin.headers);
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ enabled: true, reloads: false, types: { note } });
  });

  it('plans adding a field as safe', async () => {
    const response = await app.request('POST', PLAN, { types: { note: withSummary } }, admin.headers);
    expect(response.status, response.text).toBe(200);
    expect(response.body.data.destructive).toBe(false);
    expect(response.body.data.operations).toEqual([
      expect.objectContaining({ op: 'addColumn', safety: 'safe', description: expect.stringContaining('notes.summary') }),
    ]);
  });

  it('plans removing a field as destructive, counting the values lost', async () => {
    const response = await app.request('POST', PLAN, { types: { note: withoutBody } }, admin.headers);
    expect(response.status, response.text).toBe(200);
    expect(response.body.data.destructive).toBe(true);
    expect(response.body.data.operations).toEqual([
      expect.objectContaining({ op: 'dropColumn', safety: 'destructive', loses: { table: 'notes', column: 'body', rows: 1 } }),
    ]);
  });

  it('refuses a destructive apply without allowDestructive, changing nothing', async () => {
    const migrations = readdirSync(app.migrationsDir);
    const response = await app.request('POST', APPLY, { types: { note: withoutBody } }, admin.headers);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ name: 'ValidationError', message: expect.stringContaining('drop column notes.body') });
    expect(noteFile(app)).toEqual(note);
    expect(readdirSync(app.migrationsDir)).toEqual(migrations);
    expect(await columnsOf(app, 'notes')).toContain('body');
  });

  it('answers 400 with the path for an invalid definition', async () => {
    const bad = { ...note, attributes: { ...note.attributes, views: { type: 'number' } } };
    const response = await app.request('POST', PLAN, { types: { note: bad } }, admin.headers);
    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('ValidationError');
    expect(response.body.error.message).toContain('note.json at attributes.views.type');
    expect(response.body.error.details.errors[0].path).toEqual(['types', 'note', 'attributes', 'views', 'type']);
  });

  it.each([
    ['a body that is not an object', []],
    ['types missing', {}],
    ['a definition that is not an object', { types: { note: 'x' } }],
    ['a key that is not its singular name', { types: { memo: note } }],
    ['removing a type that does not exist', { types: { ghost: null } }],
    ['a malformed rename', { types: {}, renames: { fields: ['nope'] } }],
  ])('answers 400 for %s', async (_name, body) => {
    const response = await app.request('POST', PLAN, body, admin.headers);
    expect(response.status, response.text).toBe(400);
    expect(response.body.error.name).toBe('ValidationError');
  });

  it('applies a new field: file, migration and column', async () => {
    const before = readdirSync(app.migrationsDir);
    const response = await app.request('POST', APPLY, { types: { note: withSummary } }, admin.headers);
    expect(response.status, response.text).toBe(200);
    expect(response.body.data).toMatchObject({ reloading: false, message: expect.stringContaining('Restart') });
    expect(response.body.data.applied).toHaveLength(1);
    const written = readdirSync(app.migrationsDir).filter((name) => !before.includes(name));
    expect(written).toEqual([`${response.body.data.applied[0]}.json`]);
    expect(noteFile(app)).toEqual(withSummary);
    expect(readFileSync(join(app.configDir, 'content-types', 'note.json'), 'utf8')).toContain('\n  "kind"');
    expect(await columnsOf(app, 'notes')).toContain('summary');
    // Nothing left to do: the plan from the database to the files is empty.
    const again = await app.request('POST', PLAN, { types: {} }, admin.headers);
    expect(again.body.data.operations).toEqual([]);
    // An added column breaks nothing this process serves: it goes on serving its model.
    expect((await app.request('GET', '/api/notes')).status).toBe(200);
    expect((await app.request('GET', '/_ready')).status).toBe(200);
  });

  it('applies a destructive change with allowDestructive, and a declared rename keeps data', async () => {
    const renamed = { ...withSummary, attributes: { title: { type: 'string' }, text: { type: 'text' }, summary: { type: 'string', maxLength: 200 } } };
    const plan = await app.request('POST', PLAN, { types: { note: renamed }, renames: { fields: ['note.body=text'] } }, admin.headers);
    expect(plan.body.data.operations).toEqual([expect.objectContaining({ op: 'renameColumn', safety: 'safe' })]);
    const applied = await app.request('POST', APPLY, { types: { note: renamed }, renames: { fields: ['note.body=text'] } }, admin.headers);
    expect(applied.status, applied.text).toBe(200);
    expect(await app.app.db.knex('notes').first('text')).toEqual({ text: 'some words' });
    // This process cannot restart itself, and its model still reads `body`: 503, never a 500.
    expect(applied.body.data.message).toContain('503');
    for (const path of ['/api/notes', `/api/notes/${'x'.repeat(24)}`]) {
      const stale = await app.request('GET', path);
      expect(stale.status, stale.text).toBe(503);
      expect(stale.body.error).toMatchObject({ name: 'ServiceUnavailableError', message: expect.stringContaining('restart Larder') });
    }
    expect((await app.request('POST', '/api/notes', { data: { title: 'lost?' } })).status).toBe(503);
    expect((await app.request('GET', '/_ready')).status).toBe(503);
    // What does not depend on the content model goes on working.
    expect((await app.request('GET', '/_health')).status).toBe(200);
    expect((await app.request('GET', '/api/content-type-builder', undefined, admin.headers)).status).toBe(200);

    const dropped = await app.request('POST', APPLY, { types: { note: withoutBody }, allowDestructive: true }, admin.headers);
    expect(dropped.status, dropped.text).toBe(200);
    expect(await columnsOf(app, 'notes')).not.toContain('summary');
  });

  it('adds and removes a whole type', async () => {
    const tag = collection('tag', 'tags', { name: { type: 'string', unique: true } });
    expect((await app.request('POST', APPLY, { types: { tag } }, admin.headers)).status).toBe(200);
    expect(await app.app.db.knex.schema.hasTable('tags')).toBe(true);
    const removed = await app.request('POST', APPLY, { types: { tag: null }, allowDestructive: true }, admin.headers);
    expect(removed.status, removed.text).toBe(200);
    expect(existsSync(join(app.configDir, 'content-types', 'tag.json'))).toBe(false);
    expect(await app.app.db.knex.schema.hasTable('tags')).toBe(false);
  });
});

describe('content-type builder in production', () => {
  let app: TestApp;
  let prod: App | undefined;
  let prodUrl = '';
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp({ dialect: 'sqlite', contentTypes: { note } });
    admin = await signUp(app, 'ada', 'admin');
    // Production boot on the schema development just made.
    await app.app.close();
    const root = join(app.configDir, '..');
    prod = await createApp({
      mode: 'production', databaseUrl: app.database.url, sqliteDriver: 'better-sqlite3', configDir: app.configDir,
      migrationsDir: app.migrationsDir, dataDir: join(root, 'data'), cwd: root, logLevel: 'silent', prettyLogs: false,
      secret: 'test-secret-that-is-long-enough-for-larder-0123456789', limits: DEFAULT_LIMITS,
    });
    prodUrl = `http://127.0.0.1:${await prod.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    await prod?.close();
    await app?.close();
  });

  it.each([['GET', '/api/content-type-builder'], ['POST', PLAN], ['POST', APPLY]])('%s %s is 404', async (method, url) => {
    const response = await fetch(prodUrl + url, {
      method, headers: { ...admin.headers, 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify({ types: { note: withSummary } }) } : {}),
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { name: string } }).error.name).toBe('NotFoundError');
  });
});

describe('content-type builder with the CLI server', () => {
  it('reloads after apply and serves the new field', async () => {
    const database = await createTestDatabase('sqlite');
    const project = cliProject(database.url);
    project.define({ note });
    const server = await startCliServer(project.root, project.env, 30_000);
    try {
      const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(server.url + path, {
        method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
      });
      const registered = await post('/api/admin/register-admin', { username: 'ada', email: 'ada@example.test', password: TEST_PASSWORD });
      expect(registered.status).toBe(200);
      const { jwt } = await registered.json() as { jwt: string };
      const applied = await post(APPLY, { types: { note: withSummary } }, { authorization: `Bearer ${jwt}` });
      expect(applied.status).toBe(200);
      expect((await applied.json() as { data: { reloading: boolean } }).data.reloading).toBe(true);

      let created: Response | undefined;
      for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const ready = await fetch(`${server.url}/_ready`).then((response) => response.status, () => 0);
        if (ready !== 200) continue;
        created = await post('/api/notes', { data: { title: 'new', summary: 'a summary' } });
        if (created.status === 201) break;
      }
      expect(created?.status, server.output()).toBe(201);
      expect(await created!.json()).toMatchObject({ data: { title: 'new', summary: 'a summary' } });
      expect(server.output()).toContain('reloading on the new content model');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      project.remove();
      await database.drop();
    }
  }, 60_000);
});

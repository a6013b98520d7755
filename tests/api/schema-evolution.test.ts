import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/cli-process.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { cliProject, type CliProject } from '../support/larder-cli.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A content model walks v1 → v2 → v3 → v4 on a database holding real
 * entries, written and read back through the HTTP API at every step, with
 * the CLI an operator would use between steps.
 */
const BIG = '9007199254740993'; // 2^53 + 1: does not fit a 32-bit integer, nor a double

const author = (relation: 'oneToMany' | 'manyToMany', target: string) => collection('author', 'authors', {
  name: { type: 'string' },
  articles: { type: 'relation', relation, target, mappedBy: 'author' },
});
const v1 = {
  author: author('oneToMany', 'article'),
  article: collection('article', 'articles', {
    title: { type: 'string' },
    subtitle: { type: 'string' },
    views: { type: 'integer' },
    author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
  }),
};
/** v2, applied at boot: a new field, a rename declared in the definition, a widened type. */
const v2 = {
  author: author('oneToMany', 'article'),
  article: collection('article', 'articles', {
    title: { type: 'string' },
    tagline: { type: 'string', renamedFrom: 'subtitle' },
    views: { type: 'biginteger' },
    summary: { type: 'text' },
    author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
  }),
};
/** v3: the type is renamed (declared with --rename-type). */
const v3 = {
  author: author('oneToMany', 'post'),
  post: collection('post', 'posts', v2.article.attributes),
};
/** A narrowing the data does not fit: views back to a 32-bit integer. */
const v3narrow = { author: v3.author, post: collection('post', 'posts', { ...v3.post.attributes, views: { type: 'integer' } }) };
/** v4: a field dropped, and manyToOne → manyToMany. */
const { summary: _summary, ...v4attributes } = v3.post.attributes as Record<string, unknown>;
const v4 = {
  author: author('manyToMany', 'post'),
  post: collection('post', 'posts', { ...v4attributes, author: { type: 'relation', relation: 'manyToMany', target: 'author', inversedBy: 'articles' } }),
};

for (const dialect of dialects) {
  describe(`schema evolution v1 → v4 with live data [${dialect}]`, () => {
    let database: TestDatabase;
    let project: CliProject;
    let app: TestApp | undefined;
    const ids: Record<string, string> = {};

    /** Boots the server in-process on the project's config, migrations and database (development mode). */
    async function boot(): Promise<TestApp> {
      await app?.close();
      app = await startTestApp({
        dialect, options: { databaseUrl: database.url, configDir: project.configDir, migrationsDir: project.migrationsDir },
      });
      return app;
    }
    async function stop(): Promise<void> {
      await app?.close();
      app = undefined;
    }
    const api = (method: string, path: string, body?: unknown) => app!.request(method, path, body);
    /** `larder start` as a real process: for a boot that must be refused (it would serve otherwise). */
    const refusedStart = () => project.run(['start']);
    const migrations = () => readdirSync(project.migrationsDir).filter((file) => file.endsWith('.json')).sort();

    beforeAll(async () => {
      expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
      database = await createTestDatabase(dialect);
      project = cliProject(database.url);
    });
    afterAll(async () => {
      await stop();
      await database?.drop();
      project?.remove();
    });

    it('v1: boot creates the schema; entries go in through the API', async () => {
      project.define(v1);
      await boot();
      for (const name of ['Ada', 'Grace']) {
        const created = await api('POST', '/api/authors', { data: { name } });
        expect(created.status).toBe(201);
        ids[name] = created.body.data.documentId;
      }
      for (const [key, data] of Object.entries({
        one: { title: 'One', subtitle: 'first of many', views: 5, author: ids.Ada },
        two: { title: 'Two', subtitle: 'second', views: 7, author: ids.Grace },
      })) {
        const created = await api('POST', '/api/articles', { data });
        expect(created.status, created.text).toBe(201);
        ids[key] = created.body.data.documentId;
      }
      await stop();
      expect(migrations()).toHaveLength(1);
    });

    it('v2 (boot, safe): a new field, a renamedFrom rename that keeps the values, a widened type', async () => {
      project.define(v2);
      await boot();
      const one = await api('GET', `/api/articles/${ids.one}?populate=author`);
      expect(one.body.data).toMatchObject({ title: 'One', tagline: 'first of many', views: '5', summary: null, author: { name: 'Ada' } });
      expect(one.body.data).not.toHaveProperty('subtitle');
      const widened = await api('PUT', `/api/articles/${ids.two}`, { data: { views: BIG, summary: 'now with a summary' } });
      expect(widened.status, widened.text).toBe(200);
      expect(widened.body.data).toMatchObject({ views: BIG, tagline: 'second' });
      await stop();
      // The boot recorded what it did, as a rename (not a drop and an add).
      const generated = JSON.parse(readFileSync(join(project.migrationsDir, migrations().at(-1)!), 'utf8')) as { operations: Array<{ op: string }> };
      expect(generated.operations.map((operation) => operation.op).sort()).toEqual(['addColumn', 'alterColumn', 'renameColumn']);
    });

    it('v3: an undeclared type rename is refused at boot and by plan, which name the flag', () => {
      project.define(v3);
      const plan = project.run(['migrate', 'plan']);
      expect(plan.status).toBe(2);
      expect(plan.stdout).toContain('DESTRUCTIVE');
      expect(plan.stdout).toContain('drop table articles');
      expect(plan.stdout).toContain('--rename-type article=post');
      const start = refusedStart();
      expect(start.status).toBe(1);
      expect(start.stderr).toContain('drop table articles');
      expect(start.stderr).toContain('--rename-type article=post');
      expect(start.stderr).not.toMatch(/\n\s+at /);
    });

    it('v3: generate --rename-type and apply move the entries, their links and their ids', async () => {
      const generate = project.run(['migrate', 'generate', '--name', 'rename_article_to_post', '--rename-type', 'article=post']);
      expect(generate.status, generate.stderr).toBe(0);
      expect(generate.stdout).toContain('rename table articles to posts');
      expect(generate.stdout).not.toContain('DESTRUCTIVE');
      const planned = project.run(['migrate', 'plan']);
      expect(planned.status).toBe(2);
      expect(planned.stdout).toMatch(/Pending migrations[\s\S]*rename_article_to_post/);
      const apply = project.run(['migrate', 'apply']);
      expect(apply.status, apply.stderr).toBe(0);
      expect(project.run(['migrate', 'plan']).status).toBe(0);
      await boot();
      const one = await api('GET', `/api/posts/${ids.one}?populate=author`);
      expect(one.status).toBe(200);
      expect(one.body.data).toMatchObject({ title: 'One', tagline: 'first of many', views: '5', author: { documentId: ids.Ada, name: 'Ada' } });
      expect((await api('GET', `/api/posts/${ids.two}`)).body.data).toMatchObject({ views: BIG, summary: 'now with a summary' });
      expect((await api('GET', `/api/authors/${ids.Grace}?populate=articles`)).body.data.articles).toMatchObject([{ documentId: ids.two }]);
      expect((await api('GET', '/api/articles')).status).toBe(404);
      // Document history is keyed by the type's name: it followed the rename.
      const versions = await api('GET', `/api/posts/${ids.two}/versions`);
      expect(versions.status, versions.text).toBe(200);
      expect(versions.body.data.length).toBe(2);
      await stop();
    });

    it('a narrowing the data does not fit: refused without the flag, then refused by the data check; nothing changes', async () => {
      project.define(v3narrow);
      const generate = project.run(['migrate', 'generate', '--name', 'narrow_views']);
      expect(generate.status).toBe(0);
      expect(generate.stdout).toMatch(/DESTRUCTIVE\s+change column posts\.views from bigInteger to integer/);
      const file = migrations().at(-1)!;

      const unflagged = project.run(['migrate', 'apply']);
      expect(unflagged.status).toBe(1);
      expect(unflagged.stderr).toContain('can lose data');
      expect(unflagged.stderr).toContain('--allow-destructive');

      const flagged = project.run(['migrate', 'apply', '--allow-destructive']);
      expect(flagged.status).toBe(1);
      expect(flagged.stderr).toMatch(/^larder: Migration \S+_narrow_views was not applied, nothing changed: cannot change posts\.views to integer: 1 row\(s\) hold a value that does not fit/);
      expect(flagged.stderr.trim().split('\n')).toHaveLength(1);

      // The operator backs the change out; the data is exactly as it was.
      rmSync(join(project.migrationsDir, file));
      project.define(v3);
      await boot();
      expect((await api('GET', `/api/posts/${ids.two}`)).body.data.views).toBe(BIG);
      await stop();
    });

    it('v4: dropping a field is refused at boot and by apply until --allow-destructive; manyToOne → manyToMany keeps the links', async () => {
      project.define(v4);
      const start = refusedStart();
      expect(start.status).toBe(1);
      expect(start.stderr).toContain('drop column posts.summary');
      expect(start.stderr).toContain('larder migrate apply --allow-destructive');

      expect(project.run(['migrate', 'generate', '--name', 'v4']).status).toBe(0);
      const unflagged = project.run(['migrate', 'apply']);
      expect(unflagged.status).toBe(1);
      expect(unflagged.stderr).toMatch(/_v4/);
      const applied = project.run(['migrate', 'apply', '--allow-destructive']);
      expect(applied.status, applied.stderr).toBe(0);

      await boot();
      const one = await api('GET', `/api/posts/${ids.one}?populate=author`);
      expect(one.body.data.author).toMatchObject([{ documentId: ids.Ada }]);
      expect(one.body.data).not.toHaveProperty('summary');
      const both = await api('PUT', `/api/posts/${ids.one}?populate=author`, { data: { author: { connect: [ids.Grace] } } });
      expect(both.status, both.text).toBe(200);
      expect(both.body.data.author.map((entry: { name: string }) => entry.name).sort()).toEqual(['Ada', 'Grace']);
      expect((await api('GET', `/api/posts/${ids.two}?populate=author`)).body.data).toMatchObject({ views: BIG, tagline: 'second', author: [{ name: 'Grace' }] });
      await stop();
      expect(project.run(['migrate', 'status']).status).toBe(0);
    });
  });
}

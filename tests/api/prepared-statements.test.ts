import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * On PostgreSQL, statements whose text repeats (the query compiler's bound
 * SELECTs, the version insert) run as named prepared statements, planned once
 * per connection; populate, which inlines ids, runs unnamed so that pooled
 * connections do not fill up with one-off plans. SQLite names nothing
 * (better-sqlite3 caches its own statements). Read off the statements knex
 * sends, as the server runs them.
 */

const contentTypes = {
  page: collection('page', 'pages', {
    title: { type: 'string' },
    tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
  }),
  tag: collection('tag', 'tags', { name: { type: 'string' } }),
};

interface SentQuery { sql: string; name?: string }

for (const dialect of dialects) {
  describe(`prepared statements [${dialect}]`, () => {
    let app: TestApp;
    let sent: SentQuery[] = [];

    beforeAll(async () => {
      app = await startTestApp({ dialect, contentTypes });
      app.app.db.knex.on('query', (query: { sql: string; options?: { name?: string } }) => {
        sent.push({ sql: query.sql, name: query.options?.name });
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    async function sentDuring(work: () => Promise<unknown>): Promise<SentQuery[]> {
      sent = [];
      await work();
      return sent;
    }

    it('names a get-one, the same each time, and leaves populate unnamed', async () => {
      const tag = await app.request('POST', '/api/tags', { data: { name: 'news' } });
      const page = await app.request('POST', '/api/pages', { data: { title: 'Home', tags: [tag.body.data.documentId] } });
      expect(page.status).toBe(201);
      const path = `/api/pages/${page.body.data.documentId}?populate=tags`;

      const first = await sentDuring(() => app.request('GET', path));
      const second = await sentDuring(() => app.request('GET', path));
      const select = (queries: SentQuery[]) => queries.find((query) => query.sql.includes('FROM "pages"'));
      const populate = (queries: SentQuery[]) => queries.find((query) => query.sql.includes('"tags"'));
      expect(select(first)).toBeDefined();
      expect(populate(first)).toBeDefined();
      expect(populate(first)!.name).toBeUndefined();
      if (dialect === 'postgres') {
        expect(select(first)!.name).toMatch(/^larder_[0-9a-f]{20}$/);
        expect(select(second)!.name).toBe(select(first)!.name);
      } else {
        expect(first.concat(second).filter((query) => query.name)).toEqual([]);
      }
    });

    it('names the statement that records an update\'s version on PostgreSQL', async () => {
      const page = await app.request('POST', '/api/pages', { data: { title: 'Draft' } });
      const queries = await sentDuring(() => app.request('PUT', `/api/pages/${page.body.data.documentId}`, { data: { title: 'Final' } }));
      const versions = await app.request('GET', `/api/pages/${page.body.data.documentId}/versions`);
      expect(versions.status).toBe(200);
      expect(versions.body.data.map((version: { action: string }) => version.action)).toEqual(['update', 'create']);
      const record = queries.find((query) => query.sql.includes('INSERT INTO "larder_history"'));
      if (dialect === 'postgres') {
        expect(record?.name).toMatch(/^larder_[0-9a-f]{20}$/);
      } else {
        // better-sqlite3 records versions outside knex's query path; nothing it sends is named.
        expect(queries.filter((query) => query.name)).toEqual([]);
      }
    });
  });
}

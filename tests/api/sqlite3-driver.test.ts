import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** better-sqlite3 is the default; the sqlite3 driver stays supported (DESIGN §10). */
describe('the sqlite3 driver (smoke)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ dialect: 'sqlite', options: { sqliteDriver: 'sqlite3', history: { maxVersions: 2, retentionDays: 365 } } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('boots, migrates, writes, reads with relations, filters and deletes', async () => {
    expect(app.app.db.description).toContain('(sqlite3)');
    const author = await app.request('POST', '/api/authors', { data: { name: 'Grace' } });
    expect(author.status).toBe(201);
    const article = await app.request('POST', '/api/articles?populate=author', {
      data: { title: 'On compilers', views: 3, featured: true, publishedOn: '2024-01-02', author: author.body.data.documentId },
    });
    expect(article.status).toBe(201);
    expect(article.body.data).toMatchObject({ title: 'On compilers', featured: true, publishedOn: '2024-01-02', author: { name: 'Grace' } });

    const list = await app.request('GET', '/api/articles?filters[author][name][$eq]=Grace&filters[featured]=true&sort=views:desc');
    expect(list.status).toBe(200);
    expect(list.body.data.map((entry: { title: string }) => entry.title)).toEqual(['On compilers']);

    const duplicate = await app.request('POST', '/api/articles', { data: { title: 'Other', slug: article.body.data.slug } });
    expect(duplicate.status).toBe(409);

    expect((await app.request('DELETE', `/api/articles/${article.body.data.documentId}`)).status).toBe(204);
    expect((await app.request('GET', '/api/articles')).body.meta.pagination.total).toBe(0);
  });

  // better-sqlite3 records and prunes versions outside knex; this driver goes through knex.
  it('records versions and keeps the last maxVersions of them', async () => {
    const author = await app.request('POST', '/api/authors', { data: { name: 'Ada' } });
    const path = `/api/authors/${author.body.data.documentId}`;
    for (const name of ['Ada L.', 'Ada Lovelace', 'Augusta Ada']) expect((await app.request('PUT', path, { data: { name } })).status).toBe(200);
    const versions = await app.request('GET', `${path}/versions`);
    expect(versions.body.data.map((version: { version: number; action: string }) => [version.version, version.action])).toEqual([[4, 'update'], [3, 'update']]);
    expect((await app.request('GET', `${path}/versions/3`)).body.data.data.name).toBe('Ada Lovelace');
    expect((await app.request('GET', `${path}/versions/2`)).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collection } from '../support/definitions.js';
import { sample } from '../support/metrics-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('metrics', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ dialect: 'sqlite' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('counts requests by route pattern and status, and observes their duration', async () => {
    const before = (await app.request('GET', '/metrics')).text;
    for (let i = 0; i < 3; i++) await app.request('GET', '/api/articles');
    await app.request('GET', '/api/articles/doesnotexist00000000000a');
    const after = (await app.request('GET', '/metrics')).text;
    const labels = { method: 'GET', route: '/api/:name', status: '200' };
    expect(sample(after, 'larder_http_requests_total', labels) - sample(before, 'larder_http_requests_total', labels)).toBe(3);
    expect(sample(after, 'larder_http_request_duration_seconds_count', labels) - sample(before, 'larder_http_request_duration_seconds_count', labels)).toBe(3);
    const notFound = { method: 'GET', route: '/api/:name/:documentId', status: '404' };
    expect(sample(after, 'larder_http_requests_total', notFound) - sample(before, 'larder_http_requests_total', notFound)).toBe(1);
    expect(sample(after, 'larder_db_queries_total', { operation: 'select' })).toBeGreaterThan(sample(before, 'larder_db_queries_total', { operation: 'select' }));
    expect(sample(after, 'larder_content_operations_total', { type: 'article', action: 'find', outcome: 'success' })).toBeGreaterThanOrEqual(3);
    expect(after).toContain('process_resident_memory_bytes');
    expect(after).toContain('nodejs_eventloop_lag_seconds');
  });

  it('keeps label cardinality bounded: 1,000 random paths do not make 1,000 series', async () => {
    await Promise.all(Array.from({ length: 1000 }, (_, i) => app.request('GET', `/random/${i}/${Math.random().toString(36).slice(2)}`)));
    const text = (await app.request('GET', '/metrics')).text;
    const series = text.split('\n').filter((line) => line.startsWith('larder_http_requests_total{'));
    expect(series.length).toBeLessThan(20);
    expect(sample(text, 'larder_http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1000);
    expect(text).not.toContain('/random/');
  });
});

describe('query metrics of a write', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ dialect: 'sqlite', contentTypes: { note: collection('note', 'notes', { title: { type: 'string' } }) } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('counts every statement of an update, the version insert included (on better-sqlite3 it runs outside knex)', async () => {
    const created = await app.request('POST', '/api/notes', { data: { title: 'Counted' } });
    expect(created.status, created.text).toBe(201);
    const documentId = created.body.data.documentId as string;
    const before = (await app.request('GET', '/metrics')).text;
    const updated = await app.request('PUT', `/api/notes/${documentId}`, { data: { title: 'Counted again' } });
    expect(updated.status, updated.text).toBe(200);
    const after = (await app.request('GET', '/metrics')).text;
    const delta = (name: string, operation: string) => sample(after, name, { operation }) - sample(before, name, { operation });
    // The UPDATE, the version's INSERT and the read-back (knex reports no event for BEGIN and COMMIT).
    expect(delta('larder_db_queries_total', 'update')).toBe(1);
    expect(delta('larder_db_queries_total', 'insert')).toBe(1);
    expect(delta('larder_db_query_duration_seconds_count', 'insert')).toBe(1);
    expect(delta('larder_db_queries_total', 'select')).toBe(1);
    const versions = await app.request('GET', `/api/notes/${documentId}/versions`);
    expect(versions.body.data.map((version: { version: number; action: string }) => [version.version, version.action])).toEqual([[2, 'update'], [1, 'create']]);
  });
});

describe('metrics access', () => {
  it('requires the bearer token when LARDER_METRICS_TOKEN is set', async () => {
    const app = await startTestApp({ dialect: 'sqlite', options: { metricsToken: 'metrics-token-123' } });
    try {
      expect((await app.request('GET', '/metrics')).status).toBe(401);
      expect((await app.request('GET', '/metrics', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
      const ok = await app.request('GET', '/metrics', undefined, { authorization: 'Bearer metrics-token-123' });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('content-type')).toContain('text/plain');
    } finally {
      await app.close();
    }
  });

  it('is a 404 in production when no token is set', async () => {
    // Production boot applies no schema change: migrate in development first.
    const development = await startTestApp({ dialect: 'sqlite' });
    await development.app.close();
    const app = await startTestApp({
      dialect: 'sqlite',
      options: { mode: 'production', databaseUrl: development.database.url, migrationsDir: development.migrationsDir },
    });
    try {
      expect((await app.request('GET', '/metrics')).status).toBe(404);
      expect((await app.request('GET', '/api/articles')).status).toBe(200);
    } finally {
      await app.close();
      await development.database.drop();
    }
  });
});

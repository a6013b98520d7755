import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('two apps in one process', () => {
  let books: TestApp;
  let films: TestApp;
  beforeAll(async () => {
    // Different configs and, where PostgreSQL is up, different database engines.
    books = await startTestApp({ dialect: 'sqlite', contentTypes: { book: collection('book', 'books', { title: { type: 'string' } }) } });
    films = await startTestApp({ dialect: dialects.at(-1)!, contentTypes: { film: collection('film', 'films', { title: { type: 'string' } }) } });
  });
  afterAll(async () => {
    await books?.close();
    await films?.close();
  });

  it('each serves only its own types and data', async () => {
    expect((await books.request('POST', '/api/books', { data: { title: 'Dune' } })).status).toBe(201);
    expect((await films.request('POST', '/api/films', { data: { title: 'Alien' } })).status).toBe(201);
    expect((await books.request('GET', '/api/films')).status).toBe(404);
    expect((await films.request('GET', '/api/books')).status).toBe(404);
    expect((await books.request('GET', '/api/books')).body.data.map((b: { title: string }) => b.title)).toEqual(['Dune']);
    expect((await films.request('GET', '/api/films')).body.data.map((f: { title: string }) => f.title)).toEqual(['Alien']);
  });

  it('each has its own metrics registry', async () => {
    await books.request('GET', '/api/books');
    const bookMetrics = (await books.request('GET', '/metrics')).text;
    const filmMetrics = (await films.request('GET', '/metrics')).text;
    expect(bookMetrics).toContain('larder_content_operations_total{type="book"');
    expect(bookMetrics).not.toContain('type="film"');
    expect(filmMetrics).toContain('larder_content_operations_total{type="film"');
    expect(filmMetrics).not.toContain('type="book"');
  });

  it('each logs to its own stream, one line per request with the contract fields', async () => {
    const response = await books.request('GET', '/api/books', undefined, { 'x-request-id': 'iso-1' });
    const line = books.logs.find((entry) => entry.reqId === 'iso-1' && entry.msg === 'request');
    expect(line).toMatchObject({ reqId: 'iso-1', method: 'GET', path: '/api/books', route: '/api/:name', status: 200, userId: null });
    expect(typeof line!.durationMs).toBe('number');
    expect(response.headers.get('x-request-id')).toBe('iso-1');
    expect(films.logs.some((entry) => entry.reqId === 'iso-1')).toBe(false);
  });
});

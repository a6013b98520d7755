import Koa from 'koa';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_CSP, adminStatic } from '../../core/http/admin-static.js';
import { errorEnvelope } from '../../core/http/middleware/error-envelope.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { ensureAdminBuild } from './support/admin-build.js';

const DIST = resolve(import.meta.dirname, '../../admin/dist');

describe('the admin panel is served at /admin', () => {
  let app: TestApp;
  let script = '';
  beforeAll(async () => {
    await ensureAdminBuild();
    app = await startTestApp({ dialect: 'sqlite' });
    script = readdirSync(join(DIST, 'assets')).find((name) => name.endsWith('.js') && name.startsWith('index-'))!;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
  });

  it.each(['/admin', '/admin/', '/admin/login', '/admin/content/articles/abc?page=2'])('%s answers index.html (history fallback), revalidated on every load', async (path) => {
    const response = await app.request('GET', path, undefined, { accept: 'text/html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.text).toContain('<div id="app">');
    expect(response.text).toContain(`/admin/assets/${script}`);
  });

  it('sets a CSP for the SPA: own scripts only, no inline script, no framing', async () => {
    const response = await app.request('GET', '/admin/');
    expect(response.headers.get('content-security-policy')).toBe(ADMIN_CSP);
    expect(ADMIN_CSP).toContain("script-src 'self'");
    expect(ADMIN_CSP).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // index.html carries no inline script, so the policy holds without exceptions.
    expect(response.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    // The API keeps its own policy.
    const api = await app.request('GET', '/api/articles');
    expect(api.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('serves hashed assets with a year-long immutable cache and answers revalidation with 304', async () => {
    const response = await app.request('GET', `/admin/assets/${script}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = response.headers.get('etag')!;
    const again = await app.request('GET', `/admin/assets/${script}`, undefined, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    const head = await app.request('HEAD', `/admin/assets/${script}`);
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it.each([
    ['a missing hashed asset', 'GET', '/admin/assets/index-missing.js', 404],
    ['a path outside the build', 'GET', '/admin/..%2f..%2fpackage.json', 404],
    ['an encoded traversal', 'GET', '/admin/%2e%2e/%2e%2e/package.json', 404],
    ['a malformed escape', 'GET', '/admin/%E0%A4%A', 400],
    ['a write', 'POST', '/admin/', 405],
  ])('%s is refused with the API envelope', async (_name, method, path, status) => {
    const response = await app.request(method, path);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ data: null, error: { status } });
  });

  it('does not take paths that merely start with "admin"', async () => {
    expect((await app.request('GET', '/administrator')).status).toBe(404);
  });
});

describe('without a build', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    const koa = new Koa();
    koa.use(errorEnvelope());
    koa.use(adminStatic({ distDir: join(mkdtempSync(join(tmpdir(), 'larder-no-admin-')), 'dist') }));
    server = createServer(koa.callback());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('a browser gets a 503 page saying what to run', async () => {
    const response = await fetch(`${url}/admin/`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build');
  });

  it('a script gets the 503 envelope', async () => {
    const response = await fetch(`${url}/admin/`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ data: null, error: { status: 503, name: 'ServiceUnavailableError', message: expect.stringContaining('npm run build') } });
  });
});

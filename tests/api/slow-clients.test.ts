import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../core/config/options.js';
import { sample } from '../support/metrics-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('slow clients', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ dialect: 'sqlite', options: { limits: { ...DEFAULT_LIMITS, headersTimeoutMs: 1000 } } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a client that never finishes its headers is cut off at headersTimeout, and others are served meanwhile', async () => {
    const port = Number(new URL(app.url).port);
    const started = Date.now();
    const closed = new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      });
      let received = '';
      socket.on('data', (chunk) => { received += chunk.toString(); });
      socket.on('close', () => resolve(received));
    });
    expect((await app.request('GET', '/_health')).status).toBe(200);
    const answer = await closed;
    const elapsed = Date.now() - started;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5000);
  });

  it('a client that hangs up halfway through a body is a 400, not a 5xx, and nothing is written', async () => {
    const port = Number(new URL(app.url).port);
    const count = async () => ((await app.request('GET', '/api/tags?pagination[withCount]=true')).body as { meta: { pagination: { total: number } } }).meta.pagination.total;
    const tagsBefore = await count();
    const before = (await app.request('GET', '/metrics')).text;
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST /api/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"data":{"name":');
        setTimeout(() => socket.destroy(), 100);
      });
      socket.on('close', () => resolve());
    });
    const after = await (async () => {
      // The server logs the request once it notices the hang-up.
      for (let attempt = 0; attempt < 50; attempt++) {
        const text = (await app.request('GET', '/metrics')).text;
        const labels = { method: 'POST', route: '/api/:name' };
        if (sample(text, 'larder_http_requests_total', labels) > sample(before, 'larder_http_requests_total', labels)) return text;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error('the aborted request was never counted');
    })();
    const delta = (status: string) => sample(after, 'larder_http_requests_total', { method: 'POST', route: '/api/:name', status })
      - sample(before, 'larder_http_requests_total', { method: 'POST', route: '/api/:name', status });
    expect(delta('400')).toBe(1);
    expect(delta('503') + delta('500')).toBe(0);
    expect(await count()).toBe(tagsBefore);
  });
});

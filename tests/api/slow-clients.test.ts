import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../core/config/options.js';
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
});

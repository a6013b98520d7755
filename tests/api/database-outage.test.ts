import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * A TCP proxy in front of PostgreSQL. Stopping the real server would break the
 * other test files that run beside this one, so an outage happens here instead:
 * `cut('refuse')` resets every open connection and closes new ones at once (a
 * server that is down); `cut('blackhole')` resets every open connection and
 * then accepts new ones but never answers (an unreachable host).
 * `restore()` forwards again.
 */
interface Proxy {
  port: number;
  cut(mode: 'refuse' | 'blackhole'): void;
  restore(): void;
  close(): Promise<void>;
}

async function startProxy(target: { host: string; port: number }): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let mode: 'forward' | 'refuse' | 'blackhole' = 'forward';
  const server: Server = createServer((client) => {
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    if (mode === 'blackhole') {
      sockets.add(client);
      client.on('error', () => client.destroy());
      client.on('close', () => sockets.delete(client));
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('error', drop);
      socket.on('close', drop);
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut(outage) {
      mode = outage;
      // A reset, as a crashed server or a dropped network gives the driver.
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
    },
    restore() {
      mode = 'forward';
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const UNAVAILABLE = { data: null, error: { status: 503, name: 'ServiceUnavailableError', message: 'Database unavailable', details: {} } };
/** Well under any client's timeout: a request during an outage fails fast, it never hangs. */
const FAIL_FAST_MS = 3000;

interface Timed {
  status: number;
  body: unknown;
  text: string;
  ms: number;
}

async function timed(url: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now();
  // The abort only keeps a hanging server from hanging the test; the assertion is on `ms`.
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text, ms: performance.now() - started };
}

function post(url: string, data: Record<string, unknown>): Promise<Timed> {
  return timed(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data }) });
}

describe.skipIf(!dialects.includes('postgres'))('a PostgreSQL outage (through a TCP proxy)', () => {
  let proxy: Proxy;
  let database: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const target = new URL(database.url);
    proxy = await startProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    app = await startTestApp({ dialect: 'postgres', options: { databaseUrl: proxied.toString() } });
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await database?.drop();
  });

  /** Every response is the bare 503 envelope, fast, with no driver text. */
  function expectUnavailable(responses: Timed[]): void {
    for (const response of responses) {
      expect(response.status).toBe(503);
      expect(response.body).toEqual(UNAVAILABLE);
      expect(response.ms).toBeLessThan(FAIL_FAST_MS);
      expect(response.text).not.toMatch(/ECONN|terminated|timeout|select|insert|\bat /i);
    }
  }

  /** Without a restart: polls until reads succeed, then checks reads, a write and readiness. */
  async function expectRecovery(): Promise<void> {
    const deadline = Date.now() + 5000;
    let first: Timed | undefined;
    while (Date.now() < deadline) {
      first = await timed(`${app.url}/api/tags`);
      if (first.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(first?.status).toBe(200);
    const after = await Promise.all([
      ...Array.from({ length: 20 }, () => timed(`${app.url}/api/tags`)),
      post(`${app.url}/api/tags`, { name: `after ${Date.now()}` }),
    ]);
    expect(after.map((r) => r.status)).toEqual([...Array.from({ length: 20 }, () => 200), 201]);
    expect((await timed(`${app.url}/_ready`)).status).toBe(200);
  }

  it('a server that is down: every request fails fast with 503, /_ready is 503, and service recovers without a restart', async () => {
    expect((await post(`${app.url}/api/tags`, { name: 'before' })).status).toBe(201);
    // Fill the pool with idle connections, so the outage also kills pooled sockets.
    const warm = await Promise.all(Array.from({ length: 20 }, () => timed(`${app.url}/api/tags`)));
    expect(warm.map((r) => r.status)).toEqual(warm.map(() => 200));
    const logsBefore = app.logs.length;
    const consoleLog = vi.spyOn(console, 'log');

    proxy.cut('refuse');
    const reads = Array.from({ length: 50 }, (_, i) => timed(`${app.url}/api/tags${i % 2 ? '?sort=name' : ''}`));
    const writes = Array.from({ length: 5 }, (_, i) => post(`${app.url}/api/tags`, { name: `during ${i}` }));
    const ready = timed(`${app.url}/_ready`);
    const outage = await Promise.all([...reads, ...writes]);

    expectUnavailable(outage);
    const readiness = await ready;
    expect(readiness.status).toBe(503);
    expect(readiness.body).toMatchObject({ database: 'down' });
    expect(readiness.ms).toBeLessThan(FAIL_FAST_MS);

    // Logged once per failed request at warn, with its code and no stack; never as an unexpected error.
    const outageLogs = app.logs.slice(logsBefore);
    const warnings = outageLogs.filter((line) => line.event === 'db.unavailable');
    expect(warnings).toHaveLength(outage.length);
    for (const line of warnings) {
      expect(line).toMatchObject({ level: 'warn', reqId: expect.any(String), code: expect.any(String) });
      expect(line).not.toHaveProperty('err');
    }
    expect(outageLogs.filter((line) => line.level === 'error')).toEqual([]);
    // knex's own per-acquire warnings (a stack each) stay out of stdout, the JSON log stream.
    expect(consoleLog).not.toHaveBeenCalled();
    consoleLog.mockRestore();

    proxy.restore();
    await expectRecovery();
    const names = ((await timed(`${app.url}/api/tags?sort=name&pagination[pageSize]=100`)).body as { data: Array<{ name: string }> }).data.map((tag) => tag.name);
    // Nothing written during the outage landed.
    expect(names.filter((name) => name.startsWith('during'))).toEqual([]);
  });

  it('an unreachable host: connects and pool waits time out, so requests still answer 503 within the bound', async () => {
    proxy.cut('blackhole');
    const responses = await Promise.all([
      ...Array.from({ length: 20 }, () => timed(`${app.url}/api/tags`)),
      post(`${app.url}/api/tags`, { name: 'during blackhole' }),
    ]);
    expectUnavailable(responses);
    const readiness = await timed(`${app.url}/_ready`);
    expect(readiness.status).toBe(503);
    expect(readiness.ms).toBeLessThan(FAIL_FAST_MS);

    proxy.restore();
    await expectRecovery();
  });
});

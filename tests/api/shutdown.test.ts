import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collection, writeDefinitions } from '../support/definitions.js';

const CLI = resolve(import.meta.dirname, '../../dist/core/cli/main.js');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/_ready`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not become ready');
}

describe('graceful shutdown', () => {
  it('on SIGTERM finishes requests in flight with 2xx, exits 0, and refuses new connections', async () => {
    // A password attribute makes each create take a scrypt hash (~0.4 s): real work in flight.
    const configDir = join(writeDefinitions({
      account: collection('account', 'accounts', { name: { type: 'string' }, password: { type: 'password' } }),
    }), '..');
    const cwd = mkdtempSync(join(tmpdir(), 'larder-shutdown-'));
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [CLI, 'start'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LARDER_CONFIG_DIR: configDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

    await waitForReady(url, Date.now() + 15_000);
    const inFlight = Array.from({ length: 4 }, (_, i) =>
      fetch(`${url}/api/accounts`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: { name: `user${i}`, password: 'correct horse battery staple' } }),
      }).then((response) => response.status));
    // Let the requests reach the server and start hashing, then ask it to stop.
    await new Promise((r) => setTimeout(r, 150));
    child.kill('SIGTERM');

    const statuses = await Promise.all(inFlight);
    expect(statuses).toEqual([201, 201, 201, 201]);
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/_health`)).rejects.toThrow();

    const events = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { event?: string });
    expect(events.map((line) => line.event)).toEqual(expect.arrayContaining(['signal', 'shutdown', 'shutdown.complete']));
  }, 30_000);
});

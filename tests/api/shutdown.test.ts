import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCliServer } from '../support/cli-process.js';
import { collection, writeDefinitions } from '../support/definitions.js';

describe('graceful shutdown', () => {
  it('on SIGTERM finishes requests in flight with 2xx, exits 0, and refuses new connections', async () => {
    // A password attribute makes each create take a scrypt hash (~0.4 s): real work in flight.
    const configDir = join(writeDefinitions({
      account: collection('account', 'accounts', { name: { type: 'string' }, password: { type: 'password' } }),
    }), '..');
    const cwd = mkdtempSync(join(tmpdir(), 'larder-shutdown-'));
    const { child, url, output: logs, exited } = await startCliServer(cwd, { LARDER_CONFIG_DIR: configDir });
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

    const events = logs().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { event?: string });
    expect(events.map((line) => line.event)).toEqual(expect.arrayContaining(['signal', 'shutdown', 'shutdown.complete']));
  }, 30_000);
});

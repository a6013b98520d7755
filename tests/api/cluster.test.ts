import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCliServer } from '../support/cli-process.js';
import { EXAMPLE_CONFIG_DIR, openExampleConfig } from '../support/definitions.js';
import { sample } from '../support/metrics-text.js';

function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).filter((name) => {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."
      return Number(readFileSync(`/proc/${name}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]) === pid;
    } catch {
      return false;
    }
  }).map(Number);
}

/** User plus system CPU time of a process, in clock ticks (/proc/<pid>/stat fields 14 and 15). */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** `count` GETs over `sockets` keep-alive connections, opened together the way a load balancer opens them. */
async function keepAliveLoad(url: string, sockets: number, count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await new Promise<void>((resolve, reject) => {
        get(url, { agent }, (response) => {
          response.resume();
          response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`status ${response.statusCode}`))));
        }).on('error', reject);
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: sockets }, worker));
  } finally {
    agent.destroy();
  }
}

describe('LARDER_WORKERS', () => {
  it('is ready only once every worker listens, so keep-alive connections made at that moment spread over all workers', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'larder-cluster-'));
    const server = await startCliServer(cwd, {
      LARDER_WORKERS: '2', LARDER_CONFIG_DIR: openExampleConfig(), LARDER_MIGRATIONS_DIR: join(EXAMPLE_CONFIG_DIR, '..', 'migrations'), LOG_LEVEL: 'info',
    });
    try {
      const ready = (await (await fetch(`${server.url}/_ready`)).json()) as { workers?: string };
      expect(ready.workers).toBe('listening');
      expect(server.output()).toMatch(/"event":"cluster.ready","workers":2/);
      const workers = childrenOf(server.child.pid!);
      expect(workers).toHaveLength(2);
      const before = workers.map(cpuTicks);
      await keepAliveLoad(`${server.url}/api/articles?pagination[pageSize]=50`, 8, 1_500);
      const spent = workers.map((pid, index) => cpuTicks(pid) - before[index]!);
      const total = spent[0]! + spent[1]!;
      expect(total).toBeGreaterThan(0);
      // Round robin over 8 connections: each worker serves about half. All on one would be 100%.
      for (const share of spent) expect(share / total).toBeGreaterThan(0.2);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  }, 60_000);

  it('runs N workers on one port and one SQLite file: concurrent writes never surface SQLITE_BUSY; /metrics covers every worker', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'larder-cluster-'));
    const server = await startCliServer(cwd, {
      LARDER_WORKERS: '2', LARDER_CONFIG_DIR: openExampleConfig(), LARDER_MIGRATIONS_DIR: join(EXAMPLE_CONFIG_DIR, '..', 'migrations'), LOG_LEVEL: 'warn',
    });
    try {
      expect(childrenOf(server.child.pid!)).toHaveLength(2);
      const post = (i: number) => fetch(`${server.url}/api/tags`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { name: `tag ${i}` } }),
      });
      const created = await Promise.all(Array.from({ length: 60 }, (_, i) => post(i)));
      expect(created.map((r) => r.status)).toEqual(Array(60).fill(201));
      const ids = await Promise.all(created.map(async (r) => ((await r.json()) as { data: { documentId: string } }).data.documentId));
      const updated = await Promise.all(ids.map((id, i) => fetch(`${server.url}/api/tags/${id}`, {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { name: `renamed ${i}` } }),
      })));
      expect(updated.map((r) => r.status)).toEqual(Array(60).fill(200));

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(sample(metrics, 'larder_http_requests_total', { method: 'POST', route: '/api/:name', status: '201' })).toBe(60);
      expect(sample(metrics, 'larder_http_requests_total', { method: 'PUT', route: '/api/:name/:documentId', status: '200' })).toBe(60);
      const list = (await (await fetch(`${server.url}/api/tags?pagination[withCount]=true`)).json()) as { meta: { pagination: { total: number } } };
      expect(list.meta.pagination.total).toBe(60);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toMatch(/SQLITE_BUSY|worker exited/);
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { trackChild } from './children.js';
import { httpRequest } from './http.js';

export interface ServerHandle {
  name: string;
  baseUrl: string;
  pid: number;
  /** spawn → first 200 from each probe path, in order (the median over boots with startServerMedian). */
  coldStartMs: number[];
  /** Every boot's figures, when booted more than once. */
  coldStartRuns: number[][];
  idleRssMiB: number;
  /** Log lines at warn level or above (Larder logs JSON; the floor writes plain stderr). */
  problems: string[];
  /** VmHWM: the largest resident set the process ever had. */
  peakRssMiB(): number;
  /** Throws (with the server's last output lines) if the process has died since boot. */
  assertAlive(): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  script: string;
  args?: string[];
  env: Record<string, string>;
  /** Working directory of the child: the target's temp dir, so nothing lands in the repo. */
  cwd: string;
  /** Paths that must answer 200, in order; each one's time from spawn is recorded. */
  probes: string[];
  bootTimeoutMs?: number;
  /** false for boots that are stopped at once: skips the 1 s settle before reading idle RSS. */
  settle?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** /proc/<pid>/status figures in MiB (Linux only; 0 where /proc is missing). */
export function procStatusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Spawns `node <script>` as its own process (so RSS and CPU are the server's,
 * not the load generator's), waits for every probe to answer 200, then lets
 * it settle for a second before reading the idle RSS.
 */
export async function startServer(options: StartOptions): Promise<ServerHandle> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [options.script, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  const output = collectOutput(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = started + (options.bootTimeoutMs ?? 30_000);

  const coldStartMs: number[] = [];
  for (const probe of options.probes) {
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${options.name} exited during boot (${child.exitCode ?? child.signalCode}):\n${output.tail()}`);
      }
      if (performance.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${options.name} did not answer 200 on ${probe} within ${options.bootTimeoutMs ?? 30_000} ms:\n${output.tail()}`);
      }
      const response = await httpRequest(baseUrl + probe, { timeoutMs: 5_000 }).catch(() => undefined);
      if (response?.status === 200) break;
      if (response && response.status !== 503) {
        child.kill('SIGKILL');
        throw new Error(`${options.name} answered ${response.status} on ${probe} during boot: ${response.body.slice(0, 300)}`);
      }
      // 5 ms polling: fine enough for a cold start measured in hundreds of ms.
      await sleep(5);
    }
    coldStartMs.push(performance.now() - started);
  }

  if (options.settle !== false) await sleep(1_000);
  const pid = child.pid!;
  let stopping = false;
  // VmHWM is gone with the process: keep the last reading.
  let peak = 0;
  return {
    name: options.name,
    baseUrl,
    pid,
    coldStartMs,
    coldStartRuns: [coldStartMs],
    idleRssMiB: procStatusMiB(pid, 'VmRSS'),
    problems: output.problems,
    peakRssMiB: () => (peak = Math.max(peak, procStatusMiB(pid, 'VmHWM'))),
    assertAlive() {
      if (child.exitCode === null && child.signalCode === null) return;
      throw new Error(`${options.name} died (exit ${child.exitCode ?? child.signalCode}); its last output:\n${output.tail()}`);
    },
    stop: async () => {
      if (stopping) return;
      stopping = true;
      await stopChild(child);
    },
  };
}

/**
 * A single cold start is noisy (the first boot after seeding, with the bench
 * process still collecting garbage, measured ~1.7× the next ones): boot `runs`
 * times, keep the last server running, report the per-probe median.
 */
export async function startServerMedian(options: StartOptions, runs: number): Promise<ServerHandle> {
  const all: number[][] = [];
  for (let run = 1; ; run++) {
    const server = await startServer({ ...options, settle: run >= runs });
    all.push(server.coldStartMs);
    if (run >= runs) {
      const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      return { ...server, coldStartRuns: all, coldStartMs: server.coldStartMs.map((_, probe) => median(all.map((boot) => boot[probe]!))) };
    }
    await server.stop();
  }
}

/** SIGTERM (Larder drains and exits 0), then SIGKILL if it lingers. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

const PINO_WARN = 40;

function collectOutput(child: ChildProcess) {
  const lines: string[] = [];
  const problems: string[] = [];
  const onLine = (line: string, stream: 'stdout' | 'stderr') => {
    if (line.trim() === '') return;
    lines.push(line);
    if (lines.length > 40) lines.shift();
    let level: number | undefined;
    try {
      const parsed = JSON.parse(line) as { level?: unknown };
      if (typeof parsed.level === 'number') level = parsed.level;
    } catch {
      // not a pino line
    }
    if ((level !== undefined && level >= PINO_WARN) || (level === undefined && stream === 'stderr')) {
      if (problems.length < 200) problems.push(line.length > 600 ? `${line.slice(0, 600)}…` : line);
    }
  };
  for (const stream of ['stdout', 'stderr'] as const) {
    let pending = '';
    child[stream]!.setEncoding('utf8');
    child[stream]!.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, newline), stream);
        pending = pending.slice(newline + 1);
      }
    });
  }
  return { problems, tail: () => lines.join('\n') };
}

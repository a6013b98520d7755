import type { ChildProcess } from 'node:child_process';

/**
 * Every child process the bench starts, so none outlives it: on normal exit,
 * on an error, and on SIGINT/SIGTERM. Only these pids are ever signalled.
 */
const children = new Set<ChildProcess>();
const cleanups: Array<() => Promise<void>> = [];

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Async cleanup (drop the PostgreSQL database, remove the temp dir) to run on an interrupt too. */
export function onCleanup(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}

export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

export async function runCleanups(): Promise<void> {
  killAllChildren();
  // Newest first: a database is dropped before the directory its server used is removed.
  while (cleanups.length > 0) {
    const cleanup = cleanups.pop()!;
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`bench: cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
}

export function installExitHandlers(): void {
  // 'exit' handlers must be synchronous: a last resort that at least kills the servers.
  process.on('exit', killAllChildren);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping servers and cleaning up\n`);
      const hardExit = setTimeout(() => process.exit(130), 10_000);
      hardExit.unref();
      runCleanups().finally(() => process.exit(130));
    });
  }
}

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
const ADMIN = join(ROOT, 'admin');
const BUILT = join(ADMIN, 'dist', 'index.html');
const LOCK = join(ADMIN, '.build-lock');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function stale(): boolean {
  if (!existsSync(BUILT)) return true;
  const sources = Math.max(newestSource(join(ADMIN, 'src')), statSync(join(ADMIN, 'index.html')).mtimeMs, statSync(join(ADMIN, 'vite.config.ts')).mtimeMs);
  return sources > statSync(BUILT).mtimeMs;
}

/**
 * `npm test` builds the panel first; a test run on its own (npx vitest run
 * tests/admin) builds it here when admin/dist is missing or older than its
 * sources. Test files run in parallel workers, so one builds under a lock
 * directory while the others wait.
 */
export async function ensureAdminBuild(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (stale()) {
    try {
      mkdirSync(LOCK);
    } catch {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another admin build (remove ${LOCK} if it is stale)`);
      await new Promise((done) => setTimeout(done, 250));
      continue;
    }
    try {
      if (stale()) {
        execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'admin/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
      }
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

/**
 * `npm run bench`: Larder against a raw node:http floor on the same database,
 * every figure a ratio taken in the same run (BENCHMARKS.md). Exit 0 even on
 * MISS, since it is a report; exit 1 when anything errored or any non-2xx came back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDatabase } from './bench-database.js';
import { installExitHandlers, onCleanup, runCleanups } from './children.js';
import type { Tally } from './report.js';
import { readSettings } from './settings.js';
import { postgresTarget, sqliteTarget, type Target } from './targets.js';

async function main(): Promise<number> {
  installExitHandlers();
  const started = performance.now();
  const settings = readSettings();
  const root = mkdtempSync(join(tmpdir(), 'larder-bench-'));
  onCleanup(async () => rmSync(root, { recursive: true, force: true }));

  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`Larder bench${settings.quick ? ' (BENCH_QUICK=1: a smoke run, not a measurement)' : ''}`);
  say(`  load: autocannon in this process, servers as child processes on 127.0.0.1, ${settings.connections} connections`);
  say('  Larder runs with LOG_LEVEL=warn: logging every request would measure pino, not Larder.');
  say('  floor: bare node:http + the same driver (better-sqlite3 / pg) and the same SQL, same JSON envelope.');
  say('  ratio = Larder req/s ÷ floor req/s in this run; targets from /work/shared/BENCHMARKS.md.');

  const tally: Tally = { misses: 0, failures: [] };
  const targets: Target[] = [sqliteTarget(root)];
  if (settings.postgres) {
    const target = await postgresTarget(root, settings.postgresUrl);
    if (typeof target === 'string') say(`  PostgreSQL skipped: ${target}`);
    else targets.push(target);
  } else {
    say('  PostgreSQL skipped: BENCH_POSTGRES=0');
  }

  try {
    for (const target of targets) {
      try {
        await benchDatabase(target, settings, tally);
      } catch (error) {
        // One database failing still lets the other report; the run exits 1 either way.
        // Driver errors quote whole statements (a 500-row INSERT): keep the report readable.
        const full = error instanceof Error ? (error.stack ?? error.message) : String(error);
        const message = full.length > 2_000 ? `${full.slice(0, 1_000)} … ${full.slice(-800)}` : full;
        tally.failures.push(`${target.kind}: ${message}`);
        process.stdout.write(`\n!!! ${target.kind} run failed: ${message}\n`);
      }
    }
  } finally {
    await runCleanups();
  }

  say('');
  say(`Done in ${((performance.now() - started) / 1000).toFixed(0)} s: ${tally.misses} target(s) missed, ${tally.failures.length} error(s).`);
  if (tally.failures.length > 0) {
    say('!!! ERRORS (the figures above are not trustworthy):');
    for (const failure of tally.failures) say(`!!!   ${failure}`);
    return 1;
  }
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  runCleanups().finally(() => process.exit(1));
});

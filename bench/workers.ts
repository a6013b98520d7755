import { fileURLToPath } from 'node:url';
import { runLoad, type LoadOptions } from './load.js';
import type { DatabaseReport, Tally } from './report.js';
import { listPath, PAGE_SIZE } from './scenarios.js';
import type { BenchSettings } from './settings.js';
import { startServer } from './start-server.js';
import { larderEnv, type Target } from './targets.js';

const LARDER_CLI = fileURLToPath(new URL('../core/cli/main.js', import.meta.url));
/** BENCHMARKS.md: `LARDER_WORKERS=auto` on 2 cores serves ≥ 1.6× what one worker serves. */
const WORKERS_TARGET = 1.6;

/**
 * The list scenario again, on Larder with LARDER_WORKERS=auto, against the
 * one-worker figure of the same run. Reported after the table, with its own verdict.
 */
export async function compareWorkers(target: Target, settings: BenchSettings, report: DatabaseReport, options: LoadOptions, tally: Tally): Promise<void> {
  const single = report.scenarios.find((scenario) => scenario.name === 'list');
  if (!single) return;
  const server = await startServer({
    name: 'larder (workers)', script: LARDER_CLI, args: ['start'],
    env: { ...larderEnv(target), LARDER_WORKERS: 'auto' }, cwd: target.dir, probes: ['/_health'], settle: true,
  });
  try {
    const result = await runLoad(server.baseUrl, { path: listPath(settings.viewsGt, PAGE_SIZE, false) }, options);
    const ratio = result.rps / single.larder.rps;
    const pass = Math.round(ratio * 100) / 100 >= WORKERS_TARGET;
    if (!pass) tally.misses++;
    const non2xx = result.non2xx + result.errors;
    if (non2xx > 0) tally.failures.push(`${target.kind}: LARDER_WORKERS=auto list had ${non2xx} non-2xx or errors`);
    process.stdout.write(
      `   LARDER_WORKERS=auto, list: ${result.rps.toFixed(1)} req/s vs one worker ${single.larder.rps.toFixed(1)} req/s = ${ratio.toFixed(2)}×`
      + `  (target ≥ ${WORKERS_TARGET}×)  ${pass ? 'PASS' : 'MISS'}\n`,
    );
  } finally {
    await server.stop();
  }
}

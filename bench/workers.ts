import { fileURLToPath } from 'node:url';
import { runLoad, type LoadOptions } from './load.js';
import type { Tally } from './report.js';
import { listPath, PAGE_SIZE } from './scenarios.js';
import type { BenchSettings } from './settings.js';
import { startServer } from './start-server.js';
import { larderEnv, type Target } from './targets.js';

const LARDER_CLI = fileURLToPath(new URL('../core/cli/main.js', import.meta.url));
/** BENCHMARKS.md: `LARDER_WORKERS=auto` on 2 cores serves ≥ 1.6× what one worker serves. */
const WORKERS_TARGET = 1.6;

/**
 * The list scenario on one worker, then on LARDER_WORKERS=auto, back to back
 * on the same data: the main table's list figure was taken before the write
 * scenarios, whose updates change which rows the filter matches.
 */
export async function compareWorkers(target: Target, settings: BenchSettings, options: LoadOptions, tally: Tally): Promise<void> {
  const path = listPath(settings.viewsGt, PAGE_SIZE, false);
  const measureList = async (workers: string | undefined) => {
    const server = await startServer({
      name: workers ? `larder (LARDER_WORKERS=${workers})` : 'larder (one worker)', script: LARDER_CLI, args: ['start'],
      env: { ...larderEnv(target), ...(workers ? { LARDER_WORKERS: workers } : {}) }, cwd: target.dir, probes: ['/_ready', path], settle: true,
    });
    try {
      const result = await runLoad(server.baseUrl, { path }, options);
      const failed = result.non2xx + result.errors;
      if (failed > 0) tally.failures.push(`${target.kind}: ${server.name} list had ${failed} non-2xx or errors`);
      return result.rps;
    } finally {
      await server.stop();
    }
  };
  const single = await measureList(undefined);
  const auto = await measureList('auto');
  const ratio = auto / single;
  const pass = Math.round(ratio * 100) / 100 >= WORKERS_TARGET;
  if (!pass) tally.misses++;
  process.stdout.write(
    `   LARDER_WORKERS=auto, list: ${auto.toFixed(1)} req/s vs one worker ${single.toFixed(1)} req/s, same data, back to back = ${ratio.toFixed(2)}×`
    + `  (target ≥ ${WORKERS_TARGET}×)  ${pass ? 'PASS' : 'MISS'}\n`,
  );
}

import cluster, { type Worker } from 'node:cluster';
import type { AppOptions } from '../config/options.js';
import { loadContentTypes } from '../content-types/load-content-types.js';
import { connectDatabase } from '../db/connect.js';
import { createLogger } from '../logging.js';
import { syncSchemaAtBoot } from '../schema/sync-schema.js';
import { announceClusterReadiness } from './cluster-readiness.js';
import { serveClusterMetrics } from './metrics-ipc.js';

/** A worker that dies sooner than this after starting counts as a crash loop. */
const MIN_UPTIME_MS = 5000;
const MAX_QUICK_RESTARTS = 5;

/**
 * LARDER_WORKERS=N: the primary brings the schema up to date once (so
 * workers never race to generate the same migration), forks N workers that
 * share the port through node:cluster, restarts crashed ones, aggregates
 * /metrics, and on SIGTERM/SIGINT stops them all gracefully, exiting 0.
 */
export async function runPrimary(options: AppOptions, workerCount: number): Promise<number> {
  const log = createLogger({ level: options.logLevel, pretty: options.prettyLogs });
  const db = connectDatabase({ url: options.databaseUrl, sqliteDriver: options.sqliteDriver, cwd: options.cwd, log });
  try {
    await syncSchemaAtBoot(db, loadContentTypes(`${options.configDir}/content-types`).all(), { mode: options.mode, migrationsDir: options.migrationsDir, log });
  } finally {
    await db.close();
  }

  serveClusterMetrics(cluster);
  announceClusterReadiness(cluster, workerCount, () => log.info({ event: 'cluster.ready', workers: workerCount }, `all ${workerCount} workers are listening`));
  let stopping = false;
  let quickRestarts = 0;
  const startedAt = new WeakMap<Worker, number>();
  const fork = () => startedAt.set(cluster.fork(), Date.now());

  return new Promise<number>((resolve) => {
    cluster.on('exit', (worker, code, signal) => {
      // A clean exit means the worker was told to stop (e.g. SIGTERM sent to the
      // whole process group by systemd): follow it rather than restart it.
      if (stopping || (code === 0 && signal === null)) {
        stopping = true;
        if (Object.keys(cluster.workers ?? {}).length === 0) {
          log.info({ event: 'shutdown.complete' }, 'all workers stopped');
          resolve(0);
        }
        return;
      }
      const quick = Date.now() - (startedAt.get(worker) ?? 0) < MIN_UPTIME_MS;
      quickRestarts = quick ? quickRestarts + 1 : 0;
      log.error({ event: 'worker.exit', pid: worker.process.pid, code, signal }, 'worker exited; starting another');
      if (quickRestarts > MAX_QUICK_RESTARTS) {
        log.fatal({ event: 'worker.crash-loop' }, 'workers keep crashing at start; stopping');
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.kill('SIGTERM');
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve(1);
        return;
      }
      fork();
    });
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info({ event: 'signal', signal, workers: workerCount }, `received ${signal}; stopping workers`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    log.info({ event: 'cluster.start', workers: workerCount }, `starting ${workerCount} workers`);
    for (let i = 0; i < workerCount; i++) fork();
  });
}

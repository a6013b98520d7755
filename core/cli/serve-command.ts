import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { createApp, type AppRuntime } from '../app.js';
import { clusterReadiness } from '../cluster/cluster-readiness.js';
import { workerMetricsSource } from '../cluster/metrics-ipc.js';
import { runPrimary } from '../cluster/run-primary.js';
import { loadOptions } from '../config/load-options.js';
import { ConfigError } from '../errors.js';

/** `larder start` / `larder dev`: boot, listen, and stop gracefully on SIGTERM or SIGINT. */
export async function runServeCommand({ pretty }: { pretty: boolean }): Promise<number> {
  const options = loadOptions(process.env, process.cwd(), { prettyLogs: pretty });
  const workers = parseWorkers(process.env.LARDER_WORKERS);
  if (workers > 1 && cluster.isPrimary) return runPrimary(options, workers);

  const inCluster = cluster.isWorker;
  const port = parsePort(process.env.PORT);
  const host = process.env.HOST ?? '0.0.0.0';
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => { finish = resolve; });
  let reloading: Promise<void> | undefined;
  // Single process only: under LARDER_WORKERS every worker would have to restart together.
  const runtime: AppRuntime = inCluster
    ? { metricsSource: (registry) => workerMetricsSource(registry), isClusterReady: clusterReadiness() }
    : {
      reload: () => {
        reloading ??= (async () => {
          app.log.info({ event: 'reload' }, 'reloading on the new content model');
          await app.close();
          try {
            app = await createApp(loadOptions(process.env, process.cwd(), { prettyLogs: pretty }), runtime);
            await app.listen(port, host);
          } catch (error) {
            // Nothing is listening any more: stop, so a supervisor (or the developer) sees it.
            process.stderr.write(`larder: could not restart after a content-type change: ${(error as Error).message}\n`);
            finish(1);
          }
        })().finally(() => { reloading = undefined; });
        return reloading;
      },
    };
  let app = await createApp(options, runtime);
  await app.listen(port, host);
  const stop = (signal: string) => {
    app.log.info({ event: 'signal', signal }, `received ${signal}`);
    (reloading ?? Promise.resolve()).then(() => app.close()).then(() => finish(0), (error: unknown) => {
      app.log.error({ err: error }, 'error while shutting down');
      finish(1);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return finished;
}

function parseWorkers(value: string | undefined): number {
  if (value === undefined || value === '') return 1;
  if (value === 'auto') return availableParallelism();
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1 || count > 256) {
    throw new ConfigError('LARDER_WORKERS', '', `"${value}" is not a worker count`, 'use a whole number from 1 to 256, or "auto" for one per core');
  }
  return count;
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', '', `"${value}" is not a port number`, 'use an integer between 0 and 65535');
  }
  return port;
}

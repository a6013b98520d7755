import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { createApp } from '../app.js';
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
  const app = await createApp(options, inCluster ? { metricsSource: (registry) => workerMetricsSource(registry) } : {});
  const port = parsePort(process.env.PORT);
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      app.log.info({ event: 'signal', signal }, `received ${signal}`);
      app.close().then(() => resolve(0), (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        resolve(1);
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
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

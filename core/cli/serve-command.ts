import { createApp } from '../app.js';
import { loadOptions } from '../config/load-options.js';
import { ConfigError } from '../errors.js';

/** `larder start` / `larder dev`: boot, listen, and stop gracefully on SIGTERM or SIGINT. */
export async function runServeCommand({ pretty }: { pretty: boolean }): Promise<number> {
  const options = loadOptions(process.env, process.cwd(), { prettyLogs: pretty });
  const app = await createApp(options);
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

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError('PORT', '', `"${value}" is not a port number`, 'use an integer between 0 and 65535');
  }
  return port;
}

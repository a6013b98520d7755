import type { Knex } from 'knex';
import type { Logger } from '../logging.js';

/**
 * knex's warnings when a pooled connection dies or cannot be made. During an
 * outage there is one per request, with a stack; the error envelope already
 * logs each failed request once at `warn`, with its reqId and code.
 */
const CONNECTION_CHURN = /^(Acquire connection error|Connection Error):/;

/**
 * Routes knex's own messages into the app's logger. Left alone, knex writes
 * them with console.log, which would put coloured multi-line text into the
 * JSON log stream on stdout. Without a logger, they go to stderr as process
 * warnings instead.
 */
export function knexLog(log: Logger | undefined): Knex.Logger {
  const text = (message: unknown) => (typeof message === 'string' ? message : String(message));
  const warn = (message: unknown) => {
    if (log) log.warn({ event: 'knex.warn' }, text(message));
    else process.emitWarning(text(message), 'KnexWarning');
  };
  return {
    warn(message) {
      if (CONNECTION_CHURN.test(text(message))) {
        log?.debug({ event: 'knex.connection' }, firstLine(text(message)));
        return;
      }
      warn(message);
    },
    error(message) {
      if (log) log.error({ event: 'knex.error' }, text(message));
      else process.emitWarning(text(message), 'KnexError');
    },
    // knex's Logger composes "<method> is deprecated, please use <alternative>"
    // and passes that one string, whatever its typings say.
    deprecate(message: string) {
      warn(message);
    },
    debug(message) {
      log?.debug({ event: 'knex.debug' }, text(message));
    },
  };
}

function firstLine(message: string): string {
  const end = message.indexOf('\n');
  return end === -1 ? message : message.slice(0, end);
}

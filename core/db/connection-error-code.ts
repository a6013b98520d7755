/**
 * Socket errors that mean "the database cannot be reached right now"
 * (nodejs.org/api/errors.html#common-system-errors).
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs (postgresql.org/docs/current/errcodes-appendix.html):
 * class 08 is "connection exception"; 57P01–57P03 are admin shutdown, crash
 * shutdown and "cannot connect now" (starting up or shutting down); 53300 is
 * too_many_connections.
 */
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const POSTGRES_CONNECTION_CLASS = /^08[0-9A-Z]{3}$/;

/**
 * SQLite primary codes for a locked or unreadable file (sqlite.org/rescode.html);
 * extended codes such as SQLITE_IOERR_READ or SQLITE_BUSY_SNAPSHOT share the prefix.
 */
const SQLITE_CODE = /^SQLITE_(BUSY|CANTOPEN|IOERR)(_|$)/;

/** pg raises these without a code when a socket closes under a client. */
const DRIVER_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client was closed and is not queryable',
  'Client has encountered a connection error and is not queryable',
];

/**
 * pg's own `connectionTimeoutMillis` fired (pg/lib/client.js destroys the
 * socket with exactly this message; pg-pool, unused here, would rewrap it as
 * "Connection terminated due to connection timeout"). Matched whole: it is generic.
 */
const PG_CONNECT_TIMEOUT = 'timeout expired';

/** knex's pool gave up waiting (knex's `acquireConnectionTimeout`). */
const ACQUIRE_TIMEOUT = 'Timeout acquiring a connection';

interface DriverError {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  cause?: unknown;
}

/**
 * When `error` says the database is unreachable (down, restarting, refusing
 * connections, or the pool could not hand out a connection in time), returns
 * a short code for the log line; otherwise undefined. Such a failure is the
 * service's state, not a bug: it becomes a 503, not a 500.
 */
export function connectionErrorCode(error: unknown): string | undefined {
  // knex wraps tarn's TimeoutError in `cause`; a bounded walk also covers wrappers of our own.
  let current = error as DriverError | undefined;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = codeOf(current);
    if (code) return code;
    current = current.cause as DriverError | undefined;
  }
  return undefined;
}

function codeOf(error: DriverError): string | undefined {
  const { code, name, message } = error;
  if (typeof code === 'string') {
    if (SOCKET_CODES.has(code) || POSTGRES_CODES.has(code) || POSTGRES_CONNECTION_CLASS.test(code) || SQLITE_CODE.test(code)) return code;
  }
  if (typeof message !== 'string') return undefined;
  if (name === 'KnexTimeoutError' && message.includes(ACQUIRE_TIMEOUT)) return 'KnexTimeoutError';
  if (message === PG_CONNECT_TIMEOUT) return 'PG_CONNECT_TIMEOUT';
  // knex prefixes a failed query's message with its SQL, so match anywhere in it.
  const driverMessage = DRIVER_MESSAGES.find((text) => message.includes(text));
  return driverMessage;
}

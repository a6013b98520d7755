import type { Middleware } from 'koa';
import { connectionErrorCode } from '../../db/connection-error-code.js';
import { LarderError, ServiceUnavailableError } from '../../errors.js';
import type { Logger } from '../../logging.js';
import type { RequestState } from '../state.js';

/**
 * Maps every error to the contract's envelope (DESIGN §4). Typed domain
 * errors show their message. A database that cannot be reached is a 503,
 * logged once at `warn` with its code and no stack: during an outage every
 * request fails this way, and the log must stay readable. Anything else is a
 * 500 with a generic message, logged once at `error` with its stack and the
 * request id, which is all the client gets.
 */
export function errorEnvelope(): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = envelope(404, 'NotFoundError', 'Not Found', {});
      }
    } catch (thrown) {
      const error = databaseUnavailable(thrown, ctx.state.log) ?? thrown;
      if (error instanceof LarderError) {
        ctx.status = error.status;
        ctx.set(error.headers);
        ctx.body = envelope(error.status, error.name, error.message, error.details);
        return;
      }
      const status = httpStatusOf(error);
      if (status !== undefined && status < 500) {
        // Errors raised by Koa itself for client mistakes (e.g. ctx.throw(400)).
        ctx.status = status;
        ctx.body = envelope(status, 'BadRequestError', (error as Error).message, {});
        return;
      }
      ctx.state.log.error({ err: error }, 'unexpected error');
      ctx.status = 500;
      ctx.body = envelope(500, 'InternalServerError', 'Internal Server Error', { reqId: ctx.state.reqId });
    }
  };
}

/** A connection-level database failure becomes a 503, logged here once, without driver text. */
function databaseUnavailable(error: unknown, log: Logger): ServiceUnavailableError | undefined {
  if (error instanceof LarderError) return undefined;
  const code = connectionErrorCode(error);
  if (code === undefined) return undefined;
  log.warn({ event: 'db.unavailable', code }, 'database unavailable');
  return new ServiceUnavailableError('Database unavailable');
}

export function envelope(status: number, name: string, message: string, details: Record<string, unknown>) {
  return { data: null, error: { status, name, message, details } };
}

function httpStatusOf(error: unknown): number | undefined {
  const candidate = (error as { status?: unknown; expose?: unknown })?.status;
  return typeof candidate === 'number' && (error as { expose?: unknown }).expose === true ? candidate : undefined;
}

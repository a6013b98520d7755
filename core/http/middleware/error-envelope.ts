import type { Middleware } from 'koa';
import { LarderError } from '../../errors.js';
import type { RequestState } from '../state.js';

/**
 * Maps every error to the contract's envelope (DESIGN §4). Typed domain
 * errors show their message; anything else is a 500 with a generic message,
 * logged once with its stack and the request id.
 */
export function errorEnvelope(): Middleware<RequestState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = envelope(404, 'NotFoundError', 'Not Found', {});
      }
    } catch (error) {
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

export function envelope(status: number, name: string, message: string, details: Record<string, unknown>) {
  return { data: null, error: { status, name, message, details } };
}

function httpStatusOf(error: unknown): number | undefined {
  const candidate = (error as { status?: unknown; expose?: unknown })?.status;
  return typeof candidate === 'number' && (error as { expose?: unknown }).expose === true ? candidate : undefined;
}

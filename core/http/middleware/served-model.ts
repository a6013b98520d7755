import type { Middleware } from 'koa';
import type { ContentTypeRegistry } from '../../content-types/registry.js';
import { ServiceUnavailableError } from '../../errors.js';

/**
 * Whether this process can still serve the content model the database now
 * has. The builder changes the schema under a running process; one that
 * cannot restart itself (LARDER_WORKERS, an embedding without `reload`) keeps
 * its old model, and after a drop or rename its queries would name columns
 * that are gone. Its content routes answer 503 instead, and /_ready says it
 * is not ready, until it restarts.
 */
export interface ServedModel {
  /** After a change this process cannot serve: `reason` is what the 503 says. */
  markOutdated(reason: string): void;
  isCurrent(): boolean;
  /** Answers 503 for the content routes of an outdated model. */
  guard(): Middleware;
}

export function createServedModel(registry: ContentTypeRegistry): ServedModel {
  let outdated: string | undefined;
  return {
    markOutdated(reason) {
      outdated = reason;
    },
    isCurrent: () => outdated === undefined,
    guard: () => async (ctx, next) => {
      if (outdated !== undefined) {
        // `/api/<route name>…`: a content type's routes, as the content routes resolve them.
        const [, api, routeName] = ctx.path.split('/', 3);
        if (api === 'api' && routeName !== undefined && registry.byRouteName(routeName)) throw new ServiceUnavailableError(outdated);
      }
      await next();
    },
  };
}

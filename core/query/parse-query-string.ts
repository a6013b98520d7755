import qs from 'qs';
import { ValidationError } from '../errors.js';

/** DESIGN §4: qs with depth ≤ 20 and arrayLimit ≤ 100. */
const QS_OPTIONS: qs.IParseOptions = {
  depth: 20,
  arrayLimit: 100,
  parameterLimit: 1000,
  // Over-deep or over-long input is an error, not silently flattened into odd keys.
  strictDepth: true,
  throwOnLimitExceeded: true,
  // `filters[__proto__][x]` must never reach an object prototype.
  allowPrototypes: false,
  plainObjects: true,
  ignoreQueryPrefix: true,
};

/** qs with depth ≤ 20, arrayLimit ≤ 100, no prototype keys (allowPrototypes false, plainObjects). Throws ValidationError on a malformed/over-deep string. */
export function parseQueryString(querystring: string): Record<string, unknown> {
  try {
    return qs.parse(querystring, QS_OPTIONS) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`Invalid query string: ${reason}`);
  }
}

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
  rejectPrototypeKeys(querystring);
  try {
    return qs.parse(querystring, QS_OPTIONS) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`Invalid query string: ${reason}`);
  }
}

const PROTOTYPE_SEGMENT = /(^|[[\].])__proto__([[\].]|$)/;

/**
 * qs drops `__proto__` segments silently, so `filters[__proto__][x]=1` would
 * arrive as an empty, match-everything filter. Refuse it as the unknown key it is.
 */
function rejectPrototypeKeys(querystring: string): void {
  if (!querystring.includes('__proto__') && !/%5F%5Fproto%5F%5F/i.test(querystring)) return;
  for (const pair of querystring.replace(/^\?/, '').split('&')) {
    const rawKey = pair.split('=', 1)[0] ?? '';
    let key: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    } catch {
      key = rawKey;
    }
    if (PROTOTYPE_SEGMENT.test(key)) throw new ValidationError(`Invalid key __proto__ in ${key}`);
  }
}

/** A value `qs` can express: the Strapi query language's building blocks. */
export type QueryValue = string | number | boolean | null | undefined | QueryValue[] | { [key: string]: QueryValue };

/**
 * Serialises nested params the way `qs.stringify(params, { encodeValuesOnly: true })`
 * does, which is what the server parses (DESIGN §4): `filters[title][$eq]=x`,
 * arrays as `[0]`, `[1]`. Undefined values are left out.
 */
export function stringifyQuery(params: Record<string, QueryValue>): string {
  const parts: string[] = [];
  const walk = (prefix: string, value: QueryValue): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(`${prefix}[${index}]`, item));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) walk(`${prefix}[${key}]`, item);
    } else {
      parts.push(`${encodeKey(prefix)}=${encodeURIComponent(value === null ? '' : String(value))}`);
    }
  };
  for (const [key, value] of Object.entries(params)) walk(key, value);
  return parts.join('&');
}

/** Brackets stay readable, as with `encodeValuesOnly`; anything else in a key is escaped. */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%24/g, '$');
}

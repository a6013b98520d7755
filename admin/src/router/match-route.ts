export type RouteParams = Record<string, string>;

/**
 * Matches `/content/:name/:documentId` against a path; null when it does not
 * fit. Segments are compared decoded, so params carry the real value.
 */
export function matchRoute(pattern: string, path: string): RouteParams | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: RouteParams = {};
  for (let index = 0; index < want.length; index += 1) {
    const segment = want[index]!;
    const actual = decodeURIComponent(have[index]!);
    if (segment.startsWith(':')) params[segment.slice(1)] = actual;
    else if (segment !== actual) return null;
  }
  return params;
}

import type { QueryValue } from '../api/query-string';

export interface FilterCondition {
  path: string[];
  /** e.g. `$containsi`. */
  operator: string;
  value: string;
}

/** Draft & publish types: every document (its draft), or only what is published. */
export type PublicationFilter = 'all' | 'published';

/** A list screen's state. It lives in the URL, so a link shows the same list. */
export interface ListParams {
  page: number;
  pageSize: number;
  /** `title:asc`; empty for the server's default order. */
  sort: string;
  q: string;
  filters: FilterCondition[];
  publication: PublicationFilter;
}

export const PAGE_SIZES = [10, 25, 50, 100] as const;
const FILTER_KEY = /^filters\[\$and\]\[(\d+)\]((?:\[[^\][]+\])+)$/;

function positiveInt(raw: string | null, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/**
 * Reads list state from the panel's URL. Filters use the API's own syntax,
 * `filters[$and][0][title][$containsi]=x`, so they read the same in both.
 */
export function readListParams(search: URLSearchParams): ListParams {
  const filters: Array<FilterCondition & { index: number }> = [];
  for (const [key, value] of search) {
    const match = FILTER_KEY.exec(key);
    if (!match) continue;
    const segments = match[2]!.slice(1, -1).split('][');
    const operator = segments.pop()!;
    if (!operator.startsWith('$') || segments.length === 0) continue;
    filters.push({ index: Number(match[1]), path: segments, operator, value });
  }
  filters.sort((a, b) => a.index - b.index);
  const publication = search.get('publication');
  return {
    page: positiveInt(search.get('page'), 1),
    pageSize: positiveInt(search.get('pageSize'), 25),
    sort: search.get('sort') ?? '',
    q: search.get('q') ?? '',
    filters: filters.map(({ path, operator, value }) => ({ path, operator, value })),
    publication: publication === 'published' ? publication : 'all',
  };
}

/** The URL query for list state; defaults are left out to keep links short. */
export function writeListParams(params: ListParams): string {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.publication !== 'all') search.set('publication', params.publication);
  params.filters.forEach((filter, index) => {
    search.append(`filters[$and][${index}][${filter.path.join('][')}][${filter.operator}]`, filter.value);
  });
  if (params.sort) search.set('sort', params.sort);
  if (params.page !== 1) search.set('page', String(params.page));
  if (params.pageSize !== 25) search.set('pageSize', String(params.pageSize));
  const query = search.toString().replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/%24/g, '$');
  return query ? `?${query}` : '';
}

/** The list state as API query params (DESIGN §4). */
export function toApiQuery(params: ListParams): Record<string, QueryValue> {
  const conditions: QueryValue[] = params.filters.map((filter) => nest(filter.path, { [filter.operator]: filter.value }));
  return {
    ...(params.publication === 'published' ? { status: 'published' } : {}),
    pagination: { page: params.page, pageSize: params.pageSize },
    ...(params.sort ? { sort: params.sort } : {}),
    ...(params.q ? { _q: params.q } : {}),
    ...(conditions.length > 0 ? { filters: { $and: conditions } } : {}),
  };
}

function nest(path: readonly string[], leaf: QueryValue): QueryValue {
  return path.reduceRight<QueryValue>((inner, segment) => ({ [segment]: inner }), leaf);
}

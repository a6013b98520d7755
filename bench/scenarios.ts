import type { RequestPlan } from './load.js';

/** A target as BENCHMARKS.md states it: a ratio to the floor, or to another scenario of Larder's own. */
export type Target =
  | { kind: 'floor'; min: number }
  | { kind: 'relative'; to: string; min: number; label: string }
  | { kind: 'none' };

export interface Scenario {
  name: string;
  plan: RequestPlan;
  target: Target;
  /**
   * What the floor serves for this scenario when Larder's path has no floor
   * of its own: the same rows under another type (the floor knows articles only).
   */
  floorPlan?: RequestPlan;
  /** Writes go last, so every read scenario sees the same rows on Larder and on the floor. */
  writes?: boolean;
  /**
   * Measured on Larder in three more passes after the others, alternating the
   * order (A B, B A, A B, B A), and averaged: the history pair compares two write
   * scenarios, and a single pass each put 0.65× in one run and 0.85× in the next.
   */
  repeatReversed?: boolean;
}

export interface ScenarioInputs {
  sampleDocumentIds: readonly string[];
  viewsGt: number;
  deepPage: number;
  /** `meta.pagination.next` of page deepPage - 1: the keyset cursor to page deepPage. */
  deepCursor: string;
}

export const PAGE_SIZE = 25;

export function listPath(viewsGt: number, pageSize: number, populate: boolean, plural = 'articles'): string {
  return `/api/${plural}?filters[views][$gt]=${viewsGt}&sort=createdAt:desc&pagination[pageSize]=${pageSize}`
    + (populate ? '&populate[category]=true&populate[tags]=true' : '');
}

export const PAGE_ONE = 'page 1 (no count)';

/** Round-robin over the pre-read documentIds; a shared counter, so connections spread over them. */
function rotate<T>(items: readonly T[]): () => T {
  let index = 0;
  return () => items[index++ % items.length]!;
}

export function buildScenarios(inputs: ScenarioInputs): Scenario[] {
  const nextId = rotate(inputs.sampleDocumentIds);
  const nextUpdateId = rotate(inputs.sampleDocumentIds);
  const nextPlainUpdateId = rotate(inputs.sampleDocumentIds);
  let views = 0;
  const body = 'x'.repeat(500);
  return [
    {
      name: 'get-one',
      plan: { path: '/api/articles/:documentId', next: () => ({ path: `/api/articles/${nextId()}` }) },
      target: { kind: 'floor', min: 0.3 },
    },
    { name: 'list', plan: { path: listPath(inputs.viewsGt, PAGE_SIZE, false) }, target: { kind: 'floor', min: 0.6 } },
    {
      // The same rows as articles, under draft & publish, read as the public reads them.
      name: 'list (published)',
      plan: { path: listPath(inputs.viewsGt, PAGE_SIZE, false, 'stories') },
      floorPlan: { path: listPath(inputs.viewsGt, PAGE_SIZE, false) },
      target: { kind: 'relative', to: 'list', min: 0.9, label: '≈ list' },
    },
    { name: 'list+populate', plan: { path: listPath(inputs.viewsGt, PAGE_SIZE, true) }, target: { kind: 'none' } },
    // The baseline keyset is held to: same LIMIT 26 by id, and like keyset no count.
    { name: PAGE_ONE, plan: { path: `/api/articles?pagination[pageSize]=${PAGE_SIZE}&pagination[withCount]=false` }, target: { kind: 'none' } },
    {
      name: `offset page ${inputs.deepPage}`,
      plan: { path: `/api/articles?pagination[page]=${inputs.deepPage}&pagination[pageSize]=${PAGE_SIZE}` },
      target: { kind: 'none' },
    },
    {
      name: `keyset page ${inputs.deepPage}`,
      plan: { path: `/api/articles?pagination[after]=${inputs.deepCursor}&pagination[limit]=${PAGE_SIZE}` },
      // "Costs what page 1 costs": within 20% of page 1's throughput, on Larder itself.
      target: { kind: 'relative', to: PAGE_ONE, min: 0.8, label: '≈ page 1' },
    },
    {
      name: 'create',
      plan: {
        method: 'POST', path: '/api/articles',
        body: JSON.stringify({ data: { title: 'A benchmark article', body, views: 42, published: true } }),
      },
      target: { kind: 'floor', min: 0.6 },
      writes: true,
    },
    {
      name: 'update',
      plan: {
        method: 'PUT', path: '/api/articles/:documentId',
        next: () => ({ path: `/api/articles/${nextUpdateId()}`, body: JSON.stringify({ data: { views: ++views } }) }),
      },
      // History adds under 20% to update latency: at least 1/1.2 of the throughput without it.
      target: { kind: 'relative', to: 'update (no history)', min: 0.83, label: 'history < +20%' },
      writes: true,
      repeatReversed: true,
    },
    {
      // The same update on a type with `history: false`: what recording a version costs.
      name: 'update (no history)',
      plan: {
        method: 'PUT', path: '/api/notes/:documentId',
        next: () => ({ path: `/api/notes/${nextPlainUpdateId()}`, body: JSON.stringify({ data: { views: ++views } }) }),
      },
      floorPlan: {
        method: 'PUT', path: '/api/articles/:documentId',
        next: () => ({ path: `/api/articles/${nextPlainUpdateId()}`, body: JSON.stringify({ data: { views: ++views } }) }),
      },
      target: { kind: 'none' },
      writes: true,
      repeatReversed: true,
    },
  ];
}

/**
 * The scenarios BENCH_ONLY names, plus the ones their relative targets compare
 * against, in the bench's own order; all of them when `only` is empty.
 */
export function selectScenarios(scenarios: readonly Scenario[], only: readonly string[]): Scenario[] {
  if (only.length === 0) return [...scenarios];
  const known = new Set(scenarios.map((scenario) => scenario.name));
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY names no scenario "${unknown.join('", "')}"; known: ${[...known].join(', ')}`);
  const wanted = new Set(only);
  for (const scenario of scenarios) {
    if (wanted.has(scenario.name) && scenario.target.kind === 'relative') wanted.add(scenario.target.to);
  }
  return scenarios.filter((scenario) => wanted.has(scenario.name));
}

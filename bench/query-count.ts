import { httpRequest } from './http.js';

/** `larder_db_queries_total` summed over its labels, from Larder's Prometheus text. */
async function totalQueries(baseUrl: string): Promise<number> {
  const response = await httpRequest(`${baseUrl}/metrics`);
  if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}: ${response.body.slice(0, 200)}`);
  let total = 0;
  let seen = false;
  for (const line of response.body.split('\n')) {
    if (!line.startsWith('larder_db_queries_total')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) {
      total += value;
      seen = true;
    }
  }
  if (!seen) throw new Error('/metrics has no larder_db_queries_total samples');
  return total;
}

/**
 * SQL queries per request for `path`: the counter read around each of
 * `count` sequential requests (nothing else runs meanwhile, and /metrics
 * itself queries nothing), and the median of those differences. The median
 * leaves out the compiled-role refresh that lands in one request every two
 * seconds whatever the traffic: it is not a cost of the query being measured.
 */
export async function queriesPerRequest(baseUrl: string, path: string, count: number): Promise<number> {
  const perRequest: number[] = [];
  let before = await totalQueries(baseUrl);
  for (let index = 0; index < count; index++) {
    const response = await httpRequest(baseUrl + path);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${response.body.slice(0, 300)}`);
    const after = await totalQueries(baseUrl);
    perRequest.push(after - before);
    before = after;
  }
  perRequest.sort((a, b) => a - b);
  return perRequest[Math.floor(perRequest.length / 2)]!;
}

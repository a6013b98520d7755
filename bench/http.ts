import { request } from 'node:http';

export interface HttpResponse {
  status: number;
  body: string;
}

/**
 * One request over a fresh connection (agent: false), so a refused
 * connection during boot fails at once and nothing keeps the bench alive.
 * Used for setup and probes only; load goes through autocannon.
 */
export function httpRequest(url: string, options: { method?: string; body?: unknown; timeoutMs?: number } = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(url, {
      method: options.method ?? 'GET',
      agent: false,
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error(`timeout: ${options.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** GET that must answer 200 with JSON; anything else is a bench error naming the URL. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await httpRequest(url);
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${response.body.slice(0, 300)}`);
  return JSON.parse(response.body) as T;
}

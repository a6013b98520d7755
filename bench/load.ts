import autocannon from 'autocannon';

/** One kind of request, rotated per request where the scenario needs fresh ids or bodies. */
export interface RequestPlan {
  method?: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: string;
  /** Called per request: returns the path and body to send instead. */
  next?: () => { path: string; body?: string };
}

export interface LoadOptions {
  connections: number;
  warmupSeconds: number;
  measureSeconds: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Over warm-up and measurement: these are bench errors, not slowness. */
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/** Slack over the requested duration before the watchdog stops a run that will not end. */
const WATCHDOG_SLACK_MS = 15_000;

/**
 * Runs autocannon from this process against 127.0.0.1: a warm-up whose
 * figures are dropped (but whose failures still count), then the measured
 * run. Each run is hard-bounded by a watchdog.
 */
export async function runLoad(baseUrl: string, plan: RequestPlan, options: LoadOptions): Promise<LoadResult> {
  const warmup = options.warmupSeconds > 0 ? await runOnce(baseUrl, plan, options.connections, options.warmupSeconds) : undefined;
  const measured = await runOnce(baseUrl, plan, options.connections, options.measureSeconds);
  const statusCodes: Record<string, number> = {};
  for (const result of [warmup, measured]) {
    for (const [code, { count }] of Object.entries(result?.statusCodeStats ?? {})) statusCodes[code] = (statusCodes[code] ?? 0) + Number(count);
  }
  return {
    rps: measured.requests.total / measured.duration,
    p50: measured.latency.p50,
    p99: measured.latency.p99,
    requests: measured.requests.total,
    non2xx: measured.non2xx + (warmup?.non2xx ?? 0),
    errors: measured.errors + (warmup?.errors ?? 0),
    timeouts: measured.timeouts + (warmup?.timeouts ?? 0),
    statusCodes,
  };
}

function runOnce(baseUrl: string, plan: RequestPlan, connections: number, seconds: number): Promise<autocannon.Result> {
  const headers: Record<string, string> = plan.body !== undefined || plan.next ? { 'content-type': 'application/json' } : {};
  const next = plan.next;
  const instance = autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    timeout: 10,
    method: plan.method ?? 'GET',
    headers,
    // autocannon takes a path only per request (a top-level `path` is ignored): always give one.
    requests: [next
      ? { setupRequest: (request) => ({ ...request, ...withBody(next()) }) }
      : { path: plan.path, ...(plan.body !== undefined ? { body: plan.body } : {}) }],
  });
  return new Promise((resolve, reject) => {
    let stopped = false;
    const watchdog = setTimeout(() => {
      stopped = true;
      instance.stop();
      // stop() ends the run at the next 1 s sample; if even that does not come, give up.
      setTimeout(() => reject(new Error(`autocannon did not finish ${seconds} s of load on ${plan.path} in time`)), 5_000).unref();
    }, seconds * 1000 + WATCHDOG_SLACK_MS);
    instance.then((result) => {
      clearTimeout(watchdog);
      if (stopped) reject(new Error(`autocannon overran ${seconds} s on ${plan.path}`));
      else resolve(result);
    }, (error: unknown) => {
      clearTimeout(watchdog);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

function withBody(request: { path: string; body?: string }): autocannon.RawRequest {
  return request.body === undefined ? { path: request.path } : { path: request.path, body: request.body };
}

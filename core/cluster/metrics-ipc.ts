import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * /metrics under LARDER_WORKERS: a request lands on one worker, but the
 * answer must cover all of them. The worker asks the primary over IPC; the
 * primary gathers every worker's registry with prom-client's cluster
 * aggregation and answers.
 */
const REQUEST = 'larder:metrics-request';
const RESPONSE = 'larder:metrics-response';
const TIMEOUT_MS = 5000;

interface MetricsRequest { type: typeof REQUEST; id: number }
interface MetricsResponse { type: typeof RESPONSE; id: number; body?: string; error?: string }

export interface MetricsText {
  contentType: string;
  body: string;
}

/** In the primary: answer workers' requests with the aggregate of all workers. */
export function serveClusterMetrics(workers: { on(event: 'message', listener: (worker: { send(message: unknown): void }, message: unknown) => void): void }): void {
  const aggregator = new AggregatorRegistry();
  workers.on('message', (worker, message) => {
    const request = message as Partial<MetricsRequest>;
    if (request?.type !== REQUEST || typeof request.id !== 'number') return;
    const { id } = request;
    aggregator.clusterMetrics().then(
      (body) => worker.send({ type: RESPONSE, id, body } satisfies MetricsResponse),
      (error: Error) => worker.send({ type: RESPONSE, id, error: error.message } satisfies MetricsResponse),
    );
  });
}

/** In a worker: expose this app's registry to the primary, and return a collector for /metrics. */
export function workerMetricsSource(registry: Registry): () => Promise<MetricsText> {
  // Constructing the aggregator registers prom-client's worker-side listener.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
  let nextId = 0;
  const pending = new Map<number, { resolve(body: string): void; reject(error: Error): void }>();
  process.on('message', (message: unknown) => {
    const response = message as Partial<MetricsResponse>;
    if (response?.type !== RESPONSE || typeof response.id !== 'number') return;
    const waiter = pending.get(response.id);
    if (!waiter) return;
    pending.delete(response.id);
    if (response.error !== undefined || response.body === undefined) waiter.reject(new Error(response.error ?? 'no metrics'));
    else waiter.resolve(response.body);
  });
  return () => new Promise<MetricsText>((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(new Error('metrics from the primary timed out'));
    }, TIMEOUT_MS);
    pending.set(id, {
      resolve: (body) => { clearTimeout(timer); resolve({ contentType: registry.contentType, body }); },
      reject: (error) => { clearTimeout(timer); reject(error); },
    });
    process.send!({ type: REQUEST, id } satisfies MetricsRequest);
  });
}

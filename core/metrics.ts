import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per app, never prom-client's global one (STYLE §10). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  dbQueries: Counter<'operation'>;
  dbDuration: Histogram<'operation'>;
  contentOperations: Counter<'type' | 'action' | 'outcome'>;
  authAttempts: Counter<'method' | 'outcome'>;
  permissionDenials: Counter<'type' | 'action'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'larder_http_requests_total', help: 'HTTP requests by route pattern and status.',
      labelNames: ['method', 'route', 'status'], registers,
    }),
    httpDuration: new Histogram({
      name: 'larder_http_request_duration_seconds', help: 'HTTP request duration by route pattern.',
      labelNames: ['method', 'route', 'status'], registers,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
    dbQueries: new Counter({
      name: 'larder_db_queries_total', help: 'SQL queries by operation.', labelNames: ['operation'], registers,
    }),
    dbDuration: new Histogram({
      name: 'larder_db_query_duration_seconds', help: 'SQL query duration by operation.', labelNames: ['operation'], registers,
      buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
    }),
    contentOperations: new Counter({
      name: 'larder_content_operations_total', help: 'Content service operations by type, action and outcome.',
      labelNames: ['type', 'action', 'outcome'], registers,
    }),
    authAttempts: new Counter({
      name: 'larder_auth_attempts_total', help: 'Authentication attempts by method and outcome.',
      labelNames: ['method', 'outcome'], registers,
    }),
    permissionDenials: new Counter({
      name: 'larder_permission_denials_total', help: 'Requests refused by permissions, by type and action.',
      labelNames: ['type', 'action'], registers,
    }),
  };
}

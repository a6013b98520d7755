/**
 * Under LARDER_WORKERS, node:cluster hands each new connection to a worker
 * that is already listening. Connections made while the first worker is up
 * and the others are still booting all land on it, and a load balancer's
 * keep-alive connections stay there for good: one core busy, the rest idle.
 * So a worker reports ready (/_ready) only once the primary has seen every
 * worker listen; a worker started later, to replace a crashed one, is ready
 * as soon as it listens itself.
 */
const READY = 'larder:cluster-ready';

interface ClusterWorker {
  send(message: unknown): boolean;
  isConnected(): boolean;
}

interface ClusterEvents {
  on(event: 'listening' | 'exit', listener: (worker: ClusterWorker) => void): unknown;
}

/** In the primary: tells workers they are ready once all `workerCount` of them listen. */
export function announceClusterReadiness(cluster: ClusterEvents, workerCount: number, onAllListening: () => void): void {
  const waiting = new Set<ClusterWorker>();
  let allUp = false;
  // Sending to a worker whose IPC channel has closed raises an 'error' on it that nothing
  // handles, which would bring the primary down.
  const tellReady = (worker: ClusterWorker) => {
    if (worker.isConnected()) worker.send({ type: READY });
  };
  // A worker that died while the others booted no longer counts as listening; its replacement will.
  cluster.on('exit', (worker) => waiting.delete(worker));
  cluster.on('listening', (worker) => {
    if (allUp) {
      tellReady(worker);
      return;
    }
    waiting.add(worker);
    if (waiting.size < workerCount) return;
    allUp = true;
    for (const listening of waiting) tellReady(listening);
    waiting.clear();
    onAllListening();
  });
}

/** In a worker: whether the primary has said every worker is listening. */
export function clusterReadiness(): () => boolean {
  let ready = false;
  process.on('message', (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type === READY) ready = true;
  });
  return () => ready;
}

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { announceClusterReadiness } from '../../core/cluster/cluster-readiness.js';

/** A stand-in for a cluster worker that records what the primary sends it. */
function worker() {
  const sent: unknown[] = [];
  return { sent, send: (message: unknown) => sent.push(message) > 0 };
}

describe('announceClusterReadiness', () => {
  it('tells no worker it is ready until all of them listen, then every one; a replacement worker as soon as it listens', () => {
    const cluster = new EventEmitter();
    let announced = 0;
    announceClusterReadiness(cluster, 3, () => announced++);
    const [a, b, c, replacement] = [worker(), worker(), worker(), worker()];
    cluster.emit('listening', a);
    cluster.emit('listening', b);
    expect([a.sent, b.sent, announced]).toEqual([[], [], 0]);
    cluster.emit('listening', c);
    expect([a.sent.length, b.sent.length, c.sent.length, announced]).toEqual([1, 1, 1, 1]);
    cluster.emit('listening', replacement);
    expect([replacement.sent.length, announced]).toEqual([1, 1]);
  });
});

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { announceClusterReadiness } from '../../core/cluster/cluster-readiness.js';

/** A stand-in for a cluster worker that records what the primary sends it. */
function worker() {
  const sent: unknown[] = [];
  let connected = true;
  return {
    sent,
    send: (message: unknown) => {
      if (!connected) throw new Error('ERR_IPC_CHANNEL_CLOSED');
      return sent.push(message) > 0;
    },
    isConnected: () => connected,
    disconnect: () => { connected = false; },
  };
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

  it('does not count a worker that died before the others listened, and sends nothing to it', () => {
    const cluster = new EventEmitter();
    let announced = 0;
    announceClusterReadiness(cluster, 2, () => announced++);
    const [a, b, replacement] = [worker(), worker(), worker()];
    cluster.emit('listening', a);
    a.disconnect();
    cluster.emit('exit', a);
    cluster.emit('listening', b);
    expect([b.sent.length, announced]).toEqual([0, 0]);
    cluster.emit('listening', replacement);
    expect([a.sent.length, b.sent.length, replacement.sent.length, announced]).toEqual([0, 1, 1, 1]);
  });

  it('skips a worker whose channel closed before the announcement', () => {
    const cluster = new EventEmitter();
    announceClusterReadiness(cluster, 2, () => undefined);
    const [a, b] = [worker(), worker()];
    cluster.emit('listening', a);
    a.disconnect();
    expect(() => cluster.emit('listening', b)).not.toThrow();
    expect(b.sent.length).toBe(1);
  });
});

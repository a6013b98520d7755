import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import type { Context } from 'koa';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.js';
import { readJsonBody } from '../../core/http/read-json-body.js';

/** Just what readJsonBody reads of a Koa context: the headers and the raw request. */
function contextFor(req: IncomingMessage): Context {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': '20' };
  return { req, request: { length: 20 }, get: (name: string) => headers[name.toLowerCase()] ?? '' } as unknown as Context;
}

describe('readJsonBody', () => {
  it('rejects with a 400 when the client hung up before the body was read, instead of waiting forever', async () => {
    const req = new IncomingMessage(new Socket());
    req.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    const settled = await Promise.race([
      readJsonBody(contextFor(req), 1024).then(() => 'resolved', (error: unknown) => error),
      new Promise((resolve) => setTimeout(() => resolve('still waiting'), 1_000)),
    ]);
    expect(settled).toBeInstanceOf(ValidationError);
    expect((settled as ValidationError).message).toBe('The request body ended before it was complete');
  });
});

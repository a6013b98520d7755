import type { Context } from 'koa';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.js';

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * Reads a JSON request body with a hard byte limit. An empty body is
 * `undefined`; a non-JSON content type is 415 (DESIGN §10: JSON-only writes
 * also shut out cross-site form posts); bad JSON is 400; too large is 413.
 */
export async function readJsonBody(ctx: Context, limitBytes: number): Promise<unknown> {
  const declared = ctx.request.length;
  const chunked = ctx.get('transfer-encoding') !== '';
  if (!chunked && (declared === undefined || declared === 0)) {
    ctx.req.resume();
    return undefined;
  }
  if (!JSON_TYPE.test(ctx.get('content-type'))) {
    ctx.req.resume();
    throw new UnsupportedMediaTypeError('Request bodies must be JSON (Content-Type: application/json)');
  }
  if (declared !== undefined && declared > limitBytes) {
    ctx.req.resume();
    throw new PayloadTooLargeError(`Request body is larger than ${limitBytes} bytes`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > limitBytes) {
      ctx.req.resume();
      throw new PayloadTooLargeError(`Request body is larger than ${limitBytes} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('Malformed JSON body');
  }
}

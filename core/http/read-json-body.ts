import type { Context } from 'koa';
import type { IncomingMessage } from 'node:http';
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
  const text = await readText(ctx.req, limitBytes);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('Malformed JSON body');
  }
}

/**
 * The body as UTF-8, at most `limitBytes`. Plain stream events: an async
 * iterator over the request cost more than the parse on a small write.
 */
function readText(req: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limitBytes) {
        cleanup();
        // Drain the rest so the connection can answer 413 and be reused.
        req.resume();
        reject(new PayloadTooLargeError(`Request body is larger than ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    };
    // The client's connection failed or closed before the body ended (Node
    // reports an abort as ECONNRESET, which would read as a database outage,
    // 503): a 400 in the log and metrics, and nothing was written.
    const onAbort = () => {
      cleanup();
      reject(new ValidationError('The request body ended before it was complete'));
    };
    const onError = onAbort;
    const onClose = () => {
      if (!req.readableEnded) onAbort();
    };
    // A client that hung up before the body was read (during authentication, say) has
    // already had its 'close': no event would ever settle this promise.
    if (req.destroyed && !req.readableEnded) {
      onAbort();
      return;
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

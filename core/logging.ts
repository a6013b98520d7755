import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Header paths pino's own redaction blanks out, kept as a second line for the
 * shapes request logging would use. Field names at any depth are
 * `redactSecrets`'s job: pino's paths cannot say "any depth", and its
 * wildcard paths (`*.password`) cost more than the rest of a line together.
 */
const REDACT_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]',
  'headers.authorization', 'headers.cookie',
];

/**
 * Keys whose values never reach a log line, at any depth (DESIGN §8):
 * credentials in headers, password fields, tokens and API keys.
 */
const SECRET_KEY = /^(authorization|proxy-authorization|cookie|set-cookie|password|currentPassword|passwordConfirmation|token|accessToken|access_token|refreshToken|refresh_token|jwt|accessKey|secret|apiKey|api_key|x-api-key)$/i;
const CENSOR = '[redacted]';
/** Past these bounds an object is replaced, not written unchecked. */
const MAX_DEPTH = 10;
const MAX_OBJECTS = 1000;

export interface LoggerOptions {
  level: string;
  pretty: boolean;
  destination?: NodeJS.WritableStream;
}

/** One logger per app: JSON lines on stdout, or pretty output for `larder dev`. */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level,
    base: undefined,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label: string) => ({ level: label }),
      // pino calls this with each call's object, before serializers and path redaction.
      log: redactSecrets,
    },
  };
  if (options.destination) return redactingBindings(pino(base, options.destination));
  if (options.pretty) {
    return redactingBindings(pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } }));
  }
  return redactingBindings(pino(base, pino.destination({ sync: false })));
}

/**
 * pino runs no formatter over a child's bindings (it resets
 * `formatters.bindings` for children, pino/lib/proto.js), so they are redacted
 * on the way in. A child is `Object.create(parent)`, so overriding these on
 * the root covers every descendant.
 */
function redactingBindings(logger: Logger): Logger {
  const { child, setBindings } = logger;
  logger.child = function (this: Logger, bindings, childOptions) {
    return child.call(this, redactSecrets(bindings), childOptions);
  } as Logger['child'];
  logger.setBindings = function (this: Logger, bindings) {
    setBindings.call(this, redactSecrets(bindings));
  };
  return logger;
}

interface Walk {
  objects: number;
  /** Objects on the current path, to spot cycles. */
  ancestors: object[];
}

/**
 * Returns `object` with every secret-named key's value replaced, at any depth.
 * Copy-on-write: the caller's object is never mutated, and a line with no
 * secrets (nearly every line) comes back as the same object. A request line,
 * whose values are all primitives, costs one key test per field and no allocation.
 */
function redactSecrets(object: Record<string, unknown>): Record<string, unknown> {
  if (isFlatAndClean(object)) return object;
  try {
    return redactObject(object, 0, { objects: 0, ancestors: [] }) as Record<string, unknown>;
  } catch {
    // A getter that throws, or a property that cannot be redefined: writing
    // the object unchecked could leak, so the line keeps only its message.
    return { redaction: 'failed' };
  }
}

function isFlatAndClean(object: Record<string, unknown>): boolean {
  for (const key in object) {
    const value = object[key];
    if ((typeof value === 'object' && value !== null) || SECRET_KEY.test(key)) return false;
  }
  return true;
}

function redactObject(object: object, depth: number, walk: Walk): unknown {
  walk.objects += 1;
  if (walk.objects > MAX_OBJECTS || depth > MAX_DEPTH) return '[Truncated]';
  walk.ancestors.push(object);
  let copy: object | undefined;
  if (Array.isArray(object)) {
    for (let index = 0; index < object.length; index += 1) {
      const value: unknown = object[index];
      const redacted = redactValue(value, depth, walk);
      if (redacted !== value) copy = withValue(copy ?? object.slice(), index, redacted);
    }
  } else {
    const record = object as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const value = record[key];
      const redacted = SECRET_KEY.test(key) ? (value === undefined || value === null ? value : CENSOR) : redactValue(value, depth, walk);
      if (redacted !== value) copy = withValue(copy ?? cloneObject(record), key, redacted);
    }
    // pino's error serializer also writes an AggregateError's `errors`, which is not enumerable.
    const errors = object instanceof Error ? (object as Error & { errors?: unknown }).errors : undefined;
    if (Array.isArray(errors)) {
      const redacted = redactValue(errors, depth, walk);
      if (redacted !== errors) copy = withValue(copy ?? cloneObject(record), 'errors', redacted);
    }
  }
  walk.ancestors.pop();
  return copy ?? object;
}

function redactValue(value: unknown, depth: number, walk: Walk): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // toJSON decides what these write (Date, Buffer, URL); Map, Set and typed arrays write no keys.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function' || value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) {
    return value;
  }
  // A copy that pointed back at the original would write the original's secrets.
  if (walk.ancestors.includes(value)) return '[Circular]';
  return redactObject(value, depth + 1, walk);
}

/** Keeps the prototype (an Error stays an Error for pino's serializer) and every own property. */
function cloneObject(object: object): Record<string | number, unknown> {
  const prototype = Object.getPrototypeOf(object) as object | null;
  // Spread copies own enumerable fields (a `__proto__` key included, as a plain field), all JSON writes.
  if (prototype === Object.prototype) return { ...object } as Record<string | number, unknown>;
  const copy = Object.create(prototype, Object.getOwnPropertyDescriptors(object)) as Record<string | number, unknown>;
  // Newer V8s make `stack` an accessor that reads the original's internal slot; keep its text.
  if (object instanceof Error) Object.defineProperty(copy, 'stack', { value: object.stack, writable: true, configurable: true });
  return copy;
}

/** defineProperty, not assignment: a key named `__proto__` must stay a plain field. */
function withValue<T extends object>(copy: T, key: string | number, value: unknown): T {
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

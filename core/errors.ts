/**
 * Typed domain errors. Domain code throws these; one HTTP middleware maps them
 * to the contract's envelope (DESIGN §4). Anything else is a 500.
 */

export interface ValidationIssue {
  path: string[];
  message: string;
  name: string;
}

export abstract class LarderError extends Error {
  abstract readonly status: number;
  /** The envelope's `error.name`, e.g. `ValidationError`. */
  abstract override readonly name: string;
  readonly details: Record<string, unknown>;
  /** Extra response headers, e.g. `Allow` or `Retry-After`. */
  readonly headers: Record<string, string>;

  constructor(message: string, details: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
    super(message);
    this.details = details;
    this.headers = headers;
  }
}

export class ValidationError extends LarderError {
  readonly status = 400;
  override readonly name = 'ValidationError';
  constructor(message: string, errors: ValidationIssue[] = []) {
    super(message, errors.length > 0 ? { errors } : {});
  }
  /** A single-issue error about one input path. */
  static at(path: string[], message: string): ValidationError {
    return new ValidationError(message, [{ path, message, name: 'ValidationError' }]);
  }
}

export class PaginationError extends LarderError {
  readonly status = 400;
  override readonly name = 'PaginationError';
}

export class UnauthorizedError extends LarderError {
  readonly status = 401;
  override readonly name = 'UnauthorizedError';
}

export class ForbiddenError extends LarderError {
  readonly status = 403;
  override readonly name = 'ForbiddenError';
}

export class NotFoundError extends LarderError {
  readonly status = 404;
  override readonly name = 'NotFoundError';
}

export class MethodNotAllowedError extends LarderError {
  readonly status = 405;
  override readonly name = 'MethodNotAllowedError';
  constructor(allowed: string[]) {
    super('Method Not Allowed', {}, { Allow: allowed.join(', ') });
  }
}

export class ConflictError extends LarderError {
  readonly status = 409;
  override readonly name = 'ConflictError';
}

export class PayloadTooLargeError extends LarderError {
  readonly status = 413;
  override readonly name = 'PayloadTooLargeError';
}

export class UriTooLongError extends LarderError {
  readonly status = 414;
  override readonly name = 'UriTooLongError';
}

export class UnsupportedMediaTypeError extends LarderError {
  readonly status = 415;
  override readonly name = 'UnsupportedMediaTypeError';
}

export class RateLimitError extends LarderError {
  readonly status = 429;
  override readonly name = 'RateLimitError';
  constructor(message: string, retryAfterSeconds: number) {
    super(message, {}, { 'Retry-After': String(retryAfterSeconds) });
  }
}

export class ServiceUnavailableError extends LarderError {
  readonly status = 503;
  override readonly name = 'ServiceUnavailableError';
}

/**
 * A configuration mistake found at boot. The CLI prints `message` alone and
 * exits 1: it names the file, the path inside it and the fix.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${file}${path ? ` at ${path}` : ''}: ${problem}. Fix: ${fix}`);
  }
}

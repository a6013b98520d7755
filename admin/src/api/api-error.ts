/** One field-level problem from `error.details.errors[]` (DESIGN §4). */
export interface FieldIssue {
  path: string[];
  message: string;
  name?: string;
}

/**
 * A failed request, carrying the API's envelope: the message the server
 * chose to show, and field issues for inline display. Network failures get
 * status 0.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly errorName: string;
  readonly issues: FieldIssue[];

  constructor(status: number, errorName: string, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.errorName = errorName;
    this.issues = issues;
  }

  /** Builds the error from a response body; tolerates bodies that are not the envelope. */
  static fromResponse(status: number, body: unknown): ApiError {
    const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    const message = typeof error?.message === 'string' && error.message
      ? error.message
      : `The server answered ${status}.`;
    const name = typeof error?.name === 'string' ? error.name : 'HttpError';
    const details = isRecord(error?.details) ? error.details : undefined;
    const issues = Array.isArray(details?.errors) ? details.errors.filter(isIssue) : [];
    return new ApiError(status, name, message, issues);
  }

  static network(): ApiError {
    return new ApiError(0, 'NetworkError', 'The server cannot be reached. Check your connection and try again.');
  }
}

/** Field issues keyed by their top-level attribute name, first message wins. */
export function issuesByField(issues: readonly FieldIssue[]): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (field !== undefined && byField[field] === undefined) byField[field] = issue.message;
  }
  return byField;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIssue(value: unknown): value is FieldIssue {
  return isRecord(value) && Array.isArray(value.path) && value.path.every((part) => typeof part === 'string' || typeof part === 'number')
    && typeof value.message === 'string';
}

import type { QueryTimer } from '../db/query-timing.js';
import type { Access } from '../permissions/access.js';

/** What a caller asks of the content service, from HTTP or elsewhere. */
export type WriteStatus = 'draft' | 'published';

export interface ReadRequest {
  /** The qs-parsed query string: filters, sort, pagination, fields, populate, status, _q. */
  params: Record<string, unknown>;
  access: Access;
  /** The request's database clock, for Server-Timing; absent outside HTTP. */
  timer?: QueryTimer;
}

export interface WriteRequest extends ReadRequest {
  /** The request body's `data`. */
  data: unknown;
  /** `status` from the query: `draft` saves without publishing (draft & publish types only). */
  status?: WriteStatus;
}

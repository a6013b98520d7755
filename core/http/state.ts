import type { Logger } from 'pino';
import type { QueryTimer } from '../db/query-timing.js';

/** What middleware puts on `ctx.state` for the layers below it. */
export interface RequestState {
  reqId: string;
  log: Logger;
  timer: QueryTimer;
  /** Set by auth once it exists; logged as `userId`. */
  userId?: number;
}

import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';
import type { QueryTimer } from '../db/query-timing.js';

/** What middleware puts on `ctx.state` for the layers below it. */
export interface RequestState {
  reqId: string;
  log: Logger;
  timer: QueryTimer;
  /** Who is calling; set by the authenticate middleware (anonymous until then). */
  principal: Principal;
  /** Logged as `userId` when the caller is a user. */
  userId?: number;
}

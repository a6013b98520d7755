import type { Knex } from 'knex';
import type { Principal } from '../auth/principal.js';
import type { ContentType } from '../content-types/types.js';

/** The lifecycle events of DESIGN §7, in the order a write goes through them. */
export const HOOK_EVENTS = [
  'beforeCreate', 'afterCreate', 'beforeUpdate', 'afterUpdate', 'beforeDelete', 'afterDelete', 'afterPublish', 'afterUnpublish',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

export interface HookContext {
  type: ContentType;
  documentId: string;
  /** The write's transaction: a hook that throws rolls the write back. */
  trx: Knex.Transaction;
  principal: Principal;
}

export type Hook = (context: HookContext) => Promise<void> | void;

export interface Hooks {
  /** Registers a hook, optionally for some types only (singular names); hooks run in registration order. */
  on(event: HookEvent, hook: Hook, options?: { types?: readonly string[] }): void;
  run(event: HookEvent, context: HookContext): Promise<void>;
  /** Whether any hook runs on `event` for `type`. */
  has(event: HookEvent, type: ContentType): boolean;
}

export function createHooks(): Hooks {
  const registered = new Map<HookEvent, Array<{ hook: Hook; types?: ReadonlySet<string> }>>();
  return {
    on(event, hook, options) {
      const list = registered.get(event) ?? [];
      list.push({ hook, ...(options?.types ? { types: new Set(options.types) } : {}) });
      registered.set(event, list);
    },
    has(event, type) {
      return (registered.get(event) ?? []).some(({ types }) => !types || types.has(type.singularName));
    },
    async run(event, context) {
      for (const { hook, types } of registered.get(event) ?? []) {
        if (!types || types.has(context.type.singularName)) await hook(context);
      }
    },
  };
}

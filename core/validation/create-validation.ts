import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { compileTypeValidators } from './compile-type-validators.js';
import { createAjv } from './create-ajv.js';
import type { EntryWrite } from './entry-write.js';

export interface WriteOptions {
  /** Drafts skip required, min and minLength; maxLength, types, enums and regex still apply (DESIGN §10). */
  draft: boolean;
}

/**
 * Two validators per type, as objection keeps them: an update must not apply
 * defaults or demand required attributes it does not touch.
 */
export interface TypeValidators {
  /** Full write: applies `default`s for absent attributes, enforces `required`, generates uid from targetField when absent (slugify). */
  create(data: unknown, options: WriteOptions): EntryWrite;
  /** Partial write: only the keys present; no defaults; `required` means "may not be set to null/empty". */
  update(data: unknown, options: WriteOptions): EntryWrite;
}

export interface Validation {
  validatorsFor(type: ContentType): TypeValidators;
}

/**
 * Every type's validators, with an ajv instance of this app's own: compiled
 * on first use (compile-type-validators.ts), while the defaults are checked
 * here, at boot. Throws ConfigError for a `default` its attribute would reject.
 */
export function createValidation(registry: ContentTypeRegistry, dialect: Dialect): Validation {
  const ajv = createAjv();
  // Keyed by the type object itself: a same-named type from another app's registry is a miss, not a mix-up.
  const byType = new Map<ContentType, TypeValidators>();
  for (const type of registry.all()) byType.set(type, compileTypeValidators(ajv, type, dialect));
  return {
    validatorsFor(type) {
      const validators = byType.get(type);
      // Types come from this app's registry; a miss is a wiring bug, not bad input.
      if (!validators) throw new Error(`No validators for content type "${type.singularName}": it is not in this app's registry`);
      return validators;
    },
  };
}

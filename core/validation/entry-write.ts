import type { StorageValue } from '../values/cast-value.js';

/** A relation change as the content service applies it; targets are not yet checked to exist. */
export type RelationWrite =
  | { mode: 'set'; documentIds: string[] }                          // replaces the whole set
  | { mode: 'change'; connect: string[]; disconnect: string[] };  // incremental

/** A validated write, ready for the content service. */
export interface EntryWrite {
  /** Scalar values keyed by DB column (ScalarAttribute.column), in storage form for the dialect (castValue output). Passwords are plain text here; the content service hashes them. */
  values: Record<string, StorageValue>;
  /** Relation changes keyed by attribute name. */
  relations: Map<string, RelationWrite>;
}

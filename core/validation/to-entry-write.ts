import type { ContentType, RelationAttribute } from '../content-types/types.js';
import type { Dialect } from '../db/connect.js';
import { ValidationError } from '../errors.js';
import { CastError, castValue } from '../values/cast-value.js';
import { issueAt, displayPath } from './ajv-errors.js';
import type { EntryWrite, RelationWrite } from './entry-write.js';

/**
 * Converts a body that ajv has accepted into storage form. Only the keys
 * present in the body are written: absent means "leave as is" on update.
 */
export function toEntryWrite(type: ContentType, body: Record<string, unknown>, dialect: Dialect): EntryWrite {
  const write: EntryWrite = { values: {}, relations: new Map() };
  for (const attribute of type.attributes.values()) {
    if (!Object.hasOwn(body, attribute.name)) continue;
    const value = body[attribute.name];
    if (attribute.kind === 'relation') {
      write.relations.set(attribute.name, toRelationWrite(attribute, value));
      continue;
    }
    try {
      write.values[attribute.column] = castValue(attribute, value, dialect);
    } catch (error) {
      // The schema and castValue agree by construction; if they ever drift, the client still gets a 400.
      if (!(error instanceof CastError)) throw error;
      const message = `${displayPath([attribute.name])} ${error.message}`;
      throw new ValidationError(message, [issueAt([attribute.name], message)]);
    }
  }
  return write;
}

/** One of the shapes relation-schema.ts accepts, as a set or change of documentIds. */
export function toRelationWrite(attribute: RelationAttribute, value: unknown): RelationWrite {
  if (value === null) return { mode: 'set', documentIds: [] };
  if (Array.isArray(value)) return { mode: 'set', documentIds: documentIds(value) };
  if (typeof value === 'string') return { mode: 'set', documentIds: [value] };
  const form = value as Record<string, unknown>;
  if (attribute.toOne && Object.hasOwn(form, 'documentId')) return { mode: 'set', documentIds: documentIds([form]) };
  if (Object.hasOwn(form, 'set')) return { mode: 'set', documentIds: documentIds(form.set as unknown[]) };
  return {
    mode: 'change',
    connect: documentIds((form.connect as unknown[] | undefined) ?? []),
    disconnect: documentIds((form.disconnect as unknown[] | undefined) ?? []),
  };
}

/** Repeating a target adds nothing: the link table holds each pair once. */
function documentIds(refs: readonly unknown[]): string[] {
  const ids = refs.map((ref) => (typeof ref === 'string' ? ref : (ref as { documentId: string }).documentId));
  return [...new Set(ids)];
}

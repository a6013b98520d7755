import type { ContentTypeInfo, Entry } from '../api/types';

const PREFERRED = ['title', 'name', 'headline', 'label', 'username', 'displayName'];
const TEXTUAL = new Set(['string', 'email', 'uid', 'enumeration']);

/**
 * The attribute that names an entry in lists and relation pickers: a
 * conventional name when the type has one, else its first short text field.
 * Null when it has none, and entries are then shown by documentId.
 */
export function mainField(type: ContentTypeInfo): string | null {
  const readable = Object.entries(type.attributes).filter(([, attribute]) => TEXTUAL.has(attribute.type) && !attribute.private);
  const preferred = PREFERRED.find((name) => readable.some(([candidate]) => candidate === name));
  return preferred ?? readable[0]?.[0] ?? null;
}

/** How an entry is named on screen. */
export function entryLabel(type: ContentTypeInfo | undefined, entry: Entry): string {
  const field = type ? mainField(type) : null;
  const value = field ? entry[field] : undefined;
  return typeof value === 'string' && value.trim() ? value : entry.documentId;
}

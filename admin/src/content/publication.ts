import type { Entry } from '../api/types';

/**
 * Where an entry of a draft & publish type stands. As in Strapi v5, every
 * document has a draft, and maybe a published version beside it; a draft
 * saved after publishing has changes the public does not see yet.
 */
export type PublicationStatus = 'draft' | 'published' | 'modified';

/** The published version's timestamps, or null when nothing is published. */
export interface PublishedVersion {
  publishedAt: string;
  updatedAt: string;
}

export function publicationStatus(draft: Entry, published: PublishedVersion | null | undefined): PublicationStatus {
  if (!published) return 'draft';
  // Publishing copies the draft, timestamps included: a later draft save moves its updatedAt on.
  return draft.updatedAt && draft.updatedAt !== published.updatedAt ? 'modified' : 'published';
}

export function toPublishedVersion(entry: Entry | null | undefined): PublishedVersion | null {
  return entry?.publishedAt ? { publishedAt: entry.publishedAt, updatedAt: entry.updatedAt ?? entry.publishedAt } : null;
}

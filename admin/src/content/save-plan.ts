import type { WriteStatus } from '../api/content';
import type { ContentTypeInfo } from '../api/types';

export type SaveIntent = 'save' | 'publish' | 'unpublish';

/**
 * The `status` a save sends (DESIGN §4, Strapi v5): on draft & publish types
 * "Save" writes the draft only, and the published version stays as it was;
 * "Publish" writes without status, which saves and publishes.
 */
export function writeStatus(type: ContentTypeInfo, intent: SaveIntent): WriteStatus | undefined {
  if (!type.draftAndPublish || intent === 'publish') return undefined;
  return 'draft';
}

export function saveLabel(type: ContentTypeInfo): string {
  return type.draftAndPublish ? 'Save draft' : 'Save';
}

import type { ApiClient } from './client';
import type { QueryValue } from './query-string';
import type { ContentTypeInfo, Entry, ListResult } from './types';

export type WriteStatus = 'draft' | 'published';
type Query = Record<string, QueryValue>;

/** The URL segment of a type: plural for collections, singular for single types (DESIGN §4). */
export function routeName(type: ContentTypeInfo): string {
  return type.kind === 'collectionType' ? type.pluralName : type.singularName;
}

/** Drafts are readable only with `readDraft`; everyone else reads published entries. */
export function readStatus(type: ContentTypeInfo): Query {
  return type.draftAndPublish && type.actions.includes('readDraft') ? { status: 'draft' } : {};
}

function writeQuery(type: ContentTypeInfo, status: WriteStatus | undefined, query: Query): Query {
  return type.draftAndPublish && status === 'draft' ? { ...query, status: 'draft' } : query;
}

export function listEntries(client: ApiClient, type: ContentTypeInfo, query: Query, signal?: AbortSignal): Promise<ListResult> {
  return client.request<ListResult>('GET', `/api/${type.pluralName}`, { query: { ...readStatus(type), ...query }, ...(signal ? { signal } : {}) });
}

export async function getEntry(client: ApiClient, type: ContentTypeInfo, documentId: string | null, query: Query): Promise<Entry> {
  const path = documentId === null ? `/api/${type.singularName}` : `/api/${type.pluralName}/${documentId}`;
  const result = await client.request<{ data: Entry }>('GET', path, { query: { ...readStatus(type), ...query } });
  return result.data;
}

export async function createEntry(client: ApiClient, type: ContentTypeInfo, data: Record<string, unknown>, status: WriteStatus | undefined, query: Query = {}): Promise<Entry> {
  const result = await client.request<{ data: Entry }>('POST', `/api/${type.pluralName}`, { body: { data }, query: writeQuery(type, status, query) });
  return result.data;
}

/** Partial update; for a single type (`documentId` null) PUT creates or updates. */
export async function updateEntry(client: ApiClient, type: ContentTypeInfo, documentId: string | null, data: Record<string, unknown>, status: WriteStatus | undefined, query: Query = {}): Promise<Entry> {
  const path = documentId === null ? `/api/${type.singularName}` : `/api/${type.pluralName}/${documentId}`;
  const result = await client.request<{ data: Entry }>('PUT', path, { body: { data }, query: writeQuery(type, status, query) });
  return result.data;
}

/** The published versions of some documents, by documentId (draft & publish types). */
export async function fetchPublishedVersions(client: ApiClient, type: ContentTypeInfo, documentIds: readonly string[], signal?: AbortSignal): Promise<Map<string, Entry>> {
  if (documentIds.length === 0) return new Map();
  const result = await client.request<ListResult>('GET', `/api/${type.pluralName}`, {
    query: {
      filters: { documentId: { $in: [...documentIds] } },
      fields: ['updatedAt', 'publishedAt'],
      pagination: { page: 1, pageSize: Math.min(100, documentIds.length), withCount: false },
    },
    ...(signal ? { signal } : {}),
  });
  return new Map(result.data.map((entry) => [entry.documentId, entry]));
}

export function deleteEntry(client: ApiClient, type: ContentTypeInfo, documentId: string | null): Promise<void> {
  const path = documentId === null ? `/api/${type.singularName}` : `/api/${type.pluralName}/${documentId}`;
  return client.request<void>('DELETE', path);
}

export async function setPublished(client: ApiClient, type: ContentTypeInfo, documentId: string, publish: boolean, query: Query = {}): Promise<Entry> {
  const action = publish ? 'publish' : 'unpublish';
  const result = await client.request<{ data: Entry }>('POST', `/api/${type.pluralName}/${documentId}/actions/${action}`, { query });
  return result.data;
}

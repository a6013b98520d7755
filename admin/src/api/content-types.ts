import type { ApiClient } from './client';
import type { ContentTypeInfo } from './types';

/** The types the caller may see, with their attributes and the actions they may take. */
export async function fetchContentTypes(client: ApiClient): Promise<ContentTypeInfo[]> {
  const result = await client.request<{ data: ContentTypeInfo[] }>('GET', '/api/content-types');
  return result.data;
}

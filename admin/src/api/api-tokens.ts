import type { ApiClient } from './client';
import type { ApiToken, ApiTokenType, CreatedApiToken, PermissionEntry } from './types';

export interface ApiTokenInput {
  name: string;
  description?: string;
  type: ApiTokenType;
  lifespanDays: 7 | 30 | 90 | null;
  permissions?: PermissionEntry[];
}

export async function listApiTokens(client: ApiClient): Promise<ApiToken[]> {
  const result = await client.request<{ data: ApiToken[] }>('GET', '/api/api-tokens');
  return result.data;
}

export async function createApiToken(client: ApiClient, input: ApiTokenInput): Promise<CreatedApiToken> {
  const result = await client.request<{ data: CreatedApiToken }>('POST', '/api/api-tokens', { body: input });
  return result.data;
}

export function revokeApiToken(client: ApiClient, id: number): Promise<void> {
  return client.request<void>('DELETE', `/api/api-tokens/${id}`);
}

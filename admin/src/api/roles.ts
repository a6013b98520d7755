import type { ApiClient } from './client';
import type { PermissionEntry, Role } from './types';

export interface RoleInput {
  name: string;
  description: string;
  permissions: PermissionEntry[];
}

export async function listRoles(client: ApiClient): Promise<Role[]> {
  const result = await client.request<{ data: Role[] }>('GET', '/api/roles');
  return result.data;
}

export async function createRole(client: ApiClient, input: RoleInput): Promise<Role> {
  const result = await client.request<{ data: Role }>('POST', '/api/roles', { body: input });
  return result.data;
}

export async function updateRole(client: ApiClient, id: number, input: RoleInput): Promise<Role> {
  const result = await client.request<{ data: Role }>('PUT', `/api/roles/${id}`, { body: input });
  return result.data;
}

export function deleteRole(client: ApiClient, id: number): Promise<void> {
  return client.request<void>('DELETE', `/api/roles/${id}`);
}

import type { ApiClient } from './client';
import type { User } from './types';

// The users API keeps Strapi's shape: not wrapped in `{ data }` (DESIGN §5).

/** The users screen shows one page: the API's largest. */
export const USERS_PAGE = 100;

export function listUsers(client: ApiClient): Promise<User[]> {
  return client.request<User[]>('GET', '/api/users', { query: { populate: 'role', sort: 'username', pagination: { pageSize: USERS_PAGE } } });
}

export interface NewUser {
  username: string;
  email: string;
  password: string;
  role: number;
}

export function createUser(client: ApiClient, input: NewUser): Promise<User> {
  return client.request<User>('POST', '/api/users', { body: { ...input, confirmed: true } });
}

export function updateUser(client: ApiClient, id: number, changes: { blocked?: boolean; role?: number }): Promise<User> {
  return client.request<User>('PUT', `/api/users/${id}`, { body: changes });
}

export function deleteUser(client: ApiClient, id: number): Promise<void> {
  return client.request<void>('DELETE', `/api/users/${id}`);
}

import type { ApiClient } from './client';
import type { AuthResult, User } from './types';

/** Whether the instance has an admin yet: the first-run screen shows until it does. */
export async function fetchHasAdmin(client: ApiClient): Promise<boolean> {
  const result = await client.request<{ data: { hasAdmin: boolean } }>('GET', '/api/admin/init', { auth: false });
  return result.data.hasAdmin;
}

export function registerAdmin(client: ApiClient, input: { username: string; email: string; password: string }): Promise<AuthResult> {
  return client.request<AuthResult>('POST', '/api/admin/register-admin', { body: input, auth: false });
}

export function signIn(client: ApiClient, input: { identifier: string; password: string }): Promise<AuthResult> {
  return client.request<AuthResult>('POST', '/api/auth/local', { body: input, auth: false });
}

export function signOut(client: ApiClient, refreshToken: string): Promise<void> {
  return client.request<void>('POST', '/api/auth/logout', { body: { refreshToken }, auth: false });
}

/** The signed-in user, always with `role: { id, name, type }`. */
export function fetchMe(client: ApiClient): Promise<User> {
  return client.request<User>('GET', '/api/users/me');
}

/** Always answers ok, whether or not the address is known: the mail says the rest. */
export function forgotPassword(client: ApiClient, email: string): Promise<void> {
  return client.request<void>('POST', '/api/auth/forgot-password', { body: { email }, auth: false });
}

/** Sets a new password with the code from the reset mail; answers a new session. */
export function resetPassword(client: ApiClient, input: { code: string; password: string; passwordConfirmation: string }): Promise<AuthResult> {
  return client.request<AuthResult>('POST', '/api/auth/reset-password', { body: input, auth: false });
}

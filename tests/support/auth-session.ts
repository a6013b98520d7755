import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

/** The secret auth test apps run with, so tests can forge tokens with the right key. */
export const AUTH_TEST_SECRET = 'auth-test-secret-long-enough-for-larder-0123456789';
export const PASSWORD = 'correct horse battery';

export interface Session {
  id: number;
  jwt: string;
  refreshToken: string;
  headers: Record<string, string>;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

function session(body: { jwt: string; refreshToken: string; user: { id: number } }): Session {
  return { id: body.user.id, jwt: body.jwt, refreshToken: body.refreshToken, headers: bearer(body.jwt) };
}

/** The first admin, through the admin panel's first-run endpoint (one scrypt). */
export async function registerFirstAdmin(app: TestApp, username = 'admin'): Promise<Session> {
  const response = await app.request('POST', '/api/admin/register-admin', { username, email: `${username}@example.test`, password: PASSWORD });
  expect(response.status, response.text).toBe(200);
  return session(response.body);
}

/** A user with the `authenticated` role (one scrypt). */
export async function registerUser(app: TestApp, username: string, password = PASSWORD): Promise<Session> {
  const response = await app.request('POST', '/api/auth/local/register', { username, email: `${username}@example.test`, password });
  expect(response.status, response.text).toBe(200);
  return session(response.body);
}

/** A new session for an existing user (one scrypt). */
export async function login(app: TestApp, identifier: string, password = PASSWORD): Promise<Session> {
  const response = await app.request('POST', '/api/auth/local', { identifier, password });
  expect(response.status, response.text).toBe(200);
  return session(response.body);
}

export async function metricsText(app: TestApp): Promise<string> {
  return (await app.request('GET', '/metrics')).text;
}

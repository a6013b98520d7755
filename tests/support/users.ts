import { expect } from 'vitest';
import type { TestApp } from './test-app.js';

export interface SignedIn {
  id: number;
  username: string;
  jwt: string;
  refreshToken: string;
  /** `Authorization: Bearer <jwt>`. */
  headers: Record<string, string>;
}

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * Registers a user over HTTP and, when `roleType` is not `authenticated`,
 * moves them to that role in the database (what an admin does through the
 * users API, minus the admin): the role is read on every request.
 */
export async function signUp(app: TestApp, username: string, roleType = 'authenticated'): Promise<SignedIn> {
  const response = await app.request('POST', '/api/auth/local/register', {
    username, email: `${username}@example.test`, password: TEST_PASSWORD,
  });
  expect(response.status, response.text).toBe(200);
  const id = Number(response.body.user.id);
  if (roleType !== 'authenticated') {
    const { knex } = app.app.db;
    const role = await knex('larder_roles').where('type', roleType).first('id') as { id: number } | undefined;
    if (!role) throw new Error(`no role of type ${roleType}`);
    await knex('larder_users').where('id', id).update({ role_id: role.id });
  }
  const { jwt, refreshToken } = response.body as { jwt: string; refreshToken: string };
  return { id, username, jwt, refreshToken, headers: { authorization: `Bearer ${jwt}` } };
}

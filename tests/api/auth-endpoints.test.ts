import { expect } from 'vitest';
import { dialects } from '../support/databases.js';
import { sample } from '../support/metrics-text.js';
import { errorBody, runScenarios, type Scenario, type Vars } from '../support/scenarios.js';
import type { TestApp } from '../support/test-app.js';

/**
 * Every auth, user and admin-bootstrap endpoint once, as a story (DESIGN §5,
 * §9, §10). The reset mail goes to the development log here (no SMTP), which
 * is how the code is picked up.
 */
const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'tr0ub4dor & 3 more';
const RESET_PASSWORD = 'a brand new passphrase';
const USER_KEYS = ['blocked', 'confirmed', 'createdAt', 'documentId', 'email', 'id', 'updatedAt', 'username'];

const auth = (name: string) => (vars: Vars) => ({ authorization: `Bearer ${vars[name]}` });

/** The reset code from the mail the development mailer logged (sent after the answer, so wait for it). */
async function loggedResetCode(app: TestApp, to: string): Promise<string> {
  for (let waited = 0; waited < 5000; waited += 20) {
    const line = app.logs.find((entry) => entry.event === 'mail.logged' && entry.to === to);
    const code = typeof line?.text === 'string' ? /[?&]code=([\w-]+)/.exec(line.text)?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no reset mail to ${to} in the log`);
}

const scenarios: Scenario[] = [
  // First run: the admin panel offers to create the admin.
  { name: 'init reports no admin', method: 'GET', url: '/api/admin/init', expectStatus: 200, expectBody: { data: { hasAdmin: false } } },
  {
    name: 'register-admin creates the first admin and signs them in', method: 'POST', url: '/api/admin/register-admin',
    body: { username: 'root', email: 'Root@Example.test', password: PASSWORD }, expectStatus: 200,
    expectBody: { user: { username: 'root', email: 'root@example.test', confirmed: true, blocked: false } },
    notExpectText: ['"password"', 'scrypt$'],
    save: (response, vars) => { vars.admin = response.body.jwt; },
  },
  { name: 'init now reports an admin', method: 'GET', url: '/api/admin/init', expectStatus: 200, expectBody: { data: { hasAdmin: true } } },
  {
    name: 'register-admin is closed once an admin exists', method: 'POST', url: '/api/admin/register-admin',
    body: { username: 'root2', email: 'root2@example.test', password: PASSWORD }, expectStatus: 403, expectBody: errorBody(403, 'ForbiddenError'),
  },

  // Registration and login.
  {
    name: 'register answers jwt, user and refreshToken, the email case-folded', method: 'POST', url: '/api/auth/local/register',
    body: { username: 'Alice', email: 'Alice@Example.test', password: PASSWORD }, expectStatus: 200,
    check: (response) => {
      expect(Object.keys(response.body).sort()).toEqual(['jwt', 'refreshToken', 'user']);
      expect(Object.keys(response.body.user).sort()).toEqual(USER_KEYS);
      expect(response.body.user).toMatchObject({ username: 'Alice', email: 'alice@example.test', confirmed: true, blocked: false });
      expect(response.body.user.documentId).toMatch(/^[a-z0-9]{24}$/);
      expect(response.body.jwt.split('.')).toHaveLength(3);
    },
    save: (response, vars) => { vars.aliceId = response.body.user.id; },
  },
  {
    name: 'a taken username, in any case, is Strapi\'s 400', method: 'POST', url: '/api/auth/local/register',
    body: { username: 'ALICE', email: 'other@example.test', password: PASSWORD }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: 'Email or username are already taken' }),
  },
  {
    name: 'a taken email, in any case, is Strapi\'s 400', method: 'POST', url: '/api/auth/local/register',
    body: { username: 'alice2', email: 'ALICE@example.TEST', password: PASSWORD }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: 'Email or username are already taken' }),
  },
  {
    name: 'a password under 8 characters is refused', method: 'POST', url: '/api/auth/local/register',
    body: { username: 'shorty', email: 'shorty@example.test', password: 'short' }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['password'] }] } }),
  },
  {
    name: 'a password over 256 characters is refused', method: 'POST', url: '/api/auth/local/register',
    body: { username: 'longy', email: 'longy@example.test', password: 'x'.repeat(257) }, expectStatus: 400,
  },
  {
    name: 'login by email, in another case', method: 'POST', url: '/api/auth/local',
    body: { identifier: 'ALICE@example.test', password: PASSWORD }, expectStatus: 200,
    expectBody: { user: { username: 'Alice' } },
    save: (response, vars) => { vars.alice = response.body.jwt; vars.aliceRefresh = response.body.refreshToken; },
  },
  {
    name: 'login by username, in another case', method: 'POST', url: '/api/auth/local',
    body: { identifier: 'alice', password: PASSWORD }, expectStatus: 200,
    save: (response, vars) => { vars.aliceOther = response.body.jwt; },
  },
  {
    name: 'a wrong password is Strapi\'s 400', method: 'POST', url: '/api/auth/local',
    body: { identifier: 'alice', password: 'not the password' }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: 'Invalid identifier or password' }),
  },
  {
    name: '/api/users/me includes the role', method: 'GET', url: '/api/users/me', headers: auth('alice'), expectStatus: 200,
    expectBody: { username: 'Alice', email: 'alice@example.test', role: { type: 'authenticated', name: expect.any(String), id: expect.any(Number) } },
    notExpectText: ['password'],
  },
  { name: '/api/users/me without credentials is 401', method: 'GET', url: '/api/users/me', expectStatus: 401, expectBody: errorBody(401, 'UnauthorizedError') },

  // Refresh and logout.
  {
    name: 'refresh rotates the refresh token and issues a new jwt', method: 'POST', url: '/api/auth/refresh',
    body: (vars) => ({ refreshToken: vars.aliceRefresh }), expectStatus: 200,
    check: (response, vars) => {
      expect(Object.keys(response.body).sort()).toEqual(['jwt', 'refreshToken']);
      expect(response.body.refreshToken).not.toBe(vars.aliceRefresh);
    },
    save: (response, vars) => { vars.aliceRefreshed = response.body.jwt; vars.aliceRefresh2 = response.body.refreshToken; },
  },
  { name: 'the refreshed jwt works', method: 'GET', url: '/api/users/me', headers: auth('aliceRefreshed'), expectStatus: 200 },
  {
    name: 'logout with the refresh token ends the session', method: 'POST', url: '/api/auth/logout',
    body: (vars) => ({ refreshToken: vars.aliceRefresh2 }), expectStatus: 204,
  },
  { name: 'the session\'s access token stops working at once', method: 'GET', url: '/api/users/me', headers: auth('aliceRefreshed'), expectStatus: 401 },
  { name: 'another session of the same user is untouched', method: 'GET', url: '/api/users/me', headers: auth('aliceOther'), expectStatus: 200 },

  // Change password: a new session, every other one ends.
  {
    name: 'change-password needs the current password', method: 'POST', url: '/api/auth/change-password', headers: auth('aliceOther'),
    body: { currentPassword: 'wrong password', password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: 'The provided current password is invalid' }),
  },
  {
    name: 'change-password needs a matching confirmation', method: 'POST', url: '/api/auth/change-password', headers: auth('aliceOther'),
    body: { currentPassword: PASSWORD, password: NEW_PASSWORD, passwordConfirmation: 'something else' }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { details: { errors: [{ path: ['passwordConfirmation'] }] } }),
  },
  {
    name: 'change-password without credentials is 401', method: 'POST', url: '/api/auth/change-password',
    body: { currentPassword: PASSWORD, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, expectStatus: 401,
  },
  {
    name: 'change-password answers a new session', method: 'POST', url: '/api/auth/change-password', headers: auth('aliceOther'),
    body: { currentPassword: PASSWORD, password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, expectStatus: 200,
    expectBody: { user: { username: 'Alice' } },
    save: (response, vars) => { vars.aliceChanged = response.body.jwt; },
  },
  { name: 'the session that changed the password has ended', method: 'GET', url: '/api/users/me', headers: auth('aliceOther'), expectStatus: 401 },
  { name: 'so has every other session', method: 'GET', url: '/api/users/me', headers: auth('alice'), expectStatus: 401 },
  { name: 'the new session works', method: 'GET', url: '/api/users/me', headers: auth('aliceChanged'), expectStatus: 200 },

  // Forgot and reset password.
  {
    name: 'forgot-password answers ok for a known email', method: 'POST', url: '/api/auth/forgot-password',
    body: { email: 'ALICE@example.test' }, expectStatus: 200, expectBody: { ok: true },
    check: async (_response, vars, app) => { vars.code = await loggedResetCode(app, 'alice@example.test'); },
  },
  {
    name: 'forgot-password answers the same for an unknown email', method: 'POST', url: '/api/auth/forgot-password',
    body: { email: 'nobody@example.test' }, expectStatus: 200,
    check: (response) => expect(response.body).toEqual({ ok: true }),
  },
  {
    name: 'reset-password refuses an unknown code', method: 'POST', url: '/api/auth/reset-password',
    body: { code: 'A'.repeat(43), password: RESET_PASSWORD, passwordConfirmation: RESET_PASSWORD }, expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: 'Incorrect code provided' }),
  },
  {
    name: 'reset-password sets the password and answers a new session', method: 'POST', url: '/api/auth/reset-password',
    body: (vars) => ({ code: vars.code, password: RESET_PASSWORD, passwordConfirmation: RESET_PASSWORD }), expectStatus: 200,
    expectBody: { user: { username: 'Alice' } },
    save: (response, vars) => { vars.aliceReset = response.body.jwt; vars.aliceResetRefresh = response.body.refreshToken; },
  },
  {
    name: 'a reset code works once', method: 'POST', url: '/api/auth/reset-password',
    body: (vars) => ({ code: vars.code, password: RESET_PASSWORD, passwordConfirmation: RESET_PASSWORD }), expectStatus: 400,
    expectBody: errorBody(400, 'ValidationError', { message: 'Incorrect code provided' }),
  },
  { name: 'sessions from before the reset have ended', method: 'GET', url: '/api/users/me', headers: auth('aliceChanged'), expectStatus: 401 },
  { name: 'the reset session works', method: 'GET', url: '/api/users/me', headers: auth('aliceReset'), expectStatus: 200 },
  {
    name: 'the old password no longer logs in', method: 'POST', url: '/api/auth/local',
    body: { identifier: 'alice', password: NEW_PASSWORD }, expectStatus: 400,
  },
  {
    name: 'logout without a body ends the caller\'s own session', method: 'POST', url: '/api/auth/logout', headers: auth('aliceReset'), expectStatus: 204,
  },
  { name: 'and its token stops working', method: 'GET', url: '/api/users/me', headers: auth('aliceReset'), expectStatus: 401 },
  {
    name: 'and so does its refresh token', method: 'POST', url: '/api/auth/refresh',
    body: (vars) => ({ refreshToken: vars.aliceResetRefresh }), expectStatus: 401, expectBody: errorBody(401, 'UnauthorizedError'),
  },

  // /api/users for admins.
  { name: 'users list needs credentials', method: 'GET', url: '/api/users', expectStatus: 401, expectBody: errorBody(401, 'UnauthorizedError') },
  {
    name: 'admins create users with a role and flags', method: 'POST', url: '/api/users', headers: auth('admin'),
    body: { username: 'eddie', email: 'Eddie@Example.test', password: PASSWORD, role: 'editor', confirmed: false }, expectStatus: 201,
    expectBody: { username: 'eddie', email: 'eddie@example.test', confirmed: false, blocked: false, role: { type: 'editor' } },
    notExpectText: ['password'],
    save: (response, vars) => { vars.eddieId = response.body.id; vars.eddieDocumentId = response.body.documentId; },
  },
  {
    name: 'the users list is a plain array', method: 'GET', url: '/api/users?sort=username:asc', headers: auth('admin'), expectStatus: 200,
    check: (response) => {
      expect(Array.isArray(response.body)).toBe(true);
      expect(response.body.map((user: { username: string }) => user.username)).toEqual(['Alice', 'eddie', 'root']);
      expect(Object.keys(response.body[0]).sort()).toEqual(USER_KEYS);
    },
  },
  {
    name: 'filters, sort, pagination and populate=role', method: 'GET', headers: auth('admin'), expectStatus: 200,
    url: '/api/users?filters[role][type][$in][0]=editor&filters[role][type][$in][1]=admin&sort=createdAt:desc&pagination[pageSize]=1&populate=role',
    check: (response) => {
      expect(response.body).toHaveLength(1);
      expect(response.body[0]).toMatchObject({ username: 'eddie', role: { type: 'editor' } });
    },
  },
  {
    name: 'case-insensitive contains and booleans', method: 'GET', headers: auth('admin'), expectStatus: 200,
    url: '/api/users?filters[username][$containsi]=ALI&filters[blocked][$eq]=false',
    check: (response) => expect(response.body.map((user: { username: string }) => user.username)).toEqual(['Alice']),
  },
  {
    name: 'case-sensitive contains', method: 'GET', headers: auth('admin'), expectStatus: 200,
    url: '/api/users?filters[username][$contains]=ALI',
    check: (response) => expect(response.body).toEqual([]),
  },
  ...[
    ['an unknown query key', '/api/users?where[password]=x'],
    ['filtering on the password', '/api/users?filters[password][$startsWith]=scrypt'],
    ['an unknown operator', '/api/users?filters[username][$regex]=.*'],
    ['sorting on the password', '/api/users?sort=password'],
    ['populating something else', '/api/users?populate=sessions'],
    ['a keyset cursor', '/api/users?pagination[after]=abc'],
  ].map(([what, url]): Scenario => ({
    name: `users list: ${what} is a 400`, method: 'GET', url: url!, headers: auth('admin'), expectStatus: 400,
  })),
  {
    name: 'admins read one user, with its role', method: 'GET', url: (vars) => `/api/users/${vars.eddieId}`, headers: auth('admin'), expectStatus: 200,
    expectBody: { username: 'eddie', role: { type: 'editor' } },
  },
  {
    name: 'by documentId too', method: 'GET', url: (vars) => `/api/users/${vars.eddieDocumentId}`, headers: auth('admin'), expectStatus: 200,
    expectBody: { username: 'eddie' },
  },
  {
    name: 'admins block a user and change their role', method: 'PUT', url: (vars) => `/api/users/${vars.eddieId}`, headers: auth('admin'),
    body: { blocked: true, role: 'authenticated' }, expectStatus: 200, expectBody: { username: 'eddie', blocked: true, role: { type: 'authenticated' } },
  },
  {
    name: 'the users API allow-lists what it writes', method: 'PUT', url: (vars) => `/api/users/${vars.eddieId}`, headers: auth('admin'),
    body: { id: 1, createdAt: '2020-01-01T00:00:00Z' }, expectStatus: 400, expectBody: errorBody(400, 'ValidationError'),
  },
  {
    name: 'an unknown role is a 400', method: 'PUT', url: (vars) => `/api/users/${vars.eddieId}`, headers: auth('admin'),
    body: { role: 9999 }, expectStatus: 400,
  },
  {
    name: 'taking another user\'s email is a 400', method: 'PUT', url: (vars) => `/api/users/${vars.eddieId}`, headers: auth('admin'),
    body: { email: 'ALICE@example.test' }, expectStatus: 400, expectBody: errorBody(400, 'ValidationError', { message: 'Email or username are already taken' }),
  },
  {
    name: 'the last admin cannot demote themself', method: 'PUT', url: '/api/users/1', headers: auth('admin'),
    body: { role: 'authenticated' }, expectStatus: 400,
  },
  {
    name: 'admins delete a user, answered with it', method: 'DELETE', url: (vars) => `/api/users/${vars.eddieId}`, headers: auth('admin'),
    expectStatus: 200, expectBody: { username: 'eddie' },
  },
  { name: 'a deleted user is a 404', method: 'GET', url: (vars) => `/api/users/${vars.eddieId}`, headers: auth('admin'), expectStatus: 404 },
  { name: 'deleting again is a 404', method: 'DELETE', url: (vars) => `/api/users/${vars.eddieId}`, headers: auth('admin'), expectStatus: 404 },
  {
    name: 'an unsupported method on an auth route is a 405 with Allow', method: 'GET', url: '/api/auth/local', expectStatus: 405,
    expectHeaders: { allow: 'POST' }, expectBody: errorBody(405, 'MethodNotAllowedError'),
  },
  {
    name: 'auth attempts are counted by method and outcome', method: 'GET', url: '/metrics', expectStatus: 200,
    check: (response) => {
      const count = (method: string, outcome: string) => sample(response.text, 'larder_auth_attempts_total', { method, outcome });
      expect(count('register-admin', 'success')).toBe(1);
      expect(count('register-admin', 'failure')).toBe(1);
      expect(count('register', 'success')).toBe(1);
      expect(count('register', 'failure')).toBe(4);
      expect(count('local', 'success')).toBe(2);
      expect(count('local', 'failure')).toBe(2);
      expect(count('refresh', 'success')).toBe(1);
      expect(count('refresh', 'failure')).toBe(1);
      expect(count('change-password', 'failure')).toBe(3);
      expect(count('change-password', 'success')).toBe(1);
      expect(count('reset-password', 'success')).toBe(1);
      expect(count('reset-password', 'failure')).toBe(2);
      expect(count('forgot-password', 'success')).toBe(2);
      expect(count('jwt', 'success')).toBeGreaterThan(5);
      expect(count('jwt', 'failure')).toBeGreaterThanOrEqual(5);
    },
  },
];

runScenarios('auth, users and first-run endpoints', dialects, scenarios);

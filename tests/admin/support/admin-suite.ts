import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { ensureAdminBuild } from './admin-build.js';

export const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots');
export const ADMIN = { username: 'ada', email: 'ada@example.test', password: 'correct horse battery staple' };

/**
 * roles.json for the browser suites: the built-in roles, except an Editor
 * that may do everything but delete (the permission scenario checks that the
 * panel offers no delete and the API refuses it).
 */
export const ADMIN_SUITE_ROLES = {
  roles: [
    {
      type: 'editor', name: 'Editor', description: 'Writes and publishes, never deletes.',
      permissions: [{ subject: '*', actions: ['find', 'findOne', 'create', 'update', 'publish', 'readDraft'] }],
    },
  ],
};

export interface AdminSuite {
  app: TestApp;
  browser: Browser;
}

/** One real Larder (SQLite, example content types) and one Chromium per test file. */
export function useAdminSuite(): AdminSuite {
  const suite = {} as AdminSuite;
  beforeAll(async () => {
    await ensureAdminBuild();
    suite.app = await startTestApp({ dialect: 'sqlite', roles: ADMIN_SUITE_ROLES });
    suite.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

/** Messages Chromium itself prints for any 4xx/5xx fetch: expected when a test provokes one. */
const NETWORK_NOISE = /^Failed to load resource: the server responded with a status of (400|401|403|404|409)\b/;
/**
 * While the builder restarts the server, the panel polls /_ready and some polls find
 * nobody listening (admin/src/api/builder.ts): Chromium reports each one, by design.
 */
function isRestartPoll(text: string, url: string): boolean {
  return text === 'Failed to load resource: net::ERR_CONNECTION_REFUSED' && url.endsWith('/_ready');
}

export interface Panel {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, other than Chromium's own notes on 4xx responses. */
  errors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh browser profile (no stored session) on a laptop-sized screen. */
export async function openPanel(suite: AdminSuite, path = '/admin/'): Promise<Panel> {
  const context = await suite.browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: suite.app.url });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' || NETWORK_NOISE.test(message.text()) || isRestartPoll(message.text(), message.location().url)) return;
    errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
  await page.goto(path);
  return {
    context, page, errors,
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
    },
    async close() {
      expect(errors, 'console errors').toEqual([]);
      await context.close();
    },
  };
}

/** The first admin, through the API: for suites that start past first-run. */
export async function createFirstAdmin(app: TestApp): Promise<{ jwt: string; headers: Record<string, string> }> {
  const response = await app.request('POST', '/api/admin/register-admin', { username: ADMIN.username, email: ADMIN.email, password: ADMIN.password });
  expect(response.status, response.text).toBe(200);
  return { jwt: response.body.jwt, headers: { authorization: `Bearer ${response.body.jwt}` } };
}

/** Signs in through the login screen and waits for the signed-in shell. */
export async function signIn(page: Page, identifier = ADMIN.email, password = ADMIN.password): Promise<void> {
  await page.getByLabel('Email or username').fill(identifier);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

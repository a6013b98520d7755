import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.js';
import { ADMIN, createFirstAdmin, openPanel, signIn, useAdminSuite } from './support/admin-suite.js';

describe.skipIf(!chromiumAvailable)('admin panel: getting in', () => {
  const suite = useAdminSuite();

  it('first run: with no admin yet, the panel creates the first one and signs it in', async () => {
    const panel = await openPanel(suite);
    const { page } = panel;
    await page.getByRole('heading', { name: 'Welcome to Larder' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/first-run');

    // Client-side checks show at the fields before anything is sent.
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await expect.poll(() => page.locator('.field-error').count()).toBe(3);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(ADMIN.password);
    await page.getByLabel('Repeat password').fill(ADMIN.password);
    await panel.screenshot('first-run');
    await page.getByRole('button', { name: 'Create administrator' }).click();

    await page.getByRole('heading', { name: `Welcome, ${ADMIN.username}` }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/');
    const content = page.getByRole('navigation', { name: 'Content' });
    for (const type of ['Article', 'Author', 'Category', 'Tag', 'Homepage']) {
      await content.getByRole('link', { name: type, exact: true }).waitFor();
    }
    await page.getByRole('navigation', { name: 'Settings' }).waitFor();

    const init = await suite.app.request('GET', '/api/admin/init');
    expect(init.body).toEqual({ data: { hasAdmin: true } });
    await panel.close();
  });

  it('login: a wrong password shows the API message; the right one signs in; a reload keeps the session', async () => {
    const panel = await openPanel(suite);
    const { page } = panel;
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/login');

    await page.getByLabel('Email or username').fill(ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).not.toBe('');
    await panel.screenshot('login-error');

    await signIn(page);
    await page.getByRole('heading', { name: `Welcome, ${ADMIN.username}` }).waitFor();
    expect(await page.evaluate('localStorage.getItem("larder.refreshToken")')).toEqual(expect.any(String));

    // The access token lives in memory only: a reload gets a new one through the refresh token.
    await page.reload();
    await page.getByRole('heading', { name: `Welcome, ${ADMIN.username}` }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate('localStorage.getItem("larder.refreshToken")')).toBeNull();
    await panel.close();
  });

  it('a deep link asks to sign in, then opens where it pointed', async () => {
    const panel = await openPanel(suite, '/admin/content/articles?q=engine');
    const { page } = panel;
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get('next')).toBe('/content/articles?q=engine');
    await signIn(page);
    await page.getByRole('heading', { name: 'Article', exact: true }).waitFor();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/admin/content/articles');
    expect(await page.getByLabel('Search Article').inputValue()).toBe('engine');
    await panel.close();
  });

  it('when the session ends, signing in again in place keeps everything typed and finishes the save', async () => {
    const panel = await openPanel(suite);
    const { page } = panel;
    await signIn(page);
    await page.goto('/admin/content/articles/new');
    await page.getByLabel('Title').fill('Written before the session ended');
    await page.getByLabel('Summary').fill('Nothing typed is lost.');

    // End the session behind the panel's back, as an expiry or a logout elsewhere would.
    const refreshToken = await page.evaluate('localStorage.getItem("larder.refreshToken")');
    const logout = await suite.app.request('POST', '/api/auth/logout', { refreshToken });
    expect(logout.status).toBe(204);

    await page.getByRole('button', { name: 'Save draft' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Email or username').inputValue()).toBe(ADMIN.email);
    await panel.screenshot('session-expired');
    await dialog.getByLabel('Password').fill(ADMIN.password);
    await dialog.getByRole('button', { name: 'Sign in and continue' }).click();

    // The waiting save went through with what was typed.
    await page.getByRole('heading', { name: 'Written before the session ended' }).waitFor();
    expect(await page.getByLabel('Summary').inputValue()).toBe('Nothing typed is lost.');
    await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/admin\/content\/articles\/[a-z0-9]{24}$/);
    await panel.close();
  });
});

describe.skipIf(!chromiumAvailable)('admin panel: an instance that already has an admin', () => {
  const suite = useAdminSuite();

  it('shows the login screen, not first run', async () => {
    await createFirstAdmin(suite.app);
    const panel = await openPanel(suite);
    await panel.page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await panel.screenshot('login');
    await panel.close();
  });
});

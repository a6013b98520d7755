import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.js';
import { ADMIN, createFirstAdmin, openPanel, signIn, useAdminSuite } from './support/admin-suite.js';

describe.skipIf(!chromiumAvailable)('admin panel: password reset', () => {
  const suite = useAdminSuite();

  it('forgot password → the mailed link → a new password signs in; the old one no longer works', async () => {
    await createFirstAdmin(suite.app);
    const panel = await openPanel(suite, '/admin/login');
    const { page } = panel;
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByRole('status').filter({ hasText: 'a link to set a new password is on its way' }).waitFor();
    await panel.screenshot('forgot-password');

    // Without SMTP, development writes the mail to the log: that is where this reset link comes from.
    let text = '';
    await expect.poll(() => {
      const mail = suite.app.logs.find((line) => line.event === 'mail.logged' && line.to === ADMIN.email);
      text = typeof mail?.text === 'string' ? mail.text : '';
      return text;
    }).toContain('/admin/reset-password?code=');
    const link = /\/admin\/reset-password\?code=\S+/.exec(text)![0];

    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    const newPassword = 'a brand new passphrase';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await panel.screenshot('reset-password');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('heading', { name: `Welcome, ${ADMIN.username}` }).waitFor();

    const old = await suite.app.request('POST', '/api/auth/local', { identifier: ADMIN.email, password: ADMIN.password });
    expect(old.status).toBe(400);
    // The code is single-use.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('yet another passphrase');
    await page.getByLabel('Repeat the new password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set password and sign in' }).click();
    await page.getByRole('alert').waitFor();
    await page.goto('/admin/login');
    await signIn(page, ADMIN.email, newPassword);
    expect(panel.errors).toEqual([]);
    await panel.close();
  });
});

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.js';
import { ADMIN, createFirstAdmin, openPanel, useAdminSuite } from './support/admin-suite.js';

/** What has focus: its text or label, and whether a focus ring is drawn. */
async function focused(page: Page): Promise<{ text: string; ring: boolean }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const style = el ? getComputedStyle(el) : null;
    const text = el ? (el.getAttribute('aria-label') || el.textContent || el.id || '').trim() : '';
    return { text, ring: !!style && (style.boxShadow !== 'none' || (style.outlineStyle !== 'none' && style.outlineWidth !== '0px')) };
  })()`);
}

/** Presses Tab until the focused element's text matches, as a keyboard user would; fails if it is not reachable. */
async function tabTo(page: Page, text: string | RegExp, presses = 60): Promise<void> {
  for (let count = 0; count < presses; count += 1) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    if (typeof text === 'string' ? now.text === text : text.test(now.text)) {
      expect(now.ring, `focus ring on "${now.text}"`).toBe(true);
      return;
    }
  }
  throw new Error(`"${String(text)}" is not reachable with Tab`);
}

describe.skipIf(!chromiumAvailable)('admin panel: keyboard only', () => {
  const suite = useAdminSuite();

  beforeAll(async () => {
    const admin = (await createFirstAdmin(suite.app)).headers;
    await suite.app.request('POST', '/api/articles', { data: { title: 'Typed by keyboard' } }, admin);
  });

  it('signs in, reaches a list and an entry, saves with Ctrl+S and leaves a dialog with Escape, with a visible focus ring throughout', async () => {
    const panel = await openPanel(suite);
    const { page } = panel;
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    // The identifier field has focus on arrival.
    await page.keyboard.type(ADMIN.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: `Welcome, ${ADMIN.username}` }).waitFor();

    // The first Tab offers to skip the navigation.
    await page.keyboard.press('Tab');
    await expect.poll(async () => (await focused(page)).text).toBe('Skip to content');

    await tabTo(page, 'Article');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Article', exact: true }).waitFor();
    await tabTo(page, 'Typed by keyboard');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Typed by keyboard' }).waitFor();

    await tabTo(page, 'field-title');
    await page.keyboard.press('End');
    await page.keyboard.type(' and saved');
    await page.keyboard.press('Control+s');
    await page.getByRole('heading', { name: 'Typed by keyboard and saved' }).waitFor();

    await tabTo(page, 'Delete this entry');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /^Delete/ });
    await dialog.waitFor();
    // Focus starts on the safe choice; Escape closes and returns focus to the opener.
    await expect.poll(async () => (await focused(page)).text).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(async () => (await focused(page)).text).toBe('Delete this entry');
    await panel.screenshot('keyboard-focus');
    await panel.close();
  });
});

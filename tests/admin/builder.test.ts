import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, chromiumAvailable } from '../support/browser.js';
import { startCliServer, type CliServer } from '../support/cli-process.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { cliProject, type CliProject } from '../support/larder-cli.js';
import type { TestApp } from '../support/test-app.js';
import { ensureAdminBuild } from './support/admin-build.js';
import { ADMIN, openPanel, signIn } from './support/admin-suite.js';

const note = collection('note', 'notes', { title: { type: 'string', required: true } });

/**
 * The builder restarts the server it runs in, so this suite runs the built CLI
 * (`npm run build` first) in development, as `larder dev` would, not an in-process app.
 */
describe.skipIf(!chromiumAvailable)('admin panel: content-type builder', () => {
  let database: TestDatabase;
  let project: CliProject;
  let server: CliServer;
  let browser: Browser;

  beforeAll(async () => {
    await ensureAdminBuild();
    database = await createTestDatabase('sqlite');
    project = cliProject(database.url);
    project.define({ note });
    server = await startCliServer(project.root, project.env, 30_000);
    const registered = await fetch(`${server.url}/api/admin/register-admin`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: ADMIN.username, email: ADMIN.email, password: ADMIN.password }),
    });
    expect(registered.status).toBe(200);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    project?.remove();
    await database?.drop();
  });

  it('adds a field, reviews the plan (safe), applies it and shows the field after the restart', async () => {
    const panel = await openPanel({ app: { url: server.url } as TestApp, browser }, '/admin/settings/content-types');
    const { page } = panel;
    await signIn(page);
    await page.getByRole('link', { name: 'Edit note' }).click();
    await page.getByRole('heading', { name: 'Edit note' }).waitFor();

    await page.getByRole('button', { name: 'Add field' }).click();
    const added = page.locator('fieldset').filter({ hasText: 'new field' });
    await added.getByLabel('Name').fill('summary');
    const summary = page.locator('[data-field-name="summary"]');
    await summary.getByLabel('Max length').fill('200');
    await summary.scrollIntoViewIfNeeded();
    await panel.screenshot('content-type-builder-form');
    await page.getByRole('button', { name: 'Review changes' }).click();

    const plan = page.getByRole('list', { name: 'Migration plan' });
    await plan.waitFor();
    expect(await plan.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Safe\s+add column notes\.summary/)]);
    await panel.screenshot('content-type-builder-plan');

    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'Content types', level: 1 }).waitFor({ timeout: 30_000 });
    const row = page.getByRole('row', { name: /summary/ });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('string');
    await panel.screenshot('content-type-builder-applied');

    const written = JSON.parse(readFileSync(join(project.configDir, 'content-types', 'note.json'), 'utf8')) as { attributes: Record<string, unknown> };
    expect(written.attributes.summary).toEqual({ type: 'string', maxLength: 200 });
    const created = await fetch(`${server.url}/api/notes`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ data: { title: 'x', summary: 'short' } }),
    });
    expect(created.status).toBe(201);
    await panel.close();
  }, 90_000);

  it('renames a field in place: the plan keeps the data, and the values follow the new name', async () => {
    const panel = await openPanel({ app: { url: server.url } as TestApp, browser }, '/admin/settings/content-types/note/edit');
    const { page } = panel;
    await signIn(page);
    await page.locator('[data-field-name="summary"]').getByLabel('Name').fill('abstract');
    await page.getByRole('button', { name: 'Review changes' }).click();
    const plan = page.getByRole('list', { name: 'Migration plan' });
    await plan.waitFor();
    expect(await plan.getByRole('listitem').allTextContents()).toEqual([expect.stringMatching(/^Safe\s+rename column notes\.summary to abstract \(data kept\)/)]);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'Content types', level: 1 }).waitFor({ timeout: 30_000 });
    await page.getByRole('row', { name: /abstract/ }).waitFor({ timeout: 15_000 });
    const notes = await (await fetch(`${server.url}/api/notes`)).json() as { data: Array<Record<string, unknown>> };
    expect(notes.data.map((entry) => entry.abstract)).toContain('short');
    expect(panel.errors).toEqual([]);
    await panel.close();
  }, 90_000);

  /** The note type's editor with one field added under `name`, after "Review changes". */
  async function reviewNewField(name: string) {
    const panel = await openPanel({ app: { url: server.url } as TestApp, browser }, '/admin/settings/content-types/note/edit');
    await signIn(panel.page);
    await panel.page.getByRole('button', { name: 'Add field' }).click();
    await panel.page.locator('fieldset').filter({ hasText: 'new field' }).getByLabel('Name').fill(name);
    await panel.page.getByRole('button', { name: 'Review changes' }).click();
    return panel;
  }

  it('two fields with one name are caught in the form, at the second field, before anything is sent', async () => {
    const panel = await reviewNewField('title');
    const { page } = panel;
    const duplicate = page.locator('[data-field-name="title"]').nth(1);
    await duplicate.getByText('Another field is already named title').waitFor();
    await expect.poll(() => page.locator(':focus').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('list', { name: 'Migration plan' }).count()).toBe(0);
    await panel.close();
  }, 60_000);

  it('shows an invalid definition inline, at its field', async () => {
    const panel = await reviewNewField('id');
    const { page } = panel;
    await page.getByRole('alert').filter({ hasText: 'attributes.id' }).waitFor();
    await expect.poll(() => page.locator('[data-field-name="id"] .field-error').count()).toBeGreaterThan(0);
    await panel.close();
  }, 60_000);
});

import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.js';
import { createFirstAdmin, openPanel, signIn, useAdminSuite, type Panel } from './support/admin-suite.js';

describe.skipIf(!chromiumAvailable)('admin panel: settings', () => {
  const suite = useAdminSuite();
  let admin: Record<string, string>;
  let panel: Panel;

  beforeAll(async () => {
    admin = (await createFirstAdmin(suite.app)).headers;
    const article = await suite.app.request('POST', '/api/articles', { data: { title: 'Hello' } }, admin);
    expect(article.status).toBe(201);
    panel = await openPanel(suite);
    await signIn(panel.page);
  });

  const fetchWith = (token: string, path: string) => fetch(`${suite.app.url}${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('creates an API token, shows it once with a copy button, and the token works until it is revoked', async () => {
    const { page } = panel;
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API tokens' }).click();
    await page.getByText('No API tokens yet.').waitFor();
    await page.getByRole('button', { name: 'Create API token' }).click();
    const form = page.getByRole('dialog', { name: 'Create API token' });
    await form.getByLabel('Name').fill('Website');
    await form.getByLabel('Description').fill('The public site build');
    await form.getByLabel('Read-only').check();
    await form.getByLabel('Expires after').selectOption({ label: '30 days' });
    await form.getByRole('button', { name: 'Create token' }).click();

    const shown = page.getByRole('dialog', { name: 'Token “Website” created' });
    await shown.waitFor();
    const token = await shown.getByLabel('Token').inputValue();
    expect(token).toMatch(/^lrd_/);
    await shown.getByRole('button', { name: 'Copy' }).waitFor();
    await panel.screenshot('api-token-created');
    await shown.getByRole('button', { name: 'Done' }).click();

    // The test uses the token as a front-end would.
    const read = await fetchWith(token, '/api/articles');
    expect(read.status).toBe(200);
    expect(((await read.json()) as { data: Array<{ title: string }> }).data.map((entry) => entry.title)).toEqual(['Hello']);
    const write = await fetch(`${suite.app.url}/api/articles`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ data: { title: 'Nope' } }),
    });
    expect(write.status).toBe(403);

    // The list shows when it was last used; the value itself is never shown again.
    await page.reload();
    const row = page.getByRole('row', { name: /Website/ });
    await row.waitFor();
    expect(await row.textContent()).not.toContain(token);
    expect(await row.getByRole('cell').nth(4).textContent()).not.toBe('Never');

    await row.getByRole('button', { name: 'Revoke Website' }).click();
    await page.getByRole('dialog', { name: 'Revoke “Website”?' }).getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText('No API tokens yet.').waitFor();
    expect((await fetchWith(token, '/api/articles')).status).toBe(401);
  });

  it('creates a custom token from the permission matrix', async () => {
    const { page } = panel;
    await page.getByRole('button', { name: 'Create API token' }).click();
    const form = page.getByRole('dialog', { name: 'Create API token' });
    await form.getByLabel('Name').fill('Article reader');
    await form.getByLabel('Custom').check();
    await form.getByRole('checkbox', { name: 'Article: Find', exact: true }).check();
    await form.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Token “Article reader” created' });
    const token = await shown.getByLabel('Token').inputValue();
    await shown.getByRole('button', { name: 'Done' }).click();
    expect((await fetchWith(token, '/api/articles')).status).toBe(200);
    expect((await fetchWith(token, '/api/authors')).status).toBe(403);
  });

  it('creates a user with a role, blocks and unblocks them, and changes their role', async () => {
    const { page } = panel;
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('button', { name: 'Create user' }).click();
    const form = page.getByRole('dialog', { name: 'Create user' });
    await form.getByLabel('Username').fill('grace');
    await form.getByLabel('Email').fill('grace@example.test');
    await form.getByRole('textbox', { name: 'Password' }).fill('grace hopper compiles');
    await form.getByLabel('Role').selectOption({ label: 'Editor' });
    await form.getByRole('button', { name: 'Create user' }).click();
    const row = page.getByRole('row', { name: /grace/ });
    await row.waitFor();
    expect(await row.getByLabel('Role of grace').inputValue()).toBe(String(await roleId('editor')));

    const login = () => suite.app.request('POST', '/api/auth/local', { identifier: 'grace', password: 'grace hopper compiles' });
    expect((await login()).status).toBe(200);

    await row.getByRole('button', { name: 'Block grace' }).click();
    await row.getByText('Blocked').waitFor();
    expect((await login()).status).not.toBe(200);
    await row.getByRole('button', { name: 'Unblock grace' }).click();
    await row.getByText('Active').waitFor();

    await row.getByLabel('Role of grace').selectOption({ label: 'Authenticated' });
    await page.getByRole('status').getByText('grace now has the role Authenticated.').waitFor();
    const users = await suite.app.request('GET', '/api/users?populate=role', undefined, admin);
    expect(users.body.find((user: { username: string }) => user.username === 'grace').role.type).toBe('authenticated');
    await panel.screenshot('users');
  });

  it('shows config roles read-only and creates a role with the permission matrix', async () => {
    const { page } = panel;
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('row', { name: /Editor/ }).getByText('config/roles.json').waitFor();
    await page.getByRole('link', { name: 'Editor' }).click();
    await page.getByText('This role is defined in').waitFor();
    expect(await page.getByRole('checkbox', { name: 'All types: Create' }).isDisabled()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'All types: Create' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'All types: Delete' }).isChecked()).toBe(false);

    await page.getByRole('link', { name: '← Roles' }).click();
    await page.getByRole('link', { name: 'Create role' }).click();
    await page.getByLabel('Name').fill('Reviewer');
    await page.getByLabel('Description').fill('Reads articles; edits their own.');
    await page.getByRole('checkbox', { name: 'Article: Find', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Article: Find one' }).check();
    await page.getByRole('checkbox', { name: 'Article: Read drafts' }).check();
    // A second rule for Article: update, only on entries the user created.
    await page.getByRole('button', { name: 'Conditions and fields for Article', exact: true }).click();
    await page.getByRole('button', { name: 'Add another rule for Article' }).click();
    await page.getByRole('checkbox', { name: 'Article: Update' }).nth(1).check();
    await page.getByLabel('Conditions for Article').nth(1).fill('{ "createdBy": { "id": { "$eq": "$user.id" } } }');
    await panel.screenshot('roles-matrix');
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.getByRole('status').getByText('Role created.').waitFor();

    const roles = await suite.app.request('GET', '/api/roles', undefined, admin);
    const reviewer = roles.body.data.find((role: { name: string }) => role.name === 'Reviewer');
    expect(reviewer).toMatchObject({
      source: 'database',
      description: 'Reads articles; edits their own.',
      permissions: [
        { subject: 'article', actions: ['find', 'findOne', 'readDraft'] },
        { subject: 'article', actions: ['update'], conditions: { createdBy: { id: { $eq: '$user.id' } } } },
      ],
    });
  });

  it('shows every content type, its attributes and relations', async () => {
    const { page } = panel;
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Content types' }).click();
    const article = page.getByRole('region', { name: 'Article' });
    await article.getByRole('rowheader', { name: 'title' }).waitFor();
    expect(await article.getByRole('row', { name: /^author/ }).textContent()).toContain('manyToOne');
    await article.getByRole('link', { name: 'author', exact: true }).waitFor();
    await panel.screenshot('content-types');
    await panel.close();
  });

  async function roleId(type: string): Promise<number> {
    const roles = await suite.app.request('GET', '/api/roles', undefined, admin);
    return roles.body.data.find((role: { type: string }) => role.type === type).id;
  }
});

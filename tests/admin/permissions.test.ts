import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.js';
import { createFirstAdmin, openPanel, signIn, useAdminSuite } from './support/admin-suite.js';

const EDITOR = { username: 'edith', email: 'edith@example.test', password: 'edits but never deletes' };

describe.skipIf(!chromiumAvailable)('admin panel: what a role may not do is not offered', () => {
  const suite = useAdminSuite();
  let articleId = '';

  beforeAll(async () => {
    const admin = (await createFirstAdmin(suite.app)).headers;
    const roles = await suite.app.request('GET', '/api/roles', undefined, admin);
    const editorRole = roles.body.data.find((role: { type: string }) => role.type === 'editor');
    const user = await suite.app.request('POST', '/api/users', { ...EDITOR, role: editorRole.id }, admin);
    expect(user.status, user.text).toBe(201);
    const article = await suite.app.request('POST', '/api/articles', { data: { title: 'Keep me' } }, admin);
    articleId = article.body.data.documentId;
  });

  it('an editor whose role lacks delete sees no delete control, and the API refuses the delete too', async () => {
    const panel = await openPanel(suite);
    const { page } = panel;
    await signIn(page, EDITOR.username, EDITOR.password);
    // Editors work on content; settings are for admins.
    expect(await page.getByRole('navigation', { name: 'Settings' }).count()).toBe(0);

    await page.getByRole('navigation', { name: 'Content' }).getByRole('link', { name: 'Article', exact: true }).click();
    const table = page.getByRole('table', { name: 'Article entries' });
    await table.getByRole('link', { name: 'Keep me' }).waitFor();
    // No row selection (it only serves bulk delete), but creating is allowed.
    expect(await table.getByRole('checkbox').count()).toBe(0);
    await page.getByRole('link', { name: 'Create new entry' }).waitFor();
    await panel.screenshot('editor-list');

    await table.getByRole('link', { name: 'Keep me' }).click();
    const actions = page.getByRole('complementary', { name: 'Entry actions' });
    await actions.getByRole('button', { name: 'Save draft' }).waitFor();
    await actions.getByRole('button', { name: 'Unpublish' }).waitFor();
    expect(await page.getByRole('button', { name: /delete/i }).count()).toBe(0);
    await panel.screenshot('editor-no-delete');

    // The server is the judge: the same request with the editor's own session is refused.
    const login = await suite.app.request('POST', '/api/auth/local', { identifier: EDITOR.username, password: EDITOR.password });
    const refused = await suite.app.request('DELETE', `/api/articles/${articleId}`, undefined, { authorization: `Bearer ${login.body.jwt}` });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ data: null, error: { status: 403, name: 'ForbiddenError' } });

    // And what the panel was told matches what the server enforces.
    const types = await suite.app.request('GET', '/api/content-types', undefined, { authorization: `Bearer ${login.body.jwt}` });
    const article = types.body.data.find((type: { singularName: string }) => type.singularName === 'article');
    expect(article.actions).toEqual(['find', 'findOne', 'create', 'update', 'publish', 'readDraft']);
    await panel.close();
  });
});

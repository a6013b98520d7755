import { beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../support/browser.js';
import { createFirstAdmin, openPanel, signIn, useAdminSuite, type Panel } from './support/admin-suite.js';

describe.skipIf(!chromiumAvailable)('admin panel: content manager', () => {
  const suite = useAdminSuite();
  let admin: Record<string, string>;
  let panel: Panel;
  let articleId = '';

  beforeAll(async () => {
    admin = (await createFirstAdmin(suite.app)).headers;
    const post = async (path: string, data: Record<string, unknown>) => {
      const response = await suite.app.request('POST', path, { data }, admin);
      expect(response.status, response.text).toBe(201);
      return response.body.data.documentId as string;
    };
    await post('/api/authors', { name: 'Ada Lovelace' });
    await post('/api/authors', { name: 'Charles Babbage' });
    await post('/api/tags', { name: 'Math' });
    await post('/api/articles', { title: 'An older note', slug: 'analytical-engine', views: 50 });
    panel = await openPanel(suite);
    await signIn(panel.page);
  });

  it('creates an article with a relation and a Markdown body; a server error shows at its field, and fixing it saves', async () => {
    const { page } = panel;
    await page.getByRole('navigation', { name: 'Content' }).getByRole('link', { name: 'Article', exact: true }).click();
    await page.getByRole('link', { name: 'Create new entry' }).click();
    await page.getByRole('heading', { name: 'New Article' }).waitFor();

    await page.getByLabel('Title').fill('Notes on the Analytical Engine');
    await page.getByLabel('Slug').fill('analytical-engine');
    await page.getByLabel('Body').fill('# Sketch\n\nThe engine *weaves* algebraic patterns, **as the loom weaves** flowers.\n\n<script>alert(1)</script>');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByRole('heading', { name: 'Sketch' }).waitFor();
    expect(await preview.locator('strong').textContent()).toBe('as the loom weaves');
    // Raw HTML is shown as text, never run.
    expect(await preview.locator('script').count()).toBe(0);
    await page.getByRole('button', { name: 'Write' }).click();

    // The relation picker searches with _q and picks by keyboard.
    const author = page.getByRole('combobox', { name: 'Author' });
    await author.fill('ada');
    await page.getByRole('option', { name: 'Ada Lovelace' }).waitFor();
    await author.press('Enter');
    await page.getByRole('list', { name: 'Selected author entries' }).getByText('Ada Lovelace').waitFor();
    const tags = page.getByRole('combobox', { name: 'Tags' });
    await tags.click();
    await page.getByRole('option', { name: 'Math' }).click();
    await tags.press('Escape');

    // The slug is taken: only the server knows, and its error lands on the field.
    await page.getByRole('button', { name: 'Save & publish' }).click();
    const slug = page.getByLabel('Slug');
    await expect.poll(() => slug.getAttribute('aria-invalid')).toBe('true');
    const slugError = page.locator('#field-slug-error');
    expect(await slugError.textContent()).toMatch(/unique/i);
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('field-slug');
    await panel.screenshot('validation-error');

    await page.getByRole('button', { name: 'Generate from title' }).click();
    expect(await slug.inputValue()).toBe('notes-on-the-analytical-engine');
    await page.getByRole('button', { name: 'Save & publish' }).click();
    await page.getByRole('heading', { name: 'Notes on the Analytical Engine' }).waitFor();
    await expect.poll(() => page.getByRole('complementary', { name: 'Entry actions' }).locator('.aside-row .badge').textContent()).toBe('Published');
    articleId = new URL(page.url()).pathname.split('/').pop()!;
    await panel.screenshot('entry-saved');

    const saved = await suite.app.request('GET', `/api/articles/${articleId}?populate=*`, undefined, admin);
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({
      title: 'Notes on the Analytical Engine', slug: 'notes-on-the-analytical-engine',
      author: { name: 'Ada Lovelace' }, tags: [{ name: 'Math' }],
    });
    expect(saved.body.data.body).toContain('**as the loom weaves**');
  });

  it('searches and filters the list, keeping the state in the URL', async () => {
    const { page } = panel;
    await page.getByRole('link', { name: '← Article' }).click();
    await page.getByRole('table', { name: 'Article entries' }).waitFor();
    const rows = page.getByRole('table', { name: 'Article entries' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);

    await page.getByLabel('Search Article').fill('notes on');
    await page.getByLabel('Search Article').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('q')).toBe('notes on');
    await page.getByLabel('Search Article').fill('');
    await page.getByLabel('Search Article').press('Enter');
    await expect.poll(() => rows.count()).toBe(2);

    // A filter through the relation: author › name contains "ada".
    await page.getByRole('button', { name: '+ Add filter' }).click();
    await page.getByLabel('Field').selectOption({ label: 'Author › Name' });
    await page.getByLabel('Operator').selectOption({ label: 'contains' });
    await page.getByLabel('Value').fill('ada');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('list', { name: 'Active filters' }).getByText('Author › Name contains “ada”').waitFor();
    expect(decodeURIComponent(page.url())).toContain('filters[$and][0][author][name][$containsi]=ada');

    // Sort by clicking a column; the header says how it sorts.
    await page.getByRole('button', { name: /^Views/ }).click();
    await expect.poll(() => page.getByRole('columnheader', { name: /Views/ }).getAttribute('aria-sort')).toBe('ascending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('views:asc');
    await panel.screenshot('list-filtered');

    // The URL is the state: opening it elsewhere shows the same list.
    const shared = await openPanel(suite, new URL(page.url()).pathname + new URL(page.url()).search);
    await signIn(shared.page);
    await expect.poll(() => shared.page.getByRole('table', { name: 'Article entries' }).locator('tbody tr').count()).toBe(1);
    await shared.close();

    await page.getByRole('button', { name: /^Remove filter/ }).click();
    await expect.poll(() => rows.count()).toBe(2);
  });

  it('edits, publishes, unpublishes and deletes; leaving with unsaved changes asks first', async () => {
    const { page } = panel;
    await page.getByRole('link', { name: 'Notes on the Analytical Engine' }).click();
    const actions = page.getByRole('complementary', { name: 'Entry actions' });
    const status = () => actions.locator('.aside-row .badge').textContent();
    await page.getByLabel('Summary').fill('On Menabrea’s memoir, with notes.');

    await page.getByRole('navigation', { name: 'Content' }).getByRole('link', { name: 'Author', exact: true }).click();
    const guard = page.getByRole('dialog', { name: 'Discard unsaved changes?' });
    await guard.waitFor();
    await guard.getByRole('button', { name: 'Keep editing' }).click();
    expect(await page.getByLabel('Summary').inputValue()).toBe('On Menabrea’s memoir, with notes.');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await expect.poll(status).toBe('Modified');
    const publicBefore = await suite.app.request('GET', `/api/articles/${articleId}`, undefined, admin);
    expect(publicBefore.body.data.summary ?? null).toBeNull();

    await actions.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(status).toBe('Published');
    const publicAfter = await suite.app.request('GET', `/api/articles/${articleId}`, undefined, admin);
    expect(publicAfter.body.data.summary).toBe('On Menabrea’s memoir, with notes.');

    await actions.getByRole('button', { name: 'Unpublish' }).click();
    await expect.poll(status).toBe('Draft');
    expect((await suite.app.request('GET', `/api/articles/${articleId}`, undefined, admin)).status).toBe(404);

    await actions.getByRole('button', { name: 'Delete this entry' }).click();
    const confirm = page.getByRole('dialog', { name: /^Delete “Notes on the Analytical Engine”/ });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Article', exact: true }).waitFor();
    expect((await suite.app.request('GET', `/api/articles/${articleId}?status=draft`, undefined, admin)).status).toBe(404);
  });

  it('bulk-deletes selected entries after confirmation, then shows the empty state', async () => {
    const { page } = panel;
    const rows = page.getByRole('table', { name: 'Article entries' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByRole('checkbox', { name: 'Select all rows on this page' }).check();
    await page.getByRole('button', { name: 'Delete selected' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 1 entry?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No Article entries yet.').waitFor();
    expect((await suite.app.request('GET', '/api/articles?status=draft', undefined, admin)).body.data).toEqual([]);
  });

  it('edits a single type with a JSON field: a syntax error is caught before sending', async () => {
    const { page } = panel;
    await page.getByRole('navigation', { name: 'Content' }).getByRole('link', { name: 'Homepage' }).click();
    await page.getByRole('heading', { name: 'Homepage' }).waitFor();
    await page.getByLabel('Headline').fill('Welcome to the engine room');
    const seo = page.getByLabel('Seo');
    await seo.fill('{ "title": "Engines", }');
    await page.getByText(/JSON|Expected|Unexpected/).first().waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => seo.getAttribute('aria-invalid')).toBe('true');
    await seo.fill('{ "title": "Engines" }');
    await page.getByRole('button', { name: 'Format' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.', { exact: true }).waitFor();
    const homepage = await suite.app.request('GET', '/api/homepage', undefined, admin);
    expect(homepage.body.data).toMatchObject({ headline: 'Welcome to the engine room', seo: { title: 'Engines' } });
    await panel.screenshot('single-type');
    await panel.close();
  });
});

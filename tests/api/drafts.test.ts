import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedTableOf } from '../../core/content-types/storage-tables.js';
import { ValidationError } from '../../core/errors.js';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUp, type SignedIn } from '../support/users.js';

/**
 * DESIGN §4 (status), §10 (drafts) and the draft & publish issue: a document
 * has a draft and, once published, a published version; the public sees only
 * the published one; id and documentId never change; history records every
 * change and can bring any version back.
 */

const rel = (relation: string, target: string, extra: Record<string, unknown> = {}) => ({ type: 'relation', relation, target, ...extra });
const dp = { draftAndPublish: true };

const contentTypes = {
  story: collection('story', 'stories', {
    title: { type: 'string', required: true, maxLength: 60 },
    slug: { type: 'uid', targetField: 'title' },
    rank: { type: 'integer', min: 1 },
    section: rel('manyToOne', 'section', { inversedBy: 'stories' }),
    labels: rel('manyToMany', 'label'),
  }, dp),
  section: collection('section', 'sections', {
    name: { type: 'string', required: true },
    stories: rel('oneToMany', 'story', { mappedBy: 'section' }),
  }, dp),
  label: collection('label', 'labels', { name: { type: 'string' } }),
  banner: { kind: 'singleType', info: { singularName: 'banner', pluralName: 'banners', displayName: 'Banner' }, options: dp, attributes: { text: { type: 'string', required: true } } },
};

const roles = {
  roles: [
    {
      type: 'public', name: 'Public', permissions: [
        { subject: 'story', actions: ['find', 'findOne'] },
        { subject: 'section', actions: ['find', 'findOne'] },
        { subject: 'label', actions: ['find', 'findOne'] },
        { subject: 'banner', actions: ['find'] },
      ],
    },
    { type: 'authenticated', name: 'Authenticated', permissions: [{ subject: '*', actions: ['find', 'findOne'] }] },
  ],
};

const query = (params: Record<string, unknown>) => `?${qs.stringify(params, { encodeValuesOnly: true })}`;

for (const dialect of dialects) {
  describe(`draft & publish [${dialect}]`, () => {
    let app: TestApp;
    let editor: SignedIn;
    let reader: SignedIn;
    const as = () => editor.headers;

    beforeAll(async () => {
      app = await startTestApp({ dialect, contentTypes, roles, options: { rateLimit: { max: 1000, windowSeconds: 60 } } });
      editor = await signUp(app, 'edna', 'editor');
      reader = await signUp(app, 'reed');
    });
    afterAll(async () => {
      await app?.close();
    });

    describe('the life of a document', () => {
      let documentId = '';
      let id = 0;
      it('a draft is created, invisible to the public, with publishedAt null', async () => {
        const created = await app.request('POST', '/api/stories?status=draft', { data: { title: 'First draft', rank: 1 } }, as());
        expect(created.status, created.text).toBe(201);
        expect(created.body.data).toMatchObject({ title: 'First draft', publishedAt: null });
        ({ documentId, id } = created.body.data);
        expect((await app.request('GET', '/api/stories')).body.data).toEqual([]);
        expect((await app.request('GET', `/api/stories/${documentId}`)).status).toBe(404);
      });
      it('publish makes it visible with publishedAt set; id and documentId are unchanged', async () => {
        const published = await app.request('POST', `/api/stories/${documentId}/actions/publish`, undefined, as());
        expect(published.status, published.text).toBe(200);
        expect(published.body.data).toMatchObject({ id, documentId, title: 'First draft' });
        expect(published.body.data.publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
        const seen = await app.request('GET', `/api/stories/${documentId}`);
        expect(seen.body.data).toMatchObject({ id, documentId, title: 'First draft' });
      });
      it('editing the draft leaves the published version untouched', async () => {
        const edited = await app.request('PUT', `/api/stories/${documentId}?status=draft`, { data: { title: 'Second draft' } }, as());
        expect(edited.status, edited.text).toBe(200);
        expect(edited.body.data).toMatchObject({ title: 'Second draft', publishedAt: null });
        expect((await app.request('GET', `/api/stories/${documentId}`)).body.data.title).toBe('First draft');
        expect((await app.request('GET', `/api/stories/${documentId}?status=draft`, undefined, as())).body.data.title).toBe('Second draft');
        // Lists, filters and sorts see the same version.
        const list = await app.request('GET', `/api/stories${query({ filters: { title: { $startsWith: 'First' } }, sort: 'title' })}`);
        expect(list.body.data.map((story: { id: number }) => story.id)).toEqual([id]);
        const drafts = await app.request('GET', `/api/stories${query({ status: 'draft', filters: { title: { $startsWith: 'Second' } } })}`, undefined, as());
        expect(drafts.body.data.map((story: { id: number }) => story.id)).toEqual([id]);
      });
      it('PUT {data:{}} without status publishes the current draft', async () => {
        const published = await app.request('PUT', `/api/stories/${documentId}`, { data: {} }, as());
        expect(published.status, published.text).toBe(200);
        expect(published.body.data).toMatchObject({ id, documentId, title: 'Second draft' });
        expect((await app.request('GET', `/api/stories/${documentId}`)).body.data.title).toBe('Second draft');
      });
      it('unpublish takes it off line (404 for the public); the draft stays', async () => {
        const unpublished = await app.request('POST', `/api/stories/${documentId}/actions/unpublish`, undefined, as());
        expect(unpublished.status, unpublished.text).toBe(200);
        expect(unpublished.body.data).toMatchObject({ id, documentId, publishedAt: null });
        expect((await app.request('GET', `/api/stories/${documentId}`)).status).toBe(404);
        expect((await app.request('GET', `/api/stories/${documentId}?status=draft`, undefined, as())).status).toBe(200);
      });
    });

    describe('validation at publish time', () => {
      it('a draft missing a required field saves; publishing it is a 400 naming the field', async () => {
        const draft = await app.request('POST', '/api/stories?status=draft', { data: { rank: 0 } }, as());
        expect(draft.status, draft.text).toBe(201);
        const publish = await app.request('POST', `/api/stories/${draft.body.data.documentId}/actions/publish`, undefined, as());
        expect(publish.status).toBe(400);
        const paths = publish.body.error.details.errors.map((error: { path: string[] }) => error.path.join('.')).sort();
        expect(paths).toEqual(['rank', 'title']);
        expect((await app.request('GET', `/api/stories/${draft.body.data.documentId}`)).status).toBe(404);
      });
      it('maxLength and types apply to drafts too', async () => {
        const response = await app.request('POST', '/api/stories?status=draft', { data: { title: 'x'.repeat(61) } }, as());
        expect(response.status).toBe(400);
      });
      it('drafts skip unique; publishing a duplicate is a 409', async () => {
        const first = await app.request('POST', '/api/stories', { data: { title: 'Same', slug: 'same' } }, as());
        expect(first.status, first.text).toBe(201);
        const second = await app.request('POST', '/api/stories?status=draft', { data: { title: 'Same again', slug: 'same' } }, as());
        expect(second.status, second.text).toBe(201);
        const publish = await app.request('POST', `/api/stories/${second.body.data.documentId}/actions/publish`, undefined, as());
        expect(publish.status).toBe(409);
        expect(publish.body.error.details.errors[0].path).toEqual(['slug']);
      });
    });

    describe('relations between drafts and published entries', () => {
      it('a published entry never shows a link to an unpublished document; a draft shows drafts', async () => {
        const section = await app.request('POST', '/api/sections?status=draft', { data: { name: 'Unreleased' } }, as());
        const label = await app.request('POST', '/api/labels', { data: { name: 'plain' } }, as());
        const story = await app.request('POST', '/api/stories', { data: { title: 'Linked', section: section.body.data.documentId, labels: [label.body.data.documentId] } }, as());
        expect(story.status, story.text).toBe(201);
        const storyId = story.body.data.documentId as string;
        const publicView = await app.request('GET', `/api/stories/${storyId}?populate=*`);
        expect(publicView.body.data.section).toBeNull();
        expect(publicView.body.data.labels.map((l: { name: string }) => l.name)).toEqual(['plain']);
        const byFilter = await app.request('GET', `/api/stories${query({ filters: { section: { name: 'Unreleased' } } })}`);
        expect(byFilter.body.data).toEqual([]);
        const draftView = await app.request('GET', `/api/stories/${storyId}?status=draft&populate=section`, undefined, as());
        expect(draftView.body.data.section.name).toBe('Unreleased');

        await app.request('POST', `/api/sections/${section.body.data.documentId}/actions/publish`, undefined, as());
        const afterPublish = await app.request('GET', `/api/stories/${storyId}?populate=section`);
        expect(afterPublish.body.data.section.name).toBe('Unreleased');
        const inverse = await app.request('GET', `/api/sections/${section.body.data.documentId}?populate=stories`);
        expect(inverse.body.data.stories.map((s: { title: string }) => s.title)).toEqual(['Linked']);
      });
      it('relation changes in a draft reach the public only when published', async () => {
        const label = await app.request('POST', '/api/labels', { data: { name: 'later' } }, as());
        const story = await app.request('POST', '/api/stories', { data: { title: 'Relabel', labels: [] } }, as());
        const id = story.body.data.documentId as string;
        await app.request('PUT', `/api/stories/${id}?status=draft`, { data: { labels: [label.body.data.documentId] } }, as());
        expect((await app.request('GET', `/api/stories/${id}?populate=labels`)).body.data.labels).toEqual([]);
        await app.request('POST', `/api/stories/${id}/actions/publish`, undefined, as());
        expect((await app.request('GET', `/api/stories/${id}?populate=labels`)).body.data.labels.map((l: { name: string }) => l.name)).toEqual(['later']);
      });
    });

    describe('permissions', () => {
      it('readDraft and publish: 401 anonymous, 403 authenticated, allowed for editors', async () => {
        const story = await app.request('POST', '/api/stories?status=draft', { data: { title: 'Gate' } }, as());
        const id = story.body.data.documentId as string;
        expect((await app.request('GET', `/api/stories/${id}?status=draft`)).status).toBe(401);
        expect((await app.request('GET', `/api/stories/${id}?status=draft`, undefined, reader.headers)).status).toBe(403);
        expect((await app.request('POST', `/api/stories/${id}/actions/publish`)).status).toBe(401);
        expect((await app.request('POST', `/api/stories/${id}/actions/publish`, undefined, reader.headers)).status).toBe(403);
        expect((await app.request('POST', `/api/stories/${id}/actions/publish`, undefined, as())).status).toBe(200);
      });
    });

    describe('single types', () => {
      it("a single type's history asks for permission before saying the entry does not exist", async () => {
        // Nothing has been written to the banner yet: the answer must not depend on that.
        expect((await app.request('GET', '/api/banner/versions')).status).toBe(401);
        expect((await app.request('GET', '/api/banner/versions/1')).status).toBe(401);
        expect((await app.request('POST', '/api/banner/versions/1/actions/restore')).status).toBe(401);
        expect((await app.request('GET', '/api/banner/versions', undefined, as())).status).toBe(404);
      });
      it('a draft single type is 404 to the public until published by PUT without status', async () => {
        const draft = await app.request('PUT', '/api/banner?status=draft', { data: { text: 'Soon' } }, as());
        expect(draft.status, draft.text).toBe(200);
        expect((await app.request('GET', '/api/banner')).status).toBe(404);
        const published = await app.request('PUT', '/api/banner', { data: {} }, as());
        expect(published.status, published.text).toBe(200);
        expect((await app.request('GET', '/api/banner')).body.data.text).toBe('Soon');
      });
      it('a single type has its history at /api/:singular/versions', async () => {
        await app.request('PUT', '/api/banner?status=draft', { data: { text: 'Later' } }, as());
        const list = await app.request('GET', '/api/banner/versions', undefined, as());
        expect(list.status, list.text).toBe(200);
        expect(list.body.data.map((v: { version: number; action: string }) => `${v.version}:${v.action}`)).toEqual(['3:update', '2:update', '1:create']);
        const first = await app.request('GET', '/api/banner/versions/1', undefined, as());
        expect(first.body.data.data.text).toBe('Soon');
        const restored = await app.request('POST', '/api/banner/versions/1/actions/restore', undefined, as());
        expect(restored.status, restored.text).toBe(200);
        expect((await app.request('GET', '/api/banner?status=draft', undefined, as())).body.data.text).toBe('Soon');
        expect((await app.request('GET', '/api/banner/versions')).status).toBe(401);
        // A collection type has no such route: `versions` is not a documentId.
        expect((await app.request('GET', '/api/stories/versions', undefined, as())).status).toBe(404);
      });
    });

    describe('history', () => {
      let documentId = '';
      let id = 0;
      it('ten edits make ten versions, in order', async () => {
        const created = await app.request('POST', '/api/stories?status=draft', { data: { title: 'edit 0', rank: 1 } }, as());
        ({ documentId, id } = created.body.data);
        for (let n = 1; n <= 10; n++) {
          const edited = await app.request('PUT', `/api/stories/${documentId}?status=draft`, { data: { title: `edit ${n}`, rank: n } }, as());
          expect(edited.status, edited.text).toBe(200);
        }
        const list = await app.request('GET', `/api/stories/${documentId}/versions?pagination[pageSize]=5`, undefined, as());
        expect(list.status, list.text).toBe(200);
        expect(list.body.meta.pagination).toMatchObject({ page: 1, pageSize: 5, total: 11, pageCount: 3 });
        expect(list.body.data.map((v: { version: number; action: string }) => `${v.version}:${v.action}`)).toEqual(['11:update', '10:update', '9:update', '8:update', '7:update']);
        expect(list.body.data[0].userId).toBe(editor.id);
        const page3 = await app.request('GET', `/api/stories/${documentId}/versions?pagination[page]=3&pagination[pageSize]=5`, undefined, as());
        expect(page3.body.data.map((v: { version: number; action: string }) => `${v.version}:${v.action}`)).toEqual(['1:create']);
      });
      it('restoring version 4 brings back exactly its data, into the draft', async () => {
        const version = await app.request('GET', `/api/stories/${documentId}/versions/4`, undefined, as());
        expect(version.status).toBe(200);
        expect(version.body.data.data).toMatchObject({ id, documentId, title: 'edit 3', rank: 3, section: null, labels: [] });
        const restored = await app.request('POST', `/api/stories/${documentId}/versions/4/actions/restore`, undefined, as());
        expect(restored.status, restored.text).toBe(200);
        const draft = await app.request('GET', `/api/stories/${documentId}?status=draft&populate=*`, undefined, as());
        const { title, rank, slug } = version.body.data.data;
        expect(draft.body.data).toMatchObject({ id, documentId, title, rank, slug, section: null, labels: [] });
        const latest = await app.request('GET', `/api/stories/${documentId}/versions?pagination[pageSize]=1`, undefined, as());
        expect(latest.body.data[0]).toMatchObject({ version: 12, action: 'restore' });
      });
      it('a deleted document can be restored, under its own id and documentId', async () => {
        expect((await app.request('DELETE', `/api/stories/${documentId}`, undefined, as())).status).toBe(204);
        expect((await app.request('GET', `/api/stories/${documentId}?status=draft`, undefined, as())).status).toBe(404);
        const list = await app.request('GET', `/api/stories/${documentId}/versions`, undefined, as());
        expect(list.body.data[0]).toMatchObject({ version: 13, action: 'delete' });
        const restored = await app.request('POST', `/api/stories/${documentId}/versions/13/actions/restore`, undefined, as());
        expect(restored.status, restored.text).toBe(200);
        const back = await app.request('GET', `/api/stories/${documentId}?status=draft`, undefined, as());
        expect(back.body.data).toMatchObject({ id, documentId, title: 'edit 3' });
      });
      it('history needs readHistory; restore counts as an update; unknown versions are 404', async () => {
        expect((await app.request('GET', `/api/stories/${documentId}/versions`)).status).toBe(401);
        expect((await app.request('GET', `/api/stories/${documentId}/versions`, undefined, reader.headers)).status).toBe(403);
        expect((await app.request('POST', `/api/stories/${documentId}/versions/2/actions/restore`, undefined, reader.headers)).status).toBe(403);
        expect((await app.request('GET', `/api/stories/${documentId}/versions/99`, undefined, as())).status).toBe(404);
        expect((await app.request('GET', `/api/stories/${documentId}/versions/abc`, undefined, as())).status).toBe(404);
        expect((await app.request('GET', `/api/stories/${documentId}/versions?pagination[pageSize]=0`, undefined, as())).status).toBe(400);
      });
    });

    describe('hooks and concurrency', () => {
      it('afterPublish and afterUnpublish run inside the transaction: a failing hook rolls the publish back', async () => {
        const seen: string[] = [];
        let refuse = false;
        app.app.hooks.on('afterPublish', ({ documentId }) => {
          seen.push(`publish ${documentId}`);
          if (refuse) throw new ValidationError('Refused by a hook');
        }, { types: ['story'] });
        app.app.hooks.on('afterUnpublish', ({ documentId }) => { seen.push(`unpublish ${documentId}`); }, { types: ['story'] });
        const story = await app.request('POST', '/api/stories?status=draft', { data: { title: 'Hooked' } }, as());
        const id = story.body.data.documentId as string;
        await app.request('POST', `/api/stories/${id}/actions/publish`, undefined, as());
        await app.request('POST', `/api/stories/${id}/actions/unpublish`, undefined, as());
        expect(seen).toEqual([`publish ${id}`, `unpublish ${id}`]);
        refuse = true;
        const refused = await app.request('POST', `/api/stories/${id}/actions/publish`, undefined, as());
        expect(refused.status).toBe(400);
        expect((await app.request('GET', `/api/stories/${id}`)).status).toBe(404);
        refuse = false;
      });
      it('two concurrent publishes leave exactly one consistent published version, with no 5xx', async () => {
        const story = await app.request('POST', '/api/stories?status=draft', { data: { title: 'Race', rank: 7 } }, as());
        const { documentId, id } = story.body.data as { documentId: string; id: number };
        const results = await Promise.all(Array.from({ length: 4 }, () => app.request('POST', `/api/stories/${documentId}/actions/publish`, undefined, as())));
        for (const result of results) expect(result.status, result.text).toBeLessThan(500);
        expect(results.filter((result) => result.status === 200).length).toBeGreaterThan(0);
        const rows = await app.app.db.knex(publishedTableOf('stories')).where('id', id).select('title', 'rank');
        expect(rows).toEqual([{ title: 'Race', rank: 7 }]);
      });
    });
  });
}

for (const dialect of dialects) {
  describe(`history retention [${dialect}]`, () => {
    it('keeps the last maxVersions versions per document, and a type with history off records none', async () => {
      const app = await startTestApp({
        dialect,
        contentTypes: {
          page: collection('page', 'pages', { title: { type: 'string' } }),
          counter: collection('counter', 'counters', { hits: { type: 'integer' } }, { history: false }),
        },
        roles: { roles: [] },
        options: { history: { maxVersions: 3, retentionDays: 365 }, rateLimit: { max: 1000, windowSeconds: 60 } },
      });
      try {
        const editor = await signUp(app, 'keeper', 'editor');
        const page = await app.request('POST', '/api/pages', { data: { title: 'v1' } }, editor.headers);
        const id = page.body.data.documentId as string;
        const other = await app.request('POST', '/api/pages', { data: { title: 'untouched' } }, editor.headers);
        for (let n = 2; n <= 5; n++) await app.request('PUT', `/api/pages/${id}`, { data: { title: `v${n}` } }, editor.headers);
        const list = await app.request('GET', `/api/pages/${id}/versions`, undefined, editor.headers);
        expect(list.body.data.map((v: { version: number }) => v.version)).toEqual([5, 4, 3]);
        expect((await app.request('GET', `/api/pages/${id}/versions/2`, undefined, editor.headers)).status).toBe(404);
        expect((await app.request('GET', `/api/pages/${id}/versions/3`, undefined, editor.headers)).body.data.data.title).toBe('v3');
        // Pruning one document leaves every other document's versions alone.
        const untouched = await app.request('GET', `/api/pages/${other.body.data.documentId}/versions`, undefined, editor.headers);
        expect(untouched.body.data.map((v: { version: number }) => v.version)).toEqual([1]);

        const counter = await app.request('POST', '/api/counters', { data: { hits: 1 } }, editor.headers);
        await app.request('PUT', `/api/counters/${counter.body.data.documentId}`, { data: { hits: 2 } }, editor.headers);
        const none = await app.request('GET', `/api/counters/${counter.body.data.documentId}/versions`, undefined, editor.headers);
        expect(none.body.meta.pagination.total).toBe(0);
      } finally {
        await app.close();
      }
    });

    it('prunes versions older than retentionDays, a deleted document\'s included, and keeps the rest', async () => {
      const options = { history: { maxVersions: 100, retentionDays: 30 }, rateLimit: { max: 1000, windowSeconds: 60 } };
      const contentTypes = { page: collection('page', 'pages', { title: { type: 'string' } }) };
      const first = await startTestApp({ dialect, contentTypes, roles: { roles: [] }, options });
      let second: TestApp | undefined;
      try {
        const editor = await signUp(first, 'pruner', 'editor');
        const kept = (await first.request('POST', '/api/pages', { data: { title: 'k1' } }, editor.headers)).body.data.documentId as string;
        await first.request('PUT', `/api/pages/${kept}`, { data: { title: 'k2' } }, editor.headers);
        const gone = (await first.request('POST', '/api/pages', { data: { title: 'g1' } }, editor.headers)).body.data.documentId as string;
        expect((await first.request('DELETE', `/api/pages/${gone}`, undefined, editor.headers)).status).toBe(204);
        // Forty days ago: the deleted document's versions and the kept one's first. The kept
        // one's second version then sits between expired rows in id order.
        const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
        const backdated = await first.app.db.knex('larder_history')
          .where({ document_id: gone }).orWhere({ document_id: kept, version: 1 }).update({ created_at: old });
        expect(backdated).toBe(3);

        // A process prunes by age at its first write: a second server on the same database.
        second = await startTestApp({ dialect, contentTypes, roles: { roles: [] }, options: { ...options, databaseUrl: first.database.url } });
        await second.request('PUT', `/api/pages/${kept}`, { data: { title: 'k3' } }, editor.headers);
        const list = await second.request('GET', `/api/pages/${kept}/versions`, undefined, editor.headers);
        expect(list.body.data.map((v: { version: number }) => v.version)).toEqual([3, 2]);
        expect((await second.request('GET', `/api/pages/${kept}/versions/2`, undefined, editor.headers)).body.data.data.title).toBe('k2');
        expect((await second.request('GET', `/api/pages/${gone}/versions`, undefined, editor.headers)).body.meta.pagination.total).toBe(0);
        expect((await second.request('POST', `/api/pages/${gone}/versions/1/actions/restore`, undefined, editor.headers)).status).toBe(404);
      } finally {
        await second?.close();
        await first.close();
      }
    });
  });
}

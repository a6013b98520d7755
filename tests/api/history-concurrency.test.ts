import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Concurrent writes to one document each get their own version, numbered
 * without gaps, each holding exactly what its write left. On PostgreSQL a
 * scalar-only update records its version in the UPDATE's own statement, whose
 * snapshot predates the row lock it may wait for: these tests make writes
 * wait on each other, so a version numbered from a stale snapshot would
 * surface here as a failed write or a wrong version.
 */

const contentTypes = {
  page: collection('page', 'pages', {
    title: { type: 'string' },
    code: { type: 'string', unique: true },
    tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
  }),
  tag: collection('tag', 'tags', { name: { type: 'string' } }),
  story: collection('story', 'stories', { title: { type: 'string', required: true } }, { draftAndPublish: true }),
};

const WRITERS = 12;

interface VersionSummary { version: number; action: string }

for (const dialect of dialects) {
  describe(`history under concurrent writes [${dialect}]`, () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await startTestApp({ dialect, contentTypes, options: { rateLimit: { max: 10_000, windowSeconds: 60 } } });
    });
    afterAll(async () => {
      await app?.close();
    });

    async function versions(plural: string, documentId: string): Promise<Array<{ version: number; data: Record<string, unknown> }>> {
      const list = await app.request('GET', `/api/${plural}/${documentId}/versions?pagination[pageSize]=100`);
      expect(list.status, list.text).toBe(200);
      const numbers = (list.body.data as VersionSummary[]).map((summary) => summary.version);
      return Promise.all(numbers.map(async (version) => {
        const one = await app.request('GET', `/api/${plural}/${documentId}/versions/${version}`);
        expect(one.status, one.text).toBe(200);
        return { version, data: one.body.data.data as Record<string, unknown> };
      }));
    }

    it('concurrent scalar updates of one document: every write answers 200 and records one version, numbered 1…n without gaps', async () => {
      const created = await app.request('POST', '/api/pages', { data: { title: 'start' } });
      const documentId = created.body.data.documentId as string;
      const titles = Array.from({ length: WRITERS }, (_, n) => `writer ${n}`);
      const results = await Promise.all(titles.map((title) => app.request('PUT', `/api/pages/${documentId}`, { data: { title } })));
      for (const result of results) expect(result.status, result.text).toBe(200);

      const recorded = await versions('pages', documentId);
      expect(recorded.map((entry) => entry.version)).toEqual(Array.from({ length: WRITERS + 1 }, (_, n) => WRITERS + 1 - n));
      // Each version holds its own write's title: none was numbered twice or lost.
      expect(recorded.map((entry) => entry.data.title).sort()).toEqual(['start', ...titles].sort());
      // The newest version is the document as it now is.
      const current = await app.request('GET', `/api/pages/${documentId}`);
      expect(recorded[0]!.data.title).toBe(current.body.data.title);
    });

    it('scalar updates racing relation updates: each version holds the links its write left', async () => {
      const tags = await Promise.all(['red', 'green'].map((name) => app.request('POST', '/api/tags', { data: { name } })));
      const [red, green] = tags.map((tag) => tag.body.data.documentId as string);
      const created = await app.request('POST', '/api/pages', { data: { title: 'mixed', tags: [red] } });
      const documentId = created.body.data.documentId as string;
      const writes = Array.from({ length: WRITERS }, (_, n) => (n % 3 === 0
        ? { data: { title: `linked ${n}`, tags: n % 2 === 0 ? [green] : [red, green] } }
        : { data: { title: `plain ${n}` } }));
      const results = await Promise.all(writes.map((body) => app.request('PUT', `/api/pages/${documentId}`, body)));
      for (const result of results) expect(result.status, result.text).toBe(200);

      const recorded = (await versions('pages', documentId)).reverse();
      expect(recorded.map((entry) => entry.version)).toEqual(Array.from({ length: WRITERS + 1 }, (_, n) => n + 1));
      // Replaying the versions in order: a write that set links shows exactly those;
      // a scalar-only write shows the links the version before it left.
      let links: unknown = [red];
      for (const { data } of recorded) {
        const write = writes.find((candidate) => candidate.data.title === data.title);
        if (write && 'tags' in write.data) links = write.data.tags;
        expect(data.tags, `version with title ${String(data.title)}`).toEqual(links);
      }
    });

    it('concurrent draft saves of a draft & publish document version the draft without touching the published one', async () => {
      const created = await app.request('POST', '/api/stories', { data: { title: 'live' } });
      const documentId = created.body.data.documentId as string;
      const titles = Array.from({ length: WRITERS }, (_, n) => `draft ${n}`);
      const results = await Promise.all(titles.map((title) => app.request('PUT', `/api/stories/${documentId}?status=draft`, { data: { title } })));
      for (const result of results) expect(result.status, result.text).toBe(200);

      const recorded = await versions('stories', documentId);
      expect(recorded.map((entry) => entry.version)).toEqual(Array.from({ length: WRITERS + 1 }, (_, n) => WRITERS + 1 - n));
      expect(recorded.slice(0, WRITERS).map((entry) => entry.data.title).sort()).toEqual([...titles].sort());
      // Each draft version still carries when the document was published.
      for (const entry of recorded) expect(entry.data.publishedAt).toEqual(created.body.data.publishedAt);
      expect((await app.request('GET', `/api/stories/${documentId}`)).body.data.title).toBe('live');
    });

    it('concurrent creates: each document gets its version 1 holding exactly what was created', async () => {
      const titles = Array.from({ length: WRITERS }, (_, n) => `created ${n}`);
      const results = await Promise.all(titles.map((title) => app.request('POST', '/api/pages', { data: { title } })));
      for (const result of results) expect(result.status, result.text).toBe(201);
      for (const result of results) {
        const recorded = await versions('pages', result.body.data.documentId as string);
        expect(recorded.map((entry) => entry.version)).toEqual([1]);
        expect(recorded[0]!.data).toMatchObject({ id: result.body.data.id, documentId: result.body.data.documentId, title: result.body.data.title, code: null, tags: [] });
        expect(recorded[0]!.data.createdAt).toBe(result.body.data.createdAt);
      }
    });

    it('a create that takes a unique value answers 409, and leaves no entry and no version', async () => {
      await app.request('POST', '/api/pages', { data: { title: 'first owner', code: 'claimed' } });
      const before = await app.app.db.knex('larder_history').count({ n: '*' });
      const clash = await app.request('POST', '/api/pages', { data: { title: 'second owner', code: 'claimed' } });
      expect(clash.status, clash.text).toBe(409);
      expect(clash.body.error.details.errors).toEqual([{ path: ['code'], message: 'This attribute must be unique', name: 'ValidationError' }]);
      expect(await app.app.db.knex('larder_history').count({ n: '*' })).toEqual(before);
      expect(await app.app.db.knex('pages').where('title', 'second owner').first('id')).toBeUndefined();
    });

    it('a scalar update that takes a unique value answers 409 and records no version', async () => {
      await app.request('POST', '/api/pages', { data: { title: 'holder', code: 'taken' } });
      const other = await app.request('POST', '/api/pages', { data: { title: 'other' } });
      const documentId = other.body.data.documentId as string;
      const clash = await app.request('PUT', `/api/pages/${documentId}`, { data: { code: 'taken' } });
      expect(clash.status, clash.text).toBe(409);
      expect(clash.body.error.details.errors).toEqual([{ path: ['code'], message: 'This attribute must be unique', name: 'ValidationError' }]);
      expect((await versions('pages', documentId)).map((entry) => entry.version)).toEqual([1]);
    });

    it('an update of a document that does not exist answers 404 and records nothing', async () => {
      const missing = await app.request('PUT', '/api/pages/abcdefghijklmnopqrstuvwx', { data: { title: 'ghost' } });
      expect(missing.status, missing.text).toBe(404);
      expect((await app.request('GET', '/api/pages/abcdefghijklmnopqrstuvwx/versions')).body.meta.pagination.total).toBe(0);
    });
  });
}

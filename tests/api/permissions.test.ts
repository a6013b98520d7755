import qs from 'qs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/databases.js';
import { collection } from '../support/definitions.js';
import { sample } from '../support/metrics-text.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signUp, type SignedIn } from '../support/users.js';

/**
 * DESIGN §5 and §10: nothing is open unless a role grants it; anonymous
 * callers without the right get 401, others 403; entries outside a caller's
 * row conditions are 404; field lists limit reads (silently) and writes (403);
 * populated types are read under their own permissions.
 */

const rel = (relation: string, target: string, extra: Record<string, unknown> = {}) => ({ type: 'relation', relation, target, ...extra });

const contentTypes = {
  post: collection('post', 'posts', {
    title: { type: 'string', required: true },
    body: { type: 'text' },
    rating: { type: 'integer' },
    internal: { type: 'string', private: true },
    category: rel('manyToOne', 'category', { inversedBy: 'posts' }),
    notes: rel('oneToMany', 'note', { mappedBy: 'post' }),
  }),
  category: collection('category', 'categories', {
    name: { type: 'string' },
    posts: rel('oneToMany', 'post', { mappedBy: 'category' }),
  }),
  note: collection('note', 'notes', {
    text: { type: 'string' },
    post: rel('manyToOne', 'post', { inversedBy: 'notes' }),
  }),
  memo: collection('memo', 'memos', { text: { type: 'string' } }),
  story: collection('story', 'stories', { title: { type: 'string', required: true } }, { draftAndPublish: true }),
};

const own = { createdBy: { id: { $eq: '$user.id' } } };
const roles = {
  roles: [
    {
      type: 'public', name: 'Public', permissions: [
        { subject: 'post', actions: ['find', 'findOne'], fields: ['title', 'category'] },
        { subject: 'category', actions: ['find', 'findOne'] },
        { subject: 'story', actions: ['find', 'findOne'] },
      ],
    },
    {
      type: 'authenticated', name: 'Authenticated', permissions: [
        { subject: 'post', actions: ['find', 'findOne', 'create'] },
        { subject: 'post', actions: ['update', 'delete'], conditions: own },
        { subject: 'note', actions: ['create'] },
        { subject: 'note', actions: ['find', 'findOne', 'update', 'delete'], conditions: own },
        { subject: 'story', actions: ['find', 'findOne', 'create'] },
      ],
    },
    {
      type: 'reviewer', name: 'Reviewer', permissions: [
        { subject: 'post', actions: ['find'], conditions: { rating: { $gte: 3 } } },
        { subject: 'post', actions: ['findOne'] },
        { subject: 'post', actions: ['update'], fields: ['rating'] },
        { subject: 'post', actions: ['create'], conditions: { rating: { $lte: 2 } } },
        { subject: 'category', actions: ['find'] },
      ],
    },
  ],
};

type RoleName = 'public' | 'authenticated' | 'reviewer' | 'editor' | 'admin';
type Subject = 'post' | 'category' | 'note' | 'memo';
type MatrixAction = 'find' | 'findOne' | 'create' | 'update' | 'delete';

const ALL: MatrixAction[] = ['find', 'findOne', 'create', 'update', 'delete'];
/** The expected grants, written out by hand from `roles` above: the matrix checks the server against this table. */
const EXPECTED: Record<RoleName, Record<Subject, MatrixAction[]>> = {
  public: { post: ['find', 'findOne'], category: ['find', 'findOne'], note: [], memo: [] },
  authenticated: { post: ALL, category: [], note: ALL, memo: [] },
  reviewer: { post: ['find', 'findOne', 'create', 'update'], category: ['find'], note: [], memo: [] },
  editor: { post: ALL, category: ALL, note: ALL, memo: ALL },
  admin: { post: ALL, category: ALL, note: ALL, memo: ALL },
};
const PLURAL: Record<Subject, string> = { post: 'posts', category: 'categories', note: 'notes', memo: 'memos' };
const CREATE_BODY: Record<Subject, Record<string, unknown>> = {
  post: { title: 'made in the matrix', rating: 1 }, category: { name: 'c' }, note: { text: 'n' }, memo: { text: 'm' },
};
const UPDATE_BODY: Record<Subject, Record<string, unknown>> = {
  post: { rating: 4 }, category: { name: 'c2' }, note: { text: 'n2' }, memo: { text: 'm2' },
};

const query = (params: Record<string, unknown>) => `?${qs.stringify(params, { encodeValuesOnly: true })}`;

for (const dialect of dialects) {
  describe(`permissions [${dialect}]`, () => {
    let app: TestApp;
    const users = {} as Record<Exclude<RoleName, 'public'>, SignedIn>;
    let bob: SignedIn;
    const as = (role: RoleName): Record<string, string> => (role === 'public' ? {} : users[role].headers);

    /** Creates an entry the role could touch: its own when it may create, else one made by an admin. */
    async function fixture(role: RoleName, subject: Subject): Promise<string> {
      const creator = role !== 'public' && EXPECTED[role][subject].includes('create') && role !== 'reviewer' ? role : 'admin';
      const response = await app.request('POST', `/api/${PLURAL[subject]}`, { data: { ...CREATE_BODY[subject], rating: subject === 'post' ? 5 : undefined } }, as(creator));
      expect(response.status, response.text).toBe(201);
      return response.body.data.documentId as string;
    }

    beforeAll(async () => {
      app = await startTestApp({ dialect, contentTypes, roles, options: { rateLimit: { max: 1000, windowSeconds: 60 } } });
      users.authenticated = await signUp(app, 'alice');
      bob = await signUp(app, 'bob');
      users.reviewer = await signUp(app, 'rita', 'reviewer');
      users.editor = await signUp(app, 'eddie', 'editor');
      users.admin = await signUp(app, 'ada', 'admin');
    });
    afterAll(async () => {
      await app?.close();
    });

    describe('matrix: roles × types × actions', () => {
      for (const role of Object.keys(EXPECTED) as RoleName[]) {
        for (const subject of Object.keys(PLURAL) as Subject[]) {
          for (const action of ALL) {
            const allowed = EXPECTED[role][subject].includes(action);
            it(`${role} ${allowed ? 'may' : 'may not'} ${action} ${subject}`, async () => {
              const base = `/api/${PLURAL[subject]}`;
              const needsEntry = action === 'findOne' || action === 'update' || action === 'delete';
              const documentId = needsEntry ? await fixture(role, subject) : '';
              const response = action === 'find' ? await app.request('GET', base, undefined, as(role))
                : action === 'findOne' ? await app.request('GET', `${base}/${documentId}`, undefined, as(role))
                  : action === 'create' ? await app.request('POST', base, { data: CREATE_BODY[subject] }, as(role))
                    : action === 'update' ? await app.request('PUT', `${base}/${documentId}`, { data: UPDATE_BODY[subject] }, as(role))
                      : await app.request('DELETE', `${base}/${documentId}`, undefined, as(role));
              const expected = allowed ? { create: 201, delete: 204 }[action as string] ?? 200 : role === 'public' ? 401 : 403;
              expect(response.status, response.text).toBe(expected);
              if (!allowed) {
                expect(response.body.error.name).toBe(role === 'public' ? 'UnauthorizedError' : 'ForbiddenError');
              }
            });
          }
        }
      }
    });

    describe('owner-only conditions', () => {
      const vars: Record<string, string> = {};
      it('alice and bob each create a note', async () => {
        for (const [user, text] of [[users.authenticated, 'alice note'], [bob, 'bob note']] as const) {
          const response = await app.request('POST', '/api/notes', { data: { text } }, user.headers);
          expect(response.status, response.text).toBe(201);
          vars[text] = response.body.data.documentId;
        }
      });
      it('each list shows only its own notes', async () => {
        const alice = await app.request('GET', `/api/notes${query({ filters: { text: { $endsWith: 'note' } } })}`, undefined, users.authenticated.headers);
        expect(alice.body.data.map((note: { text: string }) => note.text)).toEqual(['alice note']);
        expect(alice.body.meta.pagination.total).toBe(1);
        const bobs = await app.request('GET', '/api/notes', undefined, bob.headers);
        expect(bobs.body.data.map((note: { text: string }) => note.text)).toEqual(['bob note']);
      });
      it("bob can neither see, change nor delete alice's note: 404, and it stays intact", async () => {
        const id = vars['alice note']!;
        expect((await app.request('GET', `/api/notes/${id}`, undefined, bob.headers)).status).toBe(404);
        expect((await app.request('PUT', `/api/notes/${id}`, { data: { text: 'bob was here' } }, bob.headers)).status).toBe(404);
        expect((await app.request('DELETE', `/api/notes/${id}`, undefined, bob.headers)).status).toBe(404);
        const alice = await app.request('GET', `/api/notes/${id}`, undefined, users.authenticated.headers);
        expect(alice.status).toBe(200);
        expect(alice.body.data.text).toBe('alice note');
      });
      it("filters cannot reach another user's rows either", async () => {
        const probe = await app.request('GET', `/api/notes${query({ filters: { text: { $eq: 'alice note' } } })}`, undefined, bob.headers);
        expect(probe.body.data).toEqual([]);
      });
      it('a populated relation shows only the related entries the caller may read', async () => {
        const post = await app.request('POST', '/api/posts', { data: { title: 'shared post' } }, users.admin.headers);
        const postId = post.body.data.documentId as string;
        for (const id of [vars['alice note']!, vars['bob note']!]) {
          const linked = await app.request('PUT', `/api/notes/${id}`, { data: { post: postId } }, users.admin.headers);
          expect(linked.status, linked.text).toBe(200);
        }
        const seenByAlice = await app.request('GET', `/api/posts/${postId}?populate=notes`, undefined, users.authenticated.headers);
        expect(seenByAlice.body.data.notes.map((note: { text: string }) => note.text)).toEqual(['alice note']);
        // A relation filter is no oracle for bob's note.
        const probe = await app.request('GET', `/api/posts${query({ filters: { notes: { text: { $eq: 'bob note' } } } })}`, undefined, users.authenticated.headers);
        expect(probe.body.data).toEqual([]);
        const editorView = await app.request('GET', `/api/posts${query({ filters: { notes: { text: { $eq: 'bob note' } } } })}`, undefined, users.editor.headers);
        expect(editorView.body.data).toHaveLength(1);
      });
      it('writes record createdBy and updatedBy; privileged roles can filter on them', async () => {
        const mine = await app.request('GET', `/api/notes${query({ filters: { createdBy: { id: { $eq: bob.id } } } })}`, undefined, users.editor.headers);
        expect(mine.status, mine.text).toBe(200);
        expect(mine.body.data.map((note: { text: string }) => note.text)).toEqual(['bob note']);
        const edited = await app.request('GET', `/api/notes${query({ filters: { updatedBy: { id: { $eq: users.admin.id } }, text: { $endsWith: ' note' } } })}`, undefined, users.editor.headers);
        expect(edited.body.data).toHaveLength(2);
        // For other callers createdBy is private: filtering on it is a 400, not an oracle.
        const probe = await app.request('GET', `/api/posts${query({ filters: { createdBy: { id: { $eq: bob.id } } } })}`, undefined, users.authenticated.headers);
        expect(probe.status).toBe(400);
      });
      it('nobody writes an entry out of their own reach, and createdBy cannot be set in the body', async () => {
        const forged = await app.request('POST', '/api/notes', { data: { text: 'x', createdBy: users.admin.id } }, bob.headers);
        expect(forged.status).toBe(400);
      });
    });

    describe('field allow-lists', () => {
      let postId = '';
      it('setup: an editor writes a post with every field', async () => {
        const response = await app.request('POST', '/api/posts', { data: { title: 'fields', body: 'needle in the body', rating: 4, internal: 'hush' } }, users.editor.headers);
        expect(response.status, response.text).toBe(201);
        expect(response.body.data.internal).toBe('hush');
        postId = response.body.data.documentId;
      });
      it('reads leave out fields outside the list, silently', async () => {
        const response = await app.request('GET', `/api/posts/${postId}`);
        expect(response.status).toBe(200);
        expect(Object.keys(response.body.data).sort()).toEqual(['createdAt', 'documentId', 'id', 'title', 'updatedAt']);
      });
      it('filtering, sorting, selecting or searching on them is a 400 or finds nothing', async () => {
        expect((await app.request('GET', `/api/posts${query({ filters: { rating: { $eq: 4 } } })}`)).status).toBe(400);
        expect((await app.request('GET', `/api/posts${query({ sort: 'rating:desc' })}`)).status).toBe(400);
        expect((await app.request('GET', `/api/posts${query({ fields: ['body'] })}`)).status).toBe(400);
        const search = await app.request('GET', `/api/posts${query({ _q: 'needle' })}`);
        expect(search.status).toBe(200);
        expect(search.body.data).toEqual([]);
        const editorSearch = await app.request('GET', `/api/posts${query({ _q: 'needle' })}`, undefined, users.editor.headers);
        expect(editorSearch.body.data).toHaveLength(1);
      });
      it('private fields go only to admin and editor roles, and are no oracle for others', async () => {
        const alice = await app.request('GET', `/api/posts/${postId}`, undefined, users.authenticated.headers);
        expect(alice.body.data.internal).toBeUndefined();
        expect(alice.body.data.body).toBe('needle in the body');
        for (const params of [{ filters: { internal: 'hush' } }, { sort: 'internal' }, { fields: ['internal'] }]) {
          expect((await app.request('GET', `/api/posts${query(params)}`, undefined, users.authenticated.headers)).status).toBe(400);
        }
        const search = await app.request('GET', `/api/posts${query({ _q: 'hush' })}`, undefined, users.authenticated.headers);
        expect(search.body.data).toEqual([]);
        const admin = await app.request('GET', `/api/posts${query({ filters: { internal: 'hush' } })}`, undefined, users.admin.headers);
        expect(admin.body.data).toHaveLength(1);
      });
      it('writing a field outside the list is a 403 that changes nothing; inside it, 200', async () => {
        const refused = await app.request('PUT', `/api/posts/${postId}`, { data: { title: 'renamed', rating: 5 } }, users.reviewer.headers);
        expect(refused.status).toBe(403);
        expect(refused.body.error.details.errors[0].path).toEqual(['title']);
        const allowed = await app.request('PUT', `/api/posts/${postId}`, { data: { rating: 5 } }, users.reviewer.headers);
        expect(allowed.status, allowed.text).toBe(200);
        const after = await app.request('GET', `/api/posts/${postId}`, undefined, users.editor.headers);
        expect(after.body.data).toMatchObject({ title: 'fields', rating: 5 });
      });
    });

    describe('row conditions on reads and creates', () => {
      it('a find condition filters lists; findOne without one still reaches the entry', async () => {
        const low = await app.request('POST', '/api/posts', { data: { title: 'low', rating: 1 } }, users.editor.headers);
        const list = await app.request('GET', `/api/posts${query({ filters: { title: 'low' } })}`, undefined, users.reviewer.headers);
        expect(list.status).toBe(200);
        expect(list.body.data).toEqual([]);
        const one = await app.request('GET', `/api/posts/${low.body.data.documentId}`, undefined, users.reviewer.headers);
        expect(one.status).toBe(200);
      });
      it('a created entry must satisfy the create conditions: 403 and nothing stored otherwise', async () => {
        const refused = await app.request('POST', '/api/posts', { data: { title: 'too good', rating: 5 } }, users.reviewer.headers);
        expect(refused.status).toBe(403);
        const stored = await app.request('GET', `/api/posts${query({ filters: { title: 'too good' } })}`, undefined, users.editor.headers);
        expect(stored.body.data).toEqual([]);
        const allowed = await app.request('POST', '/api/posts', { data: { title: 'modest', rating: 2 } }, users.reviewer.headers);
        expect(allowed.status, allowed.text).toBe(201);
      });
      it('an update cannot move an entry out of the caller’s scope', async () => {
        const mine = await app.request('POST', '/api/notes', { data: { text: 'mine' } }, bob.headers);
        // Conditions are about createdBy, which is not writable; scope survives any body.
        const moved = await app.request('PUT', `/api/notes/${mine.body.data.documentId}`, { data: { text: 'still mine' } }, bob.headers);
        expect(moved.status).toBe(200);
      });
    });

    describe('populate under the target type’s own permissions', () => {
      it('explicit populate of a type the role cannot read is a 400; populate=* skips it', async () => {
        const category = await app.request('POST', '/api/categories', { data: { name: 'secret category' } }, users.admin.headers);
        const post = await app.request('POST', '/api/posts', { data: { title: 'categorised', category: category.body.data.documentId } }, users.admin.headers);
        const id = post.body.data.documentId as string;
        const explicit = await app.request('GET', `/api/posts/${id}?populate=category`, undefined, users.authenticated.headers);
        expect(explicit.status).toBe(400);
        const star = await app.request('GET', `/api/posts/${id}?populate=*`, undefined, users.authenticated.headers);
        expect(star.status).toBe(200);
        expect(star.body.data.category).toBeUndefined();
        expect(star.body.data.notes).toEqual([]);
        const filter = await app.request('GET', `/api/posts${query({ filters: { category: { name: 'secret category' } } })}`, undefined, users.authenticated.headers);
        expect(filter.status).toBe(400);
        // Public may read categories: the same populate works there.
        const open = await app.request('GET', `/api/posts/${id}?populate=category`);
        expect(open.status).toBe(200);
        expect(open.body.data.category.name).toBe('secret category');
      });
    });

    describe('draft & publish actions', () => {
      it('status=draft needs readDraft: 401 anonymous, 403 authenticated, 200 editor', async () => {
        expect((await app.request('GET', '/api/stories?status=draft')).status).toBe(401);
        expect((await app.request('GET', '/api/stories?status=draft', undefined, users.authenticated.headers)).status).toBe(403);
        expect((await app.request('GET', '/api/stories?status=draft', undefined, users.editor.headers)).status).toBe(200);
      });
      it('a write without status publishes, so it needs publish; status=draft does not', async () => {
        expect((await app.request('POST', '/api/stories', { data: { title: 'now' } }, users.authenticated.headers)).status).toBe(403);
        const draft = await app.request('POST', '/api/stories?status=draft', { data: { title: 'later' } }, users.authenticated.headers);
        expect(draft.status, draft.text).toBe(201);
        const publish = await app.request('POST', `/api/stories/${draft.body.data.documentId}/actions/publish`, undefined, users.authenticated.headers);
        expect(publish.status).toBe(403);
        expect((await app.request('POST', `/api/stories/${draft.body.data.documentId}/actions/publish`, undefined, users.editor.headers)).status).toBe(200);
      });
    });

    describe('roles API', () => {
      let roleId = 0;
      it('is for admins only: 401 anonymous, 403 others', async () => {
        expect((await app.request('GET', '/api/roles')).status).toBe(401);
        expect((await app.request('GET', '/api/roles', undefined, users.editor.headers)).status).toBe(403);
        const patch = await app.request('PATCH', '/api/roles', {}, users.admin.headers);
        expect(patch.status).toBe(405);
        expect(patch.headers.get('allow')).toBe('GET, POST');
        const list = await app.request('GET', '/api/roles', undefined, users.admin.headers);
        expect(list.status).toBe(200);
        const byType = Object.fromEntries(list.body.data.map((role: { type: string; source: string }) => [role.type, role.source]));
        expect(byType).toMatchObject({ public: 'config', authenticated: 'config', reviewer: 'config', editor: 'database', admin: 'database' });
      });
      it('roles from config/roles.json are read-only', async () => {
        const list = await app.request('GET', '/api/roles', undefined, users.admin.headers);
        const reviewer = list.body.data.find((role: { type: string }) => role.type === 'reviewer');
        const response = await app.request('PUT', `/api/roles/${reviewer.id}`, { name: 'Renamed' }, users.admin.headers);
        expect(response.status).toBe(403);
        expect(response.body.error.message).toContain('config/roles.json');
      });
      it('a bad permission entry is a 400 naming the path', async () => {
        const response = await app.request('POST', '/api/roles', { name: 'Broken', permissions: [{ subject: 'post', actions: ['fly'] }] }, users.admin.headers);
        expect(response.status).toBe(400);
        expect(response.body.error.details.errors[0].path).toEqual(['permissions', '0', 'actions', '0']);
        const badCondition = await app.request('POST', '/api/roles', { name: 'Broken', permissions: [{ subject: 'post', actions: ['find'], conditions: { nope: 1 } }] }, users.admin.headers);
        expect(badCondition.status).toBe(400);
      });
      it('an admin-made role applies to its users on their next request, and follows edits', async () => {
        const created = await app.request('POST', '/api/roles', { name: 'Memo reader', permissions: [{ subject: 'memo', actions: ['find'] }] }, users.admin.headers);
        expect(created.status, created.text).toBe(201);
        expect(created.body.data).toMatchObject({ type: 'memo-reader', source: 'database' });
        roleId = created.body.data.id;
        const reader = await signUp(app, 'mona', 'memo-reader');
        expect((await app.request('GET', '/api/memos', undefined, reader.headers)).status).toBe(200);
        expect((await app.request('GET', '/api/posts', undefined, reader.headers)).status).toBe(403);
        const edited = await app.request('PUT', `/api/roles/${roleId}`, { permissions: [{ subject: 'post', actions: ['find'] }] }, users.admin.headers);
        expect(edited.status, edited.text).toBe(200);
        expect((await app.request('GET', '/api/memos', undefined, reader.headers)).status).toBe(403);
        expect((await app.request('GET', '/api/posts', undefined, reader.headers)).status).toBe(200);
        expect((await app.request('DELETE', `/api/roles/${roleId}`, undefined, users.admin.headers)).status).toBe(409);
      });
    });

    it('denials are counted by type and action', async () => {
      const before = sample(await (await fetch(`${app.url}/metrics`)).text(), 'larder_permission_denials_total', { type: 'memo', action: 'delete' }) ?? 0;
      await app.request('DELETE', '/api/memos/nothing-here', undefined, users.authenticated.headers);
      const after = sample(await (await fetch(`${app.url}/metrics`)).text(), 'larder_permission_denials_total', { type: 'memo', action: 'delete' });
      expect(after).toBe(before + 1);
    });
  });
}

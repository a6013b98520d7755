import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContentTypes } from '../../core/content-types/load-content-types.js';
import { connectDatabase, type Database } from '../../core/db/connect.js';
import { MigrationFailedError } from '../../core/schema/errors.js';
import type { GeneratedMigration } from '../../core/schema/migration-files.js';
import { applyMigrations, ensureMigrationTables, lastAppliedSnapshot } from '../../core/schema/migrator.js';
import { planSchemaChange } from '../../core/schema/plan-schema-change.js';
import { parseRenameFlags } from '../../core/schema/renames.js';
import { emptySnapshot, type ColumnSpec, type TableSpec } from '../../core/schema/snapshot.js';
import { evolveSnapshot } from '../../core/schema/evolve-snapshot.js';
import type { Operation } from '../../core/schema/operations.js';
import { createTestDatabase, dialects, type TestDatabase } from '../support/databases.js';
import { collection, writeDefinitions } from '../support/definitions.js';

/**
 * Every kind of schema change, applied through the migrator to a real
 * database with rows in it, on both dialects: the data survives what should
 * keep it, and a change the data does not allow fails with a clear message
 * and changes nothing.
 */
const articleAttributes = {
  title: { type: 'string' },
  views: { type: 'integer' },
  score: { type: 'float' },
  kind: { type: 'enumeration', enum: ['news', 'guide', 'review'] },
  body: { type: 'text' },
  author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'articles' },
};
const authorWithArticles = (relation = 'oneToMany', target = 'article') =>
  collection('author', 'authors', { name: { type: 'string' }, articles: { type: 'relation', relation, target, mappedBy: 'author' } });

for (const dialect of dialects) {
  describe(`schema operations on live data [${dialect}]`, () => {
    let test: TestDatabase;
    let db: Database;
    let counter = 0;
    const row = async (table: string, id: number) => db.knex(table).where({ id }).first();
    const count = async (table: string) => Number(((await db.knex(table).count({ n: '*' }))[0] as { n: number | string }).n);
    const big = (value: unknown) => String(value);

    /** Plans from the database's own snapshot to these definitions and applies it, as `migrate apply` would. */
    async function migrateTo(definitions: Record<string, unknown>, renames: { rename?: string[]; renameType?: string[] } = {}) {
      const types = loadContentTypes(writeDefinitions(definitions)).all();
      const base = (await lastAppliedSnapshot(db.knex)) ?? emptySnapshot();
      const change = planSchemaChange(base, types, parseRenameFlags(renames.rename ?? [], renames.renameType ?? []));
      const migration: GeneratedMigration = {
        kind: 'generated', name: `${String(++counter).padStart(3, '0')}_step`, operations: change.steps.map((step) => step.operation), snapshot: change.snapshot,
      };
      await applyMigrations(db, [migration]);
      return change;
    }
    /** A migration the data does not allow: one clear message, and the database exactly as before. */
    async function refused(definitions: Record<string, unknown>, message: RegExp) {
      const before = await lastAppliedSnapshot(db.knex);
      const error = await migrateTo(definitions).then(() => undefined, (caught: unknown) => caught);
      expect(error).toBeInstanceOf(MigrationFailedError);
      expect((error as Error).message).toMatch(/was not applied, nothing changed/);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message.split('\n')).toHaveLength(1);
      expect(await lastAppliedSnapshot(db.knex)).toEqual(before);
    }

    beforeAll(async () => {
      test = await createTestDatabase(dialect);
      db = connectDatabase({ url: test.url, sqliteDriver: 'better-sqlite3', cwd: process.cwd() });
      await ensureMigrationTables(db);
    });
    afterAll(async () => {
      await db?.close();
      await test?.drop();
    });

    it('creates the tables, and the rows go in', async () => {
      await migrateTo({ author: authorWithArticles(), article: collection('article', 'articles', articleAttributes) });
      const now = new Date().toISOString();
      const base = { created_at: now, updated_at: now };
      // Ids come from the database (1, 2, …), so its sequence knows them.
      for (const name of ['Ada', 'Grace']) await db.knex('authors').insert({ document_id: `a-${name}`, name, ...base });
      for (const article of [
        { document_id: 'p1', title: 'One', views: 10, score: 1.5, kind: 'news', body: 'x'.repeat(300) },
        { document_id: 'p2', title: 'Two', views: 20, score: 2.5, kind: 'guide', body: 'short' },
        { document_id: 'p3', title: null, views: null, score: null, kind: null, body: null },
        { document_id: 'p4', title: 'Gone', views: 1, score: 0, kind: 'review', body: null },
      ]) await db.knex('articles').insert({ ...article, ...base });
      expect(await db.knex('articles').orderBy('id').pluck('document_id')).toEqual(['p1', 'p2', 'p3', 'p4']);
      expect((await row('articles', 4)).document_id).toBe('p4');
      await db.knex('articles_author_lnk').insert([{ article_id: 1, author_id: 1 }, { article_id: 2, author_id: 1 }, { article_id: 3, author_id: 2 }]);
      // Deleting the highest id: it must never be handed out again, even after a table rebuild.
      await db.knex('articles').where({ id: 4 }).delete();
      expect(await count('articles_author_lnk')).toBe(3);
    });

    it('widens integer → biginteger and float → decimal, keeping every value and every link', async () => {
      const change = await migrateTo({ author: authorWithArticles(), article: collection('article', 'articles', {
        ...articleAttributes, views: { type: 'biginteger' }, score: { type: 'decimal' },
      }) });
      expect(change.steps.map((step) => step.safety)).toEqual(['safe', 'safe']);
      expect(big((await row('articles', 1)).views)).toBe('10');
      expect(Number((await row('articles', 2)).score)).toBe(2.5);
      // On SQLite this rebuilt `articles`, which the link table references: no link may be lost.
      expect(await count('articles_author_lnk')).toBe(3);
      await db.knex('articles').where({ id: 2 }).update({ views: '1099511627776' });
      expect(big((await row('articles', 2)).views)).toBe('1099511627776');
    });

    it('still enforces the foreign keys of a rebuilt table, and never reuses a deleted id', async () => {
      const now = new Date().toISOString();
      const [inserted] = await db.knex('articles').insert({ document_id: 'p5', title: 'Five', created_at: now, updated_at: now }).returning('id');
      expect(Number((inserted as { id: number }).id ?? inserted)).toBe(5);
      await db.knex('articles').where({ id: 5 }).delete();
      await expect(db.knex('articles_author_lnk').insert({ article_id: 999, author_id: 1 })).rejects.toThrow();
    });

    it('refuses a narrowing the data does not fit, naming the column and the count', async () => {
      await refused({ author: authorWithArticles(), article: collection('article', 'articles', { ...articleAttributes, score: { type: 'decimal' } }) },
        /cannot change articles\.views to integer: 1 row\(s\) hold a value that does not fit/);
      expect(big((await row('articles', 2)).views)).toBe('1099511627776');
    });

    it('refuses text → string when a value is longer than 255, then narrows once the data fits', async () => {
      const narrowed = { author: authorWithArticles(), article: collection('article', 'articles', {
        ...articleAttributes, views: { type: 'biginteger' }, score: { type: 'decimal' }, body: { type: 'string' },
      }) };
      await refused(narrowed, /cannot change articles\.body to string\(255\): 1 row\(s\)/);
      await db.knex('articles').where({ id: 1 }).update({ body: 'x'.repeat(200) });
      const change = await migrateTo(narrowed);
      expect(change.steps.map((step) => step.safety)).toEqual(['destructive']);
      expect((await row('articles', 1)).body).toBe('x'.repeat(200));
    });

    const current = (attributes: Record<string, unknown> = {}, options: Record<string, unknown> = {}) => ({
      author: authorWithArticles(),
      article: collection('article', 'articles', {
        ...articleAttributes, views: { type: 'biginteger' }, score: { type: 'decimal' }, body: { type: 'string' }, ...attributes,
      }, options),
    });

    it('refuses a new required field while an entry has no value, and backfills when there is a default', async () => {
      await refused(current({ title: { type: 'string', required: true } }), /cannot make articles\.title required: 1 entry has no value/);
      await migrateTo(current({ title: { type: 'string', required: true, default: 'Untitled' } }));
      expect((await row('articles', 3)).title).toBe('Untitled');
      expect((await row('articles', 1)).title).toBe('One');
    });

    it('checks removed enumeration values, and adding values is free', async () => {
      const base = { title: { type: 'string', required: true, default: 'Untitled' } };
      await refused(current({ ...base, kind: { type: 'enumeration', enum: ['news', 'review'] } }), /cannot restrict articles\.kind to \[news, review\]: 1 row\(s\) hold another value/);
      await migrateTo(current({ ...base, kind: { type: 'enumeration', enum: ['news', 'guide', 'review', 'opinion'] } }));
      expect((await row('articles', 2)).kind).toBe('guide');
    });

    const settled = { title: { type: 'string', required: true, default: 'Untitled' }, kind: { type: 'enumeration', enum: ['news', 'guide', 'review', 'opinion'] } };

    it('refuses a unique index over duplicates', async () => {
      await db.knex('articles').where({ id: 3 }).update({ title: 'One' });
      await refused(current({ ...settled, title: { ...settled.title, unique: true } }), /cannot add a unique index on articles \(title\): 1 value\(s\) appear more than once, in 2 rows/);
      await db.knex('articles').where({ id: 3 }).update({ title: 'Three' });
    });

    it('keeps every link when manyToOne becomes manyToMany, and checks the way back', async () => {
      const many = { ...current({ ...settled, author: { type: 'relation', relation: 'manyToMany', target: 'author', inversedBy: 'articles' } }), author: authorWithArticles('manyToMany') };
      await migrateTo(many);
      expect(await count('articles_author_lnk')).toBe(3);
      await db.knex('articles_author_lnk').insert({ article_id: 1, author_id: 2 });
      await refused(current(settled), /unique index on articles_author_lnk \(article_id\).*relation article\.author/);
      expect(await count('articles_author_lnk')).toBe(4);
    });

    it('renames a type: its table, link table and link columns move, rows and links intact', async () => {
      const post = {
        author: authorWithArticles('manyToMany', 'post'),
        post: collection('post', 'posts', { ...current().article.attributes, ...settled, author: { type: 'relation', relation: 'manyToMany', target: 'author', inversedBy: 'articles' } }),
      };
      const change = await migrateTo(post, { renameType: ['article=post'] });
      expect(change.steps.every((step) => step.safety === 'safe')).toBe(true);
      expect(await db.knex.schema.hasTable('articles')).toBe(false);
      expect((await row('posts', 1)).title).toBe('One');
      expect(await db.knex('posts_author_lnk').where({ post_id: 1 }).orderBy('author_id').pluck('author_id')).toEqual([1, 2]);
      if (dialect === 'postgres') {
        const names = await db.knex.raw("SELECT to_regclass('posts_pkey') AS pkey, to_regclass('posts_id_seq') AS seq, to_regclass('articles_pkey') AS old") as { rows: unknown[] };
        expect(names.rows[0]).toEqual({ pkey: 'posts_pkey', seq: 'posts_id_seq', old: null });
      }
      // The foreign keys followed the rename.
      await db.knex('posts').where({ id: 3 }).delete();
      expect(await count('posts_author_lnk')).toBe(3);
    });

    it('refuses collection → single type while there is more than one entry', async () => {
      const single = {
        author: authorWithArticles('manyToMany', 'post'),
        post: { ...collection('post', 'posts', { ...current().article.attributes, ...settled, author: { type: 'relation', relation: 'manyToMany', target: 'author', inversedBy: 'articles' } }), kind: 'singleType' },
      };
      await refused(single, /cannot make posts a single type: it holds 2 entries/);
    });

    it('drops a field with its data, leaving the rest (and the links) alone', async () => {
      const { body: _body, ...withoutBody } = { ...current().article.attributes, ...settled, author: { type: 'relation', relation: 'manyToMany', target: 'author', inversedBy: 'articles' } } as Record<string, unknown>;
      const change = await migrateTo({ author: authorWithArticles('manyToMany', 'post'), post: collection('post', 'posts', withoutBody) });
      expect(change.steps.map((step) => step.safety)).toEqual(['destructive']);
      expect((await row('posts', 1)).body).toBeUndefined();
      expect((await row('posts', 1)).title).toBe('One');
      expect(await count('posts_author_lnk')).toBe(3);
    });
  });
}

/** Database-level NOT NULL (system and link tables use it; content columns stay nullable, see snapshot.ts). */
for (const dialect of dialects) {
  describe(`NOT NULL on live data [${dialect}]`, () => {
    let test: TestDatabase;
    let db: Database;
    let counter = 0;
    const column = (overrides: Partial<ColumnSpec> = {}): ColumnSpec => ({ name: 'label', type: 'string', length: 255, nullable: true, ...overrides });
    const table: TableSpec = { name: 'things', columns: [{ name: 'id', type: 'increments', nullable: false }, column()], indexes: [] };

    async function apply(operations: Operation[]): Promise<void> {
      const base = (await lastAppliedSnapshot(db.knex)) ?? emptySnapshot();
      const snapshot = operations.reduce(evolveSnapshot, base);
      await applyMigrations(db, [{ kind: 'generated', name: `${String(++counter).padStart(3, '0')}_raw`, operations, snapshot }]);
    }

    beforeAll(async () => {
      test = await createTestDatabase(dialect);
      db = connectDatabase({ url: test.url, sqliteDriver: 'better-sqlite3', cwd: process.cwd() });
      await ensureMigrationTables(db);
      await apply([{ op: 'createTable', table }]);
      await db.knex('things').insert([{ label: 'kept' }, { label: null }]);
    });
    afterAll(async () => {
      await db?.close();
      await test?.drop();
    });

    it('refuses NOT NULL while a row is NULL; with a default, backfills and then enforces it', async () => {
      await expect(apply([{ op: 'alterColumn', table: 'things', from: column(), to: column({ nullable: false }) }]))
        .rejects.toThrow(/not applied, nothing changed: cannot make things\.label NOT NULL: 1 row\(s\) have no value/);
      await apply([{ op: 'alterColumn', table: 'things', from: column(), to: column({ nullable: false, default: 'none' }) }]);
      expect(await db.knex('things').orderBy('id').pluck('label')).toEqual(['kept', 'none']);
      await expect(db.knex('things').insert({ label: null })).rejects.toThrow(/NOT NULL|null value/i);
      await db.knex('things').insert({});
      expect(await db.knex('things').orderBy('id').pluck('label')).toEqual(['kept', 'none', 'none']);
    });

    it('drops NOT NULL, keeping the values', async () => {
      await apply([{ op: 'alterColumn', table: 'things', from: column({ nullable: false, default: 'none' }), to: column() }]);
      await db.knex('things').insert({ label: null });
      expect(await db.knex('things').orderBy('id').pluck('label')).toEqual(['kept', 'none', 'none', null]);
    });

    it('refuses a NOT NULL column without a default on a table that has rows', async () => {
      await expect(apply([{ op: 'addColumn', table: 'things', column: { name: 'size', type: 'integer', nullable: false } }]))
        .rejects.toThrow(/cannot add NOT NULL column things\.size without a default: the table has 4 row\(s\)/);
    });

    it('collection → single type is allowed with one entry', async () => {
      const note = collection('note', 'notes', { title: { type: 'string' } });
      const types = (definition: unknown) => loadContentTypes(writeDefinitions({ note: definition })).all();
      const base = (await lastAppliedSnapshot(db.knex))!;
      const created = planSchemaChange(base, types(note));
      await applyMigrations(db, [{ kind: 'generated', name: '100_notes', operations: created.steps.map((step) => step.operation), snapshot: created.snapshot }]);
      const now = new Date().toISOString();
      await db.knex('notes').insert({ document_id: 'only', title: 'the one', created_at: now, updated_at: now });
      const single = planSchemaChange(created.snapshot, types({ ...note, kind: 'singleType' }));
      expect(single.steps.map((step) => step.operation.op)).toEqual(['changeKind']);
      await applyMigrations(db, [{ kind: 'generated', name: '101_single', operations: single.steps.map((step) => step.operation), snapshot: single.snapshot }]);
      expect((await lastAppliedSnapshot(db.knex))!.tables.find((candidate) => candidate.name === 'notes')!.contentType).toEqual({ singularName: 'note', kind: 'singleType' });
    });
  });
}

/** `required` binds published entries only: drafts may leave it empty (DESIGN §10). */
for (const dialect of dialects) {
  describe(`a new required field on a draft & publish type [${dialect}]`, () => {
    let test: TestDatabase;
    let db: Database;
    const page = (required: boolean) => collection('page', 'pages', { title: { type: 'string', required } }, { draftAndPublish: true });
    const types = (definition: unknown) => loadContentTypes(writeDefinitions({ page: definition })).all();
    async function migrate(required: boolean, name: string) {
      const base = (await lastAppliedSnapshot(db.knex)) ?? emptySnapshot();
      const change = planSchemaChange(base, types(page(required)));
      await applyMigrations(db, [{ kind: 'generated', name, operations: change.steps.map((step) => step.operation), snapshot: change.snapshot }]);
    }

    beforeAll(async () => {
      test = await createTestDatabase(dialect);
      db = connectDatabase({ url: test.url, sqliteDriver: 'better-sqlite3', cwd: process.cwd() });
      await ensureMigrationTables(db);
      await migrate(false, '001_pages');
    });
    afterAll(async () => {
      await db?.close();
      await test?.drop();
    });

    it('ignores empty drafts, and refuses while a published entry is empty', async () => {
      const tables = (await lastAppliedSnapshot(db.knex))!.tables.map((table) => table.name);
      const published = tables.find((name) => name.startsWith('pages_') && name.includes('published'));
      const now = new Date().toISOString();
      const row = (documentId: string, title: string | null) => ({ document_id: documentId, title, created_at: now, updated_at: now });
      // A draft with no title, and (where published versions have their own table) its published version with one.
      await db.knex('pages').insert(row('draftonly000000000000001', null));
      if (published) await db.knex(published).insert({ id: 1, ...row('draftonly000000000000001', 'Live title'), published_at: now });
      else await db.knex('pages').insert({ ...row('published000000000000001', 'Live title'), published_at: now });
      await migrate(true, '002_required');

      await migrate(false, '003_optional');
      if (published) await db.knex(published).insert({ id: 2, ...row('emptylive000000000000001', null), published_at: now });
      else await db.knex('pages').insert({ ...row('emptylive000000000000001', null), published_at: now });
      await expect(migrate(true, '004_required_again')).rejects.toThrow(/cannot make pages(_published)?\.title required: 1 (published )?entry has no value/);
    });
  });
}

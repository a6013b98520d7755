import { describe, expect, it } from 'vitest';
import { loadContentTypes } from '../../core/content-types/load-content-types.js';
import { buildSnapshot } from '../../core/schema/build-snapshot.js';
import { planMigration } from '../../core/schema/migrator.js';
import { emptySnapshot } from '../../core/schema/snapshot.js';
import { collection, writeDefinitions } from '../support/definitions.js';

const snapshotOf = (definitions: Record<string, unknown>) => buildSnapshot(loadContentTypes(writeDefinitions(definitions)).all());

describe('schema snapshot and diff', () => {
  const v1 = {
    author: collection('author', 'authors', { name: { type: 'string', required: true } }),
    book: collection('book', 'books', {
      title: { type: 'string' },
      author: { type: 'relation', relation: 'manyToOne', target: 'author', inversedBy: 'books' },
    }),
  };
  v1.author.attributes = { ...v1.author.attributes, books: { type: 'relation', relation: 'oneToMany', target: 'book', mappedBy: 'author' } } as never;

  it('creates content tables before the link tables that reference them', () => {
    const plan = planMigration(emptySnapshot(), snapshotOf(v1));
    expect(plan.every((step) => step.safety === 'safe')).toBe(true);
    const created = plan.map((step) => (step.operation.op === 'createTable' ? step.operation.table.name : ''));
    expect(created.indexOf('books_author_lnk')).toBeGreaterThan(created.indexOf('books'));
    expect(created.indexOf('books_author_lnk')).toBeGreaterThan(created.indexOf('authors'));
    const link = plan.find((step) => step.operation.op === 'createTable' && step.operation.table.name === 'books_author_lnk')!;
    // manyToOne: each book has at most one author.
    expect(link.operation.op === 'createTable' && link.operation.table.indexes.find((index) => index.columns.join() === 'book_id')?.unique).toBe(true);
  });

  it('is empty when nothing changed', () => {
    expect(planMigration(snapshotOf(v1), snapshotOf(v1))).toEqual([]);
  });

  it('adds a column and an index as safe operations', () => {
    const v2 = structuredClone(v1);
    (v2.book.attributes as Record<string, unknown>).isbn = { type: 'string', unique: true };
    const plan = planMigration(snapshotOf(v1), snapshotOf(v2));
    expect(plan.map((step) => [step.operation.op, step.safety])).toEqual([['addColumn', 'safe'], ['addIndex', 'safe']]);
  });

  it('marks a dropped field as destructive', () => {
    const v2 = structuredClone(v1);
    delete (v2.book.attributes as Record<string, unknown>).title;
    const plan = planMigration(snapshotOf(v1), snapshotOf(v2));
    expect(plan.map((step) => [step.operation.op, step.safety])).toEqual([['dropColumn', 'destructive']]);
  });

  it('keeps links when manyToOne becomes manyToMany: only the unique index changes', () => {
    const v2 = structuredClone(v1);
    (v2.book.attributes as Record<string, Record<string, unknown>>).author!.relation = 'manyToMany';
    (v2.author.attributes as Record<string, Record<string, unknown>>).books!.relation = 'manyToMany';
    const plan = planMigration(snapshotOf(v1), snapshotOf(v2));
    expect(plan.map((step) => step.operation.op).sort()).toEqual(['addIndex', 'dropIndex']);
    expect(plan.every((step) => step.safety === 'safe')).toBe(true);
  });
});

describe('the committed migrations', () => {
  it('lead exactly to the example content model (config/ and migrations/ are in sync)', async () => {
    const { latestSnapshot, readMigrationFiles } = await import('../../core/schema/migration-files.js');
    const { EXAMPLE_CONFIG_DIR } = await import('../support/definitions.js');
    const files = readMigrationFiles(`${EXAMPLE_CONFIG_DIR}/../migrations`);
    expect(files.length).toBeGreaterThan(0);
    const target = buildSnapshot(loadContentTypes(`${EXAMPLE_CONFIG_DIR}/content-types`).all());
    expect(planMigration(latestSnapshot(files)!, target)).toEqual([]);
  });
});

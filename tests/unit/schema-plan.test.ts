import { describe, expect, it } from 'vitest';
import { loadContentTypes } from '../../core/content-types/load-content-types.js';
import type { ContentType } from '../../core/content-types/types.js';
import { buildSnapshot } from '../../core/schema/build-snapshot.js';
import { evolveSnapshot } from '../../core/schema/evolve-snapshot.js';
import type { Operation } from '../../core/schema/operations.js';
import { formatPlan, planSchemaChange } from '../../core/schema/plan-schema-change.js';
import { parseRenameFlags, RenameError } from '../../core/schema/renames.js';
import type { SchemaSnapshot } from '../../core/schema/snapshot.js';
import { collection, writeDefinitions } from '../support/definitions.js';

type Definitions = Record<string, ReturnType<typeof collection> & Record<string, unknown>>;
const typesOf = (definitions: Definitions): readonly ContentType[] => loadContentTypes(writeDefinitions(definitions)).all();
const snapshotOf = (definitions: Definitions) => buildSnapshot(typesOf(definitions));
const ops = (from: Definitions, to: Definitions, flags: { rename?: string[]; renameType?: string[] } = {}) =>
  planSchemaChange(snapshotOf(from), typesOf(to), parseRenameFlags(flags.rename ?? [], flags.renameType ?? []));
const summary = (operations: Array<{ operation: Operation; safety: string }>) => operations.map(({ operation, safety }) => {
  switch (operation.op) {
    case 'renameTable': return `${safety} renameTable ${operation.from}->${operation.to}`;
    case 'renameType': return `${safety} renameType ${operation.from}->${operation.to}`;
    case 'renameColumn': return `${safety} renameColumn ${operation.table}.${operation.from}->${operation.to}`;
    case 'alterColumn': return `${safety} alterColumn ${operation.table}.${operation.to.name}`;
    case 'addColumn': case 'dropColumn': return `${safety} ${operation.op} ${operation.table}.${operation.column.name}`;
    case 'createTable': case 'dropTable': return `${safety} ${operation.op} ${operation.table.name}`;
    case 'addIndex': case 'dropIndex': return `${safety} ${operation.op} ${operation.index.name}`;
    case 'changeKind': return `${safety} changeKind ${operation.table} ${operation.to}`;
  }
});

/** Physical shape only: what the database holds, in a comparable order. */
function shape(snapshot: SchemaSnapshot) {
  return [...snapshot.tables].sort((a, b) => a.name.localeCompare(b.name)).map((table) => ({
    name: table.name,
    columns: table.columns.map(({ name, type, length, nullable, default: value, references, required, enum: values }) =>
      ({ name, type, length, nullable, value, references, required: Boolean(required), values })).sort((a, b) => a.name.localeCompare(b.name)),
    indexes: [...table.indexes].sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

const v1: Definitions = {
  author: collection('author', 'authors', { name: { type: 'string' } }),
  article: collection('article', 'articles', {
    title: { type: 'string' },
    subtitle: { type: 'string' },
    views: { type: 'integer' },
    author: { type: 'relation', relation: 'manyToOne', target: 'author' },
  }),
};
const withArticle = (attributes: Record<string, unknown>, extra: Record<string, unknown> = {}): Definitions => ({
  author: v1.author!,
  article: { ...collection('article', 'articles', attributes), ...extra },
});
const { subtitle: _subtitle, ...withoutSubtitle } = v1.article!.attributes as Record<string, unknown>;

describe('renames are declared, never guessed', () => {
  it('a renamedFrom hint renames the column, keeping its data, and is safe', () => {
    const plan = ops(v1, withArticle({ ...withoutSubtitle, tagline: { type: 'string', renamedFrom: 'subtitle' } }));
    expect(summary(plan.steps)).toEqual(['safe renameColumn articles.subtitle->tagline']);
  });

  it('--rename TYPE.OLD=NEW does the same', () => {
    const plan = ops(v1, withArticle({ ...withoutSubtitle, tagline: { type: 'string' } }), { rename: ['article.subtitle=tagline'] });
    expect(summary(plan.steps)).toEqual(['safe renameColumn articles.subtitle->tagline']);
  });

  it('a hint that already took effect does nothing', () => {
    const v2 = withArticle({ ...withoutSubtitle, tagline: { type: 'string', renamedFrom: 'subtitle' } });
    expect(planSchemaChange(snapshotOf(v2), typesOf(v2)).steps).toEqual([]);
  });

  it('without a declaration, a drop plus an add stays destructive, and the plan names the flag', () => {
    const plan = ops(v1, withArticle({ ...withoutSubtitle, tagline: { type: 'string' } }));
    expect(summary(plan.steps)).toEqual(['safe addColumn articles.tagline', 'destructive dropColumn articles.subtitle']);
    expect(plan.suggestions.join('\n')).toContain('--rename article.subtitle=tagline');
    expect(plan.suggestions.join('\n')).toContain('"renamedFrom": "subtitle"');
  });

  it('--rename-type moves the table, its link tables and the link columns named after it', () => {
    const post: Definitions = { author: v1.author!, post: collection('post', 'posts', v1.article!.attributes as Record<string, unknown>) };
    const plan = ops(post, v1, { renameType: ['post=article'] });
    const steps = summary(plan.steps);
    expect(steps.slice(0, 4)).toEqual([
      'safe renameTable posts->articles',
      'safe renameType post->article',
      'safe renameTable posts_author_lnk->articles_author_lnk',
      'safe renameColumn articles_author_lnk.post_id->article_id',
    ]);
    expect(steps.every((step) => step.startsWith('safe'))).toBe(true);
    expect(steps.some((step) => /dropTable|dropColumn/.test(step))).toBe(false);
    // Nothing else is left to do: the snapshot after the steps is the content model's.
    const after = plan.steps.reduce((snapshot, step) => evolveSnapshot(snapshot, step.operation), snapshotOf(post));
    expect(shape(after)).toEqual(shape(plan.snapshot));
  });

  it('a draft & publish type takes its published companion tables along, columns and all', () => {
    const draft = { draftAndPublish: true };
    const post: Definitions = { author: v1.author!, post: collection('post', 'posts', { title: { type: 'string', unique: true }, author: { type: 'relation', relation: 'manyToOne', target: 'author' } }, draft) };
    const article: Definitions = { author: v1.author!, article: collection('article', 'articles', { heading: { type: 'string', unique: true, renamedFrom: 'title' }, author: { type: 'relation', relation: 'manyToOne', target: 'author' } }, draft) };
    const plan = ops(post, article, { renameType: ['post=article'] });
    const renames = summary(plan.steps).filter((step) => step.includes(' rename'));
    expect(renames).toEqual([
      'safe renameTable posts->articles',
      'safe renameTable posts_published->articles_published',
      'safe renameType post->article',
      'safe renameColumn articles.title->heading',
      'safe renameColumn articles_published.title->heading',
      'safe renameTable posts_author_lnk->articles_author_lnk',
      'safe renameTable posts_author_lnk_published->articles_author_lnk_published',
      'safe renameColumn articles_author_lnk.post_id->article_id',
      'safe renameColumn articles_author_lnk_published.post_id->article_id',
    ]);
    expect(plan.steps.every((step) => step.safety === 'safe')).toBe(true);
  });

  it('a type-level renamedFrom (top level or in info) does the same', () => {
    const post: Definitions = { author: v1.author!, post: collection('post', 'posts', v1.article!.attributes as Record<string, unknown>) };
    for (const hinted of [withArticle(v1.article!.attributes as Record<string, unknown>, { renamedFrom: 'post' }),
      { author: v1.author!, article: { ...v1.article!, info: { ...v1.article!.info, renamedFrom: 'post' } as never } }]) {
      expect(summary(ops(post, hinted).steps)[0]).toBe('safe renameTable posts->articles');
    }
  });

  it('without a declaration, a renamed type is a drop and a create, and the plan names --rename-type', () => {
    const post: Definitions = { author: v1.author!, post: collection('post', 'posts', v1.article!.attributes as Record<string, unknown>) };
    const plan = ops(post, v1);
    expect(plan.steps.some((step) => step.safety === 'destructive')).toBe(true);
    expect(plan.suggestions.join('\n')).toContain('--rename-type post=article');
  });

  it('a renamed relation moves its link table', () => {
    const { author: _author, ...rest } = v1.article!.attributes as Record<string, unknown>;
    const plan = ops(v1, withArticle({ ...rest, writer: { type: 'relation', relation: 'manyToOne', target: 'author', renamedFrom: 'author' } }));
    expect(summary(plan.steps)[0]).toBe('safe renameTable articles_author_lnk->articles_writer_lnk');
    expect(plan.steps.some((step) => step.safety !== 'safe')).toBe(false);
  });

  it('rename hints are checked like the rest of a definition', () => {
    const article = v1.article!;
    expect(() => typesOf({ ...v1, article: { ...article, renamedFrom: 'post', info: { ...article.info, renamedFrom: 'post' } as never } }))
      .toThrow(/at renamedFrom: both "renamedFrom" and "info\.renamedFrom" are set/);
    expect(() => typesOf({ ...v1, article: { ...article, renamedFrom: 'Not A Name' } })).toThrow(/at renamedFrom: invalid previous singular name/);
    expect(() => typesOf(withArticle({ title: { type: 'string', renamedFrom: 'title' } }))).toThrow(/attributes\.title\.renamedFrom: the attribute is already called "title"/);
    expect(() => typesOf(withArticle({ title: { type: 'string', renamedFrom: 3 } }))).toThrow(/"renamedFrom" must be the previous attribute name/);
  });

  it('a rename flag that cannot apply is a one-line RenameError', () => {
    expect(() => ops(v1, v1, { rename: ['article.nothing=tagline'] })).toThrow(RenameError);
    expect(() => ops(v1, v1, { rename: ['article.subtitle=nothing'] })).toThrow(/has no attribute "nothing"/);
    expect(() => ops(v1, v1, { renameType: ['ghost=article'] })).toThrow(/no content type "ghost"/);
    expect(() => parseRenameFlags(['subtitle=tagline'], [])).toThrow(/expected TYPE\.OLD=NEW/);
  });
});

describe('change classification', () => {
  const change = (from: Record<string, unknown>, to: Record<string, unknown>) => {
    const plan = ops(withArticle({ field: from }), withArticle({ field: to }));
    return plan.steps.map(({ operation, safety, checks }) => ({ op: operation.op, safety, checks: checks.join('; ') }));
  };

  it.each([
    ['integer → biginteger', { type: 'integer' }, { type: 'biginteger' }],
    ['integer → float', { type: 'integer' }, { type: 'float' }],
    ['biginteger → decimal', { type: 'biginteger' }, { type: 'decimal' }],
    ['string → text (maxLength above 255)', { type: 'string' }, { type: 'string', maxLength: 1000 }],
  ])('widening %s is safe and checks nothing', (_name, from, to) => {
    expect(change(from, to)).toEqual([{ op: 'alterColumn', safety: 'safe', checks: '' }]);
  });

  it.each([
    ['biginteger → integer', { type: 'biginteger' }, { type: 'integer' }, 'every value fits integer'],
    ['float → integer', { type: 'float' }, { type: 'integer' }, 'every value fits integer'],
    ['text → string', { type: 'text' }, { type: 'string' }, 'every value fits string(255)'],
  ])('narrowing %s is destructive and checks the values first', (_name, from, to, check) => {
    expect(change(from, to)).toEqual([{ op: 'alterColumn', safety: 'destructive', checks: check }]);
  });

  it('a conversion Larder cannot make is unsupported, with the way to do it by hand', () => {
    const plan = ops(withArticle({ field: { type: 'json' } }), withArticle({ field: { type: 'integer' } }));
    expect(plan.steps[0]).toMatchObject({ safety: 'unsupported' });
    expect(formatPlan(plan.steps)).toMatch(/UNSUPPORTED.*\n.*data migration/);
  });

  it('a new required is safe and checks the entries (backfilling from a default when there is one)', () => {
    expect(change({ type: 'string' }, { type: 'string', required: true })).toEqual([{ op: 'alterColumn', safety: 'safe', checks: 'every entry has a value' }]);
    expect(change({ type: 'string' }, { type: 'string', required: true, default: 'x' })[0]!.checks).toContain('get the default');
    expect(change({ type: 'string', required: true }, { type: 'string' })).toEqual([{ op: 'alterColumn', safety: 'safe', checks: '' }]);
  });

  it('enum values: adding checks nothing, removing checks that no entry holds them', () => {
    expect(change({ type: 'enumeration', enum: ['a'] }, { type: 'enumeration', enum: ['a', 'b'] })).toEqual([{ op: 'alterColumn', safety: 'safe', checks: '' }]);
    expect(change({ type: 'enumeration', enum: ['a', 'b'] }, { type: 'enumeration', enum: ['a'] })[0]!.checks).toBe('no entry holds "b"');
  });

  it('unique and relation kinds: relaxing is safe, tightening checks for duplicates', () => {
    expect(change({ type: 'string' }, { type: 'string', unique: true })).toEqual([{ op: 'addIndex', safety: 'safe', checks: 'no duplicate values' }]);
    const many = withArticle({ ...(v1.article!.attributes as object), author: { type: 'relation', relation: 'manyToMany', target: 'author' } });
    const widened = summary(ops(v1, many).steps);
    expect(widened.every((step) => step.startsWith('safe'))).toBe(true);
    const narrowed = ops(many, v1).steps.filter((step) => step.operation.op === 'addIndex');
    expect(narrowed.map((step) => step.checks)).toEqual([['no duplicate values']]);
  });

  it('collection type → single type checks that at most one entry exists', () => {
    const single = withArticle(v1.article!.attributes as Record<string, unknown>, { kind: 'singleType' });
    expect(ops(v1, single).steps.map(({ operation, checks }) => [operation.op, checks])).toEqual([['changeKind', ['at most one entry']]]);
    expect(ops(single, v1).steps.map(({ operation, checks }) => [operation.op, checks])).toEqual([['changeKind', []]]);
  });
});

describe('evolveSnapshot', () => {
  it('applying the planned operations to the old snapshot gives the new one, whatever changed', () => {
    const { author: _author, views: _views, ...rest } = v1.article!.attributes as Record<string, unknown>;
    const v2 = withArticle({
      ...rest,
      tagline: { type: 'string', renamedFrom: 'subtitle', required: true },
      views: { type: 'biginteger', default: 0 },
      body: { type: 'text' },
      slug: { type: 'uid', targetField: 'title' },
      authors: { type: 'relation', relation: 'manyToMany', target: 'author', renamedFrom: 'author' },
    }, { kind: 'singleType' });
    const plan = planSchemaChange(snapshotOf(v1), typesOf(v2));
    const after = plan.steps.reduce((snapshot, step) => evolveSnapshot(snapshot, step.operation), snapshotOf(v1));
    expect(shape(after)).toEqual(shape(plan.snapshot));
    expect(planSchemaChange(after, typesOf(v2)).steps).toEqual([]);
  });
});

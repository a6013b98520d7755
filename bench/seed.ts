import knexFactory, { type Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VIEWS_RANGE } from './settings.js';

/** The tables the bench reads, as build-snapshot lays them out for the types below. */
export const TABLES = {
  articles: 'articles',
  categories: 'categories',
  tags: 'tags',
  articleCategory: { table: 'articles_category_lnk', source: 'article_id', target: 'category_id' },
  articleTags: { table: 'articles_tags_lnk', source: 'article_id', target: 'tag_id' },
  /** The same rows under draft & publish: drafts here, published versions below. */
  stories: 'stories',
  storiesPublished: 'stories_published',
  /** The same rows and links in a type without history. */
  notes: 'notes',
  noteCategory: { table: 'notes_category_lnk', source: 'note_id', target: 'category_id' },
  noteTags: { table: 'notes_tags_lnk', source: 'note_id', target: 'tag_id' },
} as const;

/** Scalar attributes shared by article, story and note. */
const TEXT_FIELDS = {
  title: { type: 'string' },
  body: { type: 'text' },
  views: { type: 'integer', index: true },
  published: { type: 'boolean' },
};

const CATEGORIES = 20;
const TAGS = 50;
/**
 * Rows per INSERT: knex writes a multi-row SQLite insert as a compound SELECT,
 * which SQLite caps at 500 terms; 8 columns × 500 also stays far below the bound-parameter limit.
 */
const BATCH = 500;
/** How many documentIds get-one and update rotate over. */
const SAMPLE_IDS = 1_000;

const CONTENT_TYPES = {
  article: {
    kind: 'collectionType', collectionName: 'articles',
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    options: { draftAndPublish: false },
    attributes: {
      ...TEXT_FIELDS,
      category: { type: 'relation', relation: 'manyToOne', target: 'category' },
      tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
    },
  },
  category: {
    kind: 'collectionType', collectionName: 'categories',
    info: { singularName: 'category', pluralName: 'categories', displayName: 'Category' },
    options: { draftAndPublish: false },
    attributes: { name: { type: 'string' } },
  },
  // A published list of a draft & publish type must cost what a plain list costs.
  story: {
    kind: 'collectionType', collectionName: 'stories',
    info: { singularName: 'story', pluralName: 'stories', displayName: 'Story' },
    options: { draftAndPublish: true },
    attributes: TEXT_FIELDS,
  },
  // Updates without history: the baseline the history cost is measured against. The
  // article's twin, relations included, so the pair differs in history alone (a note
  // without relations also validated and read back less, which counted as history).
  note: {
    kind: 'collectionType', collectionName: 'notes',
    info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
    options: { draftAndPublish: false, history: false },
    attributes: {
      ...TEXT_FIELDS,
      category: { type: 'relation', relation: 'manyToOne', target: 'category' },
      tags: { type: 'relation', relation: 'manyToMany', target: 'tag' },
    },
  },
  tag: {
    kind: 'collectionType', collectionName: 'tags',
    info: { singularName: 'tag', pluralName: 'tags', displayName: 'Tag' },
    options: { draftAndPublish: false },
    attributes: { name: { type: 'string' } },
  },
};

/** Writes `<dir>/content-types/*.json`: the bench's own content model, independent of the example config. */
export function writeBenchConfig(configDir: string): void {
  mkdirSync(join(configDir, 'content-types'), { recursive: true });
  for (const [name, definition] of Object.entries(CONTENT_TYPES)) {
    writeFileSync(join(configDir, 'content-types', `${name}.json`), `${JSON.stringify(definition, null, 2)}\n`);
  }
  // The bench measures the API, not sign-in: anonymous callers may do everything, and
  // every request still resolves its role and permissions as a real one does.
  const roles = { roles: [{ type: 'public', name: 'Public', permissions: [{ subject: '*', actions: ['*'] }] }] };
  writeFileSync(join(configDir, 'roles.json'), `${JSON.stringify(roles, null, 2)}\n`);
}

/** Deterministic data, so two runs seed the same table (mulberry32). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat'.split(' ');

function sentence(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += `${WORDS[Math.floor(random() * WORDS.length)]} `;
  return text.slice(0, length).trimEnd();
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Same shape as Larder's documentIds: 24 lowercase alphanumerics. */
export function documentId(): string {
  let id = '';
  for (const byte of randomBytes(24)) id += ALPHABET[byte % 36];
  return id;
}

export interface SeedResult {
  rows: number;
  seconds: number;
  /** documentIds spread over the table, read by get-one and written by update. */
  sampleDocumentIds: string[];
}

export function connectForSeed(databaseUrl: string): Knex {
  return databaseUrl.startsWith('sqlite:')
    ? knexFactory({ client: 'better-sqlite3', connection: { filename: databaseUrl.slice('sqlite:'.length) }, useNullAsDefault: true })
    : knexFactory({ client: 'pg', connection: databaseUrl });
}

/**
 * Bulk-inserts straight into the tables Larder created, in one transaction,
 * with explicit ids so links need no read-back. created_at grows with id
 * over two years (with jitter), as real content does.
 */
export async function seedData(knex: Knex, rows: number): Promise<SeedResult> {
  const started = performance.now();
  const sqlite = knex.client.config.client === 'better-sqlite3';
  const random = prng(42);
  const bool = (value: boolean) => (sqlite ? (value ? 1 : 0) : value);
  const sampleEvery = Math.max(1, Math.floor(rows / SAMPLE_IDS));
  const sampleDocumentIds: string[] = [];
  const span = 2 * 365 * 24 * 3600 * 1000;
  const origin = Date.now() - span;
  const stamp = (at: number) => new Date(at).toISOString();

  await knex.transaction(async (trx) => {
    const named = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => ({
      id: index + 1, document_id: documentId(), name: `${prefix} ${index + 1}`, created_at: stamp(origin), updated_at: stamp(origin),
    }));
    await trx(TABLES.categories).insert(named(CATEGORIES, 'Category'));
    await trx(TABLES.tags).insert(named(TAGS, 'Tag'));

    let linkId = 0;
    for (let first = 1; first <= rows; first += BATCH) {
      const articles: Record<string, unknown>[] = [];
      const categoryLinks: Record<string, number>[] = [];
      const tagLinks: Record<string, number>[] = [];
      for (let id = first; id < Math.min(first + BATCH, rows + 1); id++) {
        const docId = documentId();
        if (id % sampleEvery === 0 && sampleDocumentIds.length < SAMPLE_IDS) sampleDocumentIds.push(docId);
        const created = origin + (id / rows) * span + Math.floor(random() * 3_600_000);
        articles.push({
          id, document_id: docId, title: sentence(random, 40 + Math.floor(random() * 40)), body: sentence(random, 500),
          views: Math.floor(random() * VIEWS_RANGE), published: bool(random() < 0.8),
          created_at: stamp(created), updated_at: stamp(created + Math.floor(random() * 86_400_000)),
        });
        categoryLinks.push({ id: ++linkId, article_id: id, category_id: 1 + Math.floor(random() * CATEGORIES) });
        const tagA = 1 + Math.floor(random() * TAGS);
        const tagB = 1 + ((tagA + Math.floor(random() * (TAGS - 1))) % TAGS); // never equal to tagA
        tagLinks.push({ article_id: id, tag_id: tagA }, { article_id: id, tag_id: tagB });
      }
      await trx(TABLES.articles).insert(articles);
      await trx(TABLES.articleCategory.table).insert(categoryLinks);
      for (let start = 0; start < tagLinks.length; start += BATCH) await trx(TABLES.articleTags.table).insert(tagLinks.slice(start, start + BATCH));
    }
    // Stories (drafts and published versions) and notes hold the same rows as articles.
    const columns = '"id", "document_id", "title", "body", "views", "published", "created_at", "updated_at"';
    for (const table of [TABLES.stories, TABLES.notes]) {
      await trx.raw(`INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM "${TABLES.articles}"`);
    }
    for (const [from, to] of [[TABLES.articleCategory, TABLES.noteCategory], [TABLES.articleTags, TABLES.noteTags]] as const) {
      await trx.raw(`INSERT INTO "${to.table}" ("id", "${to.source}", "${to.target}") SELECT "id", "${from.source}", "${from.target}" FROM "${from.table}"`);
    }
    // publishedAt in the same insert: a bulk UPDATE afterwards would leave the published
    // table with a dead copy of every row on PostgreSQL (twice the heap of articles) and
    // half-full pages on SQLite, and the published list would measure that, not Larder.
    await trx.raw(`INSERT INTO "${TABLES.storiesPublished}" (${columns}, "published_at") SELECT ${columns}, ? FROM "${TABLES.articles}"`, [stamp(origin + span)]);
    if (!sqlite) {
      // Explicit ids bypass PostgreSQL sequences; move them past the seeded ids so creates don't collide.
      for (const table of [TABLES.articles, TABLES.categories, TABLES.tags, TABLES.articleCategory.table, TABLES.articleTags.table, TABLES.stories, TABLES.notes, TABLES.noteCategory.table, TABLES.noteTags.table]) {
        await trx.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), (SELECT MAX(id) FROM ??))`, [table, table]);
      }
    }
  });
  // A database that has lived a while has planner statistics (and on PostgreSQL a visibility
  // map); the checkpoint moves the bulk load's write-back out of the servers' cold start.
  if (sqlite) {
    await knex.raw('ANALYZE');
    await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  } else {
    await knex.raw('VACUUM (ANALYZE)');
    await knex.raw('CHECKPOINT');
  }
  return { rows, seconds: (performance.now() - started) / 1000, sampleDocumentIds };
}

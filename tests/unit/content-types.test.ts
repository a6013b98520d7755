import { describe, expect, it } from 'vitest';
import { loadContentTypes } from '../../core/content-types/load-content-types.js';
import type { RelationAttribute } from '../../core/content-types/types.js';
import { ConfigError } from '../../core/errors.js';
import { collection, EXAMPLE_CONFIG_DIR, writeDefinitions } from '../support/definitions.js';

const author = (extra: Record<string, unknown> = {}) => collection('author', 'authors', { name: { type: 'string' }, ...extra });

describe('loading content types', () => {
  it('loads the example content types', () => {
    const registry = loadContentTypes(`${EXAMPLE_CONFIG_DIR}/content-types`);
    expect(registry.all().map((type) => type.singularName).sort()).toEqual(['article', 'author', 'category', 'homepage', 'tag']);
    expect(registry.byRouteName('articles')?.singularName).toBe('article');
    expect(registry.byRouteName('homepage')?.kind).toBe('singleType');
    expect(registry.byRouteName('homepages')).toBeUndefined();
  });

  it('pairs inversedBy with mappedBy over one link table, seen from each side', () => {
    const registry = loadContentTypes(`${EXAMPLE_CONFIG_DIR}/content-types`);
    const owning = registry.get('article')!.attributes.get('author') as RelationAttribute;
    const inverse = registry.get('author')!.attributes.get('articles') as RelationAttribute;
    expect(owning.owner).toBe(true);
    expect(inverse.owner).toBe(false);
    expect(owning.link).toEqual({ table: 'articles_author_lnk', sourceColumn: 'article_id', targetColumn: 'author_id' });
    expect(inverse.link).toEqual({ table: 'articles_author_lnk', sourceColumn: 'author_id', targetColumn: 'article_id' });
    expect(owning.toOne).toBe(true);
    expect(inverse.toOne).toBe(false);
  });

  it('accepts Strapi-style targets and self-relations', () => {
    const dir = writeDefinitions({
      person: collection('person', 'people', {
        name: { type: 'string' },
        manager: { type: 'relation', relation: 'manyToOne', target: 'api::person.person', inversedBy: 'reports' },
        reports: { type: 'relation', relation: 'oneToMany', target: 'person', mappedBy: 'manager' },
      }),
    });
    const manager = loadContentTypes(dir).get('person')!.attributes.get('manager') as RelationAttribute;
    expect(manager.target).toBe('person');
    expect(manager.link.sourceColumn).not.toBe(manager.link.targetColumn);
  });

  const bad: Array<{ name: string; definitions: Record<string, unknown>; path: string; problem: RegExp }> = [
    { name: 'invalid JSON', definitions: { author: '{ "kind": ' }, path: '', problem: /not valid JSON/ },
    { name: 'an unknown attribute type', definitions: { author: author({ age: { type: 'number' } }) }, path: 'attributes.age.type', problem: /unknown attribute type "number"/ },
    { name: 'a reserved attribute name', definitions: { author: author({ documentId: { type: 'string' } }) }, path: 'attributes.documentId', problem: /reserved/ },
    { name: 'a relation to a missing type', definitions: { author: author({ books: { type: 'relation', relation: 'oneToMany', target: 'book' } }) }, path: 'attributes.books.target', problem: /does not exist/ },
    { name: 'an unknown relation kind', definitions: { author: author({ x: { type: 'relation', relation: 'manyToSome', target: 'author' } }) }, path: 'attributes.x.relation', problem: /unknown relation kind/ },
    { name: 'an unknown option', definitions: { author: author({ title: { type: 'string', maxlength: 3 } }) }, path: 'attributes.title.maxlength', problem: /unknown option/ },
    { name: 'an enumeration without values', definitions: { author: author({ kind: { type: 'enumeration' } }) }, path: 'attributes.kind.enum', problem: /non-empty "enum"/ },
    { name: 'min on a string', definitions: { author: author({ title: { type: 'string', min: 3 } }) }, path: 'attributes.title.min', problem: /number attributes/ },
    { name: 'a reserved route name', definitions: { user: collection('user', 'users', {}) }, path: 'info.singularName', problem: /reserved/ },
    { name: 'singular equal to plural', definitions: { sheep: collection('sheep', 'sheep', {}) }, path: 'info.pluralName', problem: /the same/ },
    { name: 'an unknown kind', definitions: { author: { ...author(), kind: 'bucket' } }, path: 'kind', problem: /unknown kind/ },
    { name: 'a column collision', definitions: { author: author({ firstName: { type: 'string' }, first_name: { type: 'string' } }) }, path: 'attributes.first_name', problem: /collides/ },
    { name: 'a table reserved for Larder', definitions: { author: { ...author(), collectionName: 'larder_things' } }, path: 'collectionName', problem: /reserved/ },
    {
      name: 'two types with one plural name',
      definitions: { a: collection('alpha', 'items', {}), b: collection('beta', 'items', {}) },
      path: 'info', problem: /already used/,
    },
    {
      name: 'inversedBy without the other side',
      definitions: {
        author: author({ books: { type: 'relation', relation: 'oneToMany', target: 'book', inversedBy: 'writer' } }),
        book: collection('book', 'books', { title: { type: 'string' } }),
      },
      path: 'attributes.books.inversedBy', problem: /no relation attribute "writer"/,
    },
    {
      name: 'mismatched relation kinds on two sides',
      definitions: {
        author: author({ books: { type: 'relation', relation: 'oneToMany', target: 'book', inversedBy: 'writer' } }),
        book: collection('book', 'books', { writer: { type: 'relation', relation: 'manyToMany', target: 'author', mappedBy: 'books' } }),
      },
      path: 'attributes.books.inversedBy', problem: /must pair with "manyToOne"/,
    },
    { name: 'targetField naming a missing attribute', definitions: { author: author({ slug: { type: 'uid', targetField: 'title' } }) }, path: 'attributes.slug.targetField', problem: /not a text attribute/ },
    { name: 'an invalid regex', definitions: { author: author({ code: { type: 'string', regex: '([' } }) }, path: 'attributes.code.regex', problem: /invalid regular expression/ },
  ];

  for (const scenario of bad) {
    it(`rejects ${scenario.name} with a ConfigError naming file, path and fix`, () => {
      const dir = writeDefinitions(scenario.definitions);
      let caught: unknown;
      try {
        loadContentTypes(dir);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigError);
      const error = caught as ConfigError;
      expect(error.file).toMatch(/\.json$/);
      expect(error.path).toBe(scenario.path);
      expect(error.problem).toMatch(scenario.problem);
      expect(error.fix.length).toBeGreaterThan(3);
      expect(error.message).toContain(error.file);
    });
  }
});

import { fitIdentifier } from './naming.js';
import type { ContentTypeRegistry } from './registry.js';
import type { ContentType, RelationAttribute } from './types.js';

/**
 * Where each version of a document lives. A draft & publish type keeps its
 * working copy (the draft) in its own table and the published version in a
 * table of the same shape, `<table>_published`, under the same id and
 * documentId. Links owned by such a type are versioned the same way. So a
 * published read costs exactly what a read of a type without drafts costs:
 * same shape, no status predicate, and an unpublished target simply has no
 * row to join.
 */
export function publishedTableOf(table: string): string {
  return fitIdentifier(`${table}_published`);
}

/** Table names for one read or write, by status. */
export interface StorageTables {
  content(type: ContentType): string;
  link(attribute: RelationAttribute): string;
}

const publishedTablesByRegistry = new WeakMap<ContentTypeRegistry, StorageTables>();

/** Link tables whose owning type has draft & publish. */
function versionedLinkTables(registry: ContentTypeRegistry): ReadonlySet<string> {
  const tables = new Set<string>();
  for (const type of registry.all()) {
    if (!type.draftAndPublish) continue;
    for (const attribute of type.attributes.values()) {
      if (attribute.kind === 'relation' && attribute.owner) tables.add(attribute.link.table);
    }
  }
  return tables;
}

/** Built once per registry: every query asks for them. */
export function storageTables(registry: ContentTypeRegistry, published: boolean): StorageTables {
  if (!published) return DRAFT_TABLES;
  let tables = publishedTablesByRegistry.get(registry);
  if (!tables) {
    const versioned = versionedLinkTables(registry);
    tables = {
      content: (type) => (type.draftAndPublish ? publishedTableOf(type.table) : type.table),
      link: (attribute) => (versioned.has(attribute.link.table) ? publishedTableOf(attribute.link.table) : attribute.link.table),
    };
    publishedTablesByRegistry.set(registry, tables);
  }
  return tables;
}

/** The working copies: every type's own table and links. */
export const DRAFT_TABLES: StorageTables = {
  content: (type) => type.table,
  link: (attribute) => attribute.link.table,
};

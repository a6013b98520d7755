import { ConfigError } from '../errors.js';
import type { CheckedDefinition, RelationDraft } from './check-definition.js';
import { fitIdentifier, toSnakeCase } from './naming.js';
import type { Attribute, ContentType, LinkTable, RelationAttribute, RelationKind } from './types.js';

/** The kind the other side of a two-way relation must declare. */
const INVERSE_KIND: Record<RelationKind, RelationKind> = {
  oneToOne: 'oneToOne',
  oneToMany: 'manyToOne',
  manyToOne: 'oneToMany',
  manyToMany: 'manyToMany',
};

/**
 * Turns checked definitions into ContentTypes: resolves relation targets,
 * pairs `inversedBy` with `mappedBy`, and names link tables. Also rejects
 * collisions between types (names, tables).
 */
export function resolveRelations(definitions: readonly CheckedDefinition[]): ContentType[] {
  const bySingular = new Map<string, CheckedDefinition>();
  const routeNames = new Map<string, string>();
  const tables = new Map<string, string>();
  for (const def of definitions) {
    const clash = (path: string, what: string, other: string): never => {
      throw new ConfigError(def.source, path, `${what} is already used by ${other}`, 'give each content type its own names');
    };
    if (bySingular.has(def.singularName)) clash('info.singularName', `"${def.singularName}"`, bySingular.get(def.singularName)!.source);
    for (const name of [def.singularName, def.pluralName]) {
      const other = routeNames.get(name);
      if (other) clash('info', `the name "${name}"`, other);
    }
    const tableOwner = tables.get(def.table);
    if (tableOwner) clash('collectionName', `table "${def.table}"`, tableOwner);
    bySingular.set(def.singularName, def);
    routeNames.set(def.singularName, def.source).set(def.pluralName, def.source);
    tables.set(def.table, def.source);
  }

  // First pass: owning sides get their link tables.
  const ownerLinks = new Map<string, LinkTable>(); // key: `${singular}.${attribute}`
  for (const def of definitions) {
    for (const draft of def.relations.values()) {
      const at = `attributes.${draft.name}`;
      const target = bySingular.get(draft.target);
      if (!target) {
        throw new ConfigError(def.source, `${at}.target`, `relation target "${draft.target}" does not exist`,
          `create config/content-types/${draft.target}.json or use one of: ${[...bySingular.keys()].join(', ')}`);
      }
      if (draft.mappedBy !== undefined) continue;
      if (draft.inversedBy !== undefined) checkInverse(def, draft, target, 'inversedBy', 'mappedBy');
      ownerLinks.set(`${def.singularName}.${draft.name}`, linkTableFor(def, draft, target, tables));
    }
  }

  return definitions.map((def) => {
    const attributes = new Map<string, Attribute>();
    for (const name of def.order) {
      const scalar = def.scalars.get(name);
      if (scalar) {
        attributes.set(name, scalar);
        continue;
      }
      const draft = def.relations.get(name)!;
      const target = bySingular.get(draft.target)!;
      let link: LinkTable;
      if (draft.mappedBy !== undefined) {
        checkInverse(def, draft, target, 'mappedBy', 'inversedBy');
        const owning = ownerLinks.get(`${target.singularName}.${draft.mappedBy}`)!;
        link = { table: owning.table, sourceColumn: owning.targetColumn, targetColumn: owning.sourceColumn };
      } else {
        link = ownerLinks.get(`${def.singularName}.${name}`)!;
      }
      const relation: RelationAttribute = {
        kind: 'relation',
        type: 'relation',
        name,
        relation: draft.relation,
        target: target.singularName,
        required: draft.required,
        private: draft.private,
        owner: draft.mappedBy === undefined,
        link,
        toOne: draft.relation === 'oneToOne' || draft.relation === 'manyToOne',
        ...(draft.inversedBy !== undefined ? { inversedBy: draft.inversedBy } : {}),
        ...(draft.mappedBy !== undefined ? { mappedBy: draft.mappedBy } : {}),
        ...(draft.renamedFrom !== undefined ? { renamedFrom: draft.renamedFrom } : {}),
      };
      attributes.set(name, relation);
    }
    return {
      kind: def.kind,
      singularName: def.singularName,
      pluralName: def.pluralName,
      displayName: def.displayName,
      ...(def.description !== undefined ? { description: def.description } : {}),
      table: def.table,
      draftAndPublish: def.draftAndPublish,
      populateCreatorFields: def.populateCreatorFields,
      history: def.history,
      attributes,
      source: def.source,
      ...(def.renamedFrom !== undefined ? { renamedFrom: def.renamedFrom } : {}),
    } satisfies ContentType;
  });
}

function checkInverse(
  def: CheckedDefinition,
  draft: RelationDraft,
  target: CheckedDefinition,
  key: 'inversedBy' | 'mappedBy',
  otherKey: 'inversedBy' | 'mappedBy',
): void {
  const at = `attributes.${draft.name}.${key}`;
  const otherName = draft[key]!;
  const other = target.relations.get(otherName);
  const fixHere = `add to ${target.source}: "${otherName}": { "type": "relation", "relation": "${INVERSE_KIND[draft.relation]}", "target": "${def.singularName}", "${otherKey}": "${draft.name}" }`;
  if (!other) {
    throw new ConfigError(def.source, at, `"${target.singularName}" has no relation attribute "${otherName}"`, fixHere);
  }
  if (other.target !== def.singularName || other[otherKey] !== draft.name) {
    throw new ConfigError(def.source, at, `"${target.singularName}.${otherName}" does not point back with "${otherKey}": "${draft.name}"`, fixHere);
  }
  if (other.relation !== INVERSE_KIND[draft.relation]) {
    throw new ConfigError(def.source, at,
      `"${draft.relation}" must pair with "${INVERSE_KIND[draft.relation]}", but "${target.singularName}.${otherName}" is "${other.relation}"`, fixHere);
  }
}

function linkTableFor(
  def: CheckedDefinition,
  draft: RelationDraft,
  target: CheckedDefinition,
  tables: Map<string, string>,
): LinkTable {
  const table = fitIdentifier(`${def.table}_${toSnakeCase(draft.name)}_lnk`);
  const owner = tables.get(table);
  if (owner) {
    throw new ConfigError(def.source, `attributes.${draft.name}`, `its link table "${table}" collides with a table of ${owner}`, 'rename the attribute or the other collectionName');
  }
  tables.set(table, def.source);
  const sourceColumn = `${toSnakeCase(def.singularName)}_id`;
  const targetBase = `${toSnakeCase(target.singularName)}_id`;
  // A self-relation needs two distinct columns.
  const targetColumn = targetBase === sourceColumn ? `inv_${targetBase}` : targetBase;
  return { table, sourceColumn, targetColumn };
}

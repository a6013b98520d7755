import { fitIdentifier, toSnakeCase } from '../content-types/naming.js';
import { publishedTableOf } from '../content-types/storage-tables.js';
import type { ContentType } from '../content-types/types.js';
import { RenameError } from './errors.js';
import type { Operation } from './operations.js';
import { cloneJson, type SchemaSnapshot, type TableSpec } from './snapshot.js';

/**
 * A declared rename: `--rename-type post=article`, `--rename article.subtitle=tagline`,
 * or a `renamedFrom` hint in a definition. Renames are never guessed: a drop
 * plus an add stays a drop plus an add unless one of these says otherwise.
 */
export type RenameRequest =
  | { kind: 'type'; from: string; to: string; declared: 'flag' | 'hint' }
  | { kind: 'attribute'; type: string; from: string; to: string; declared: 'flag' | 'hint' };

export { RenameError } from './errors.js';

/** The `renamedFrom` hints in the content model. */
export function renameHints(types: readonly ContentType[]): RenameRequest[] {
  const requests: RenameRequest[] = [];
  for (const type of types) {
    if (type.renamedFrom !== undefined) requests.push({ kind: 'type', from: type.renamedFrom, to: type.singularName, declared: 'hint' });
    for (const attribute of type.attributes.values()) {
      if (attribute.renamedFrom !== undefined) {
        requests.push({ kind: 'attribute', type: type.singularName, from: attribute.renamedFrom, to: attribute.name, declared: 'hint' });
      }
    }
  }
  return requests;
}

/**
 * Applies declared renames to the `from` snapshot, as the database will see
 * them, and returns the rename operations. A renamed type takes its table,
 * its link tables and the link columns named after it along; a renamed
 * relation takes its link table. The rest (index names derived from table
 * names, say) is left to the ordinary diff.
 *
 * A hint that no longer applies (the rename happened in an earlier
 * migration) does nothing; a flag that does not apply is a RenameError.
 */
export function applyRenames(
  from: SchemaSnapshot,
  types: readonly ContentType[],
  requests: readonly RenameRequest[],
): { snapshot: SchemaSnapshot; operations: Operation[] } {
  const snapshot = cloneJson(from);
  const operations: Operation[] = [];
  const tables = new Map(snapshot.tables.map((table) => [table.name, table]));
  const bySingular = new Map(types.map((type) => [type.singularName, type]));
  /** new singular name → old singular name and old table name */
  const typeWas = new Map<string, { singular: string; table: string }>();
  /** `${new singular}.${new attribute}` → old attribute name */
  const attributeWas = new Map<string, string>();

  const skipOrFail = (request: RenameRequest, problem: string): void => {
    if (request.declared === 'flag') throw new RenameError(`${describeRequest(request)}: ${problem}`);
  };

  const renameOne = (table: TableSpec, to: string): void => {
    const old = table.name;
    tables.delete(old);
    table.name = to;
    tables.set(to, table);
    // Both databases follow a renamed table in the foreign keys that point at it.
    for (const other of tables.values()) {
      for (const column of other.columns) {
        if (column.references?.table === old) column.references = { ...column.references, table: to };
      }
    }
    operations.push({ op: 'renameTable', from: old, to });
  };
  // A draft & publish type's published versions (and their links) live in a
  // companion table of the same shape (core/content-types/storage-tables.ts):
  // it moves with the table, and its columns with the table's columns.
  const renameTable = (table: TableSpec, to: string): void => {
    const companion = tables.get(publishedTableOf(table.name));
    renameOne(table, to);
    if (companion && !tables.has(publishedTableOf(to))) renameOne(companion, publishedTableOf(to));
  };
  const renameColumn = (table: TableSpec, from: string, to: string): void => {
    for (const target of [table, tables.get(publishedTableOf(table.name))]) {
      const column = target?.columns.find((candidate) => candidate.name === from);
      if (!target || !column || target.columns.some((candidate) => candidate.name === to)) continue;
      column.name = to;
      // Both databases rewrite the indexes that cover a renamed column.
      for (const index of target.indexes) index.columns = index.columns.map((name) => (name === from ? to : name));
      operations.push({ op: 'renameColumn', table: target.name, from, to });
    }
  };

  for (const request of requests) {
    if (request.kind !== 'type') continue;
    const type = bySingular.get(request.to);
    if (!type) {
      skipOrFail(request, `there is no content type "${request.to}" in config`);
      continue;
    }
    const table = snapshot.tables.find((candidate) => candidate.contentType?.singularName === request.from);
    if (!table) {
      skipOrFail(request, `the last migration has no content type "${request.from}"`);
      continue;
    }
    if (snapshot.tables.some((candidate) => candidate !== table && candidate.contentType?.singularName === request.to)) {
      skipOrFail(request, `the last migration already has a content type "${request.to}"`);
      continue;
    }
    if (table.name !== type.table && tables.has(type.table)) {
      skipOrFail(request, `table "${type.table}" already exists`);
      continue;
    }
    typeWas.set(type.singularName, { singular: request.from, table: table.name });
    if (table.name !== type.table) renameTable(table, type.table);
    table.contentType = { ...table.contentType!, singularName: type.singularName };
    operations.push({ op: 'renameType', from: request.from, to: type.singularName });
  }

  for (const request of requests) {
    if (request.kind !== 'attribute') continue;
    const type = bySingular.get(request.type)
      ?? [...typeWas].map(([now, was]) => (was.singular === request.type ? bySingular.get(now) : undefined)).find(Boolean);
    const attribute = type?.attributes.get(request.to);
    if (!type || !attribute) {
      skipOrFail(request, type ? `"${type.singularName}" has no attribute "${request.to}" in config` : `there is no content type "${request.type}" in config`);
      continue;
    }
    if (attribute.kind === 'relation') {
      // Moved with the link tables below.
      attributeWas.set(`${type.singularName}.${attribute.name}`, request.from);
      continue;
    }
    const table = tables.get(type.table);
    const column = table?.columns.find((candidate) => candidate.attribute === request.from)
      ?? table?.columns.find((candidate) => candidate.name === toSnakeCase(request.from) && candidate.attribute === undefined);
    if (!table || !column) {
      skipOrFail(request, `the last migration has no field "${request.from}" on ${type.table}`);
      continue;
    }
    if (table.columns.some((candidate) => candidate.name === attribute.column)) {
      skipOrFail(request, `${type.table}.${attribute.column} already exists`);
      continue;
    }
    renameColumn(table, column.name, attribute.column);
    column.attribute = attribute.name;
  }

  for (const type of types) {
    for (const attribute of type.attributes.values()) {
      if (attribute.kind !== 'relation' || !attribute.owner) continue;
      const oldType = typeWas.get(type.singularName);
      const oldAttribute = attributeWas.get(`${type.singularName}.${attribute.name}`);
      if (!oldType && oldAttribute === undefined && !typeWas.has(attribute.target)) continue;
      const wasAttribute = oldAttribute ?? attribute.name;
      const wasSingular = oldType?.singular ?? type.singularName;
      let link = tables.get(attribute.link.table);
      if (!link || oldType || oldAttribute !== undefined) {
        const previous = [...tables.values()].find((table) => table.link?.type === wasSingular && table.link.attribute === wasAttribute)
          ?? tables.get(fitIdentifier(`${oldType?.table ?? type.table}_${toSnakeCase(wasAttribute)}_lnk`));
        if (previous && previous.name !== attribute.link.table && !tables.has(attribute.link.table)) {
          renameTable(previous, attribute.link.table);
          previous.link = { type: type.singularName, attribute: attribute.name };
          link = previous;
        } else if (!previous && oldAttribute !== undefined) {
          const request = requests.find((candidate) => candidate.kind === 'attribute' && candidate.to === attribute.name && candidate.from === oldAttribute)!;
          skipOrFail(request, `the last migration has no relation "${oldAttribute}" on "${wasSingular}"`);
        }
      }
      if (!link) continue;
      // Link columns are named after the types at either end (resolve-relations.ts).
      const wasSource = `${toSnakeCase(wasSingular)}_id`;
      const wasTargetBase = `${toSnakeCase(typeWas.get(attribute.target)?.singular ?? attribute.target)}_id`;
      const wasTarget = wasTargetBase === wasSource ? `inv_${wasTargetBase}` : wasTargetBase;
      for (const [was, now] of [[wasSource, attribute.link.sourceColumn], [wasTarget, attribute.link.targetColumn]] as const) {
        const has = (name: string) => link!.columns.some((column) => column.name === name);
        if (was !== now && has(was) && !has(now)) renameColumn(link, was, now);
      }
    }
  }
  return { snapshot, operations };
}

function describeRequest(request: RenameRequest): string {
  return request.kind === 'type'
    ? `--rename-type ${request.from}=${request.to}`
    : `--rename ${request.type}.${request.from}=${request.to}`;
}

/** Parses `--rename article.subtitle=tagline` and `--rename-type post=article`. */
export function parseRenameFlags(attributes: readonly string[], types: readonly string[]): RenameRequest[] {
  const requests: RenameRequest[] = [];
  for (const flag of types) {
    const match = /^([a-z][a-z0-9-]*)=([a-z][a-z0-9-]*)$/.exec(flag);
    if (!match) throw new RenameError(`--rename-type ${flag}: expected OLD=NEW singular names, e.g. --rename-type post=article`);
    requests.push({ kind: 'type', from: match[1]!, to: match[2]!, declared: 'flag' });
  }
  for (const flag of attributes) {
    const match = /^([a-z][a-z0-9-]*)\.([A-Za-z][A-Za-z0-9_]*)=([A-Za-z][A-Za-z0-9_]*)$/.exec(flag);
    if (!match) throw new RenameError(`--rename ${flag}: expected TYPE.OLD=NEW, e.g. --rename article.subtitle=tagline`);
    requests.push({ kind: 'attribute', type: match[1]!, from: match[2]!, to: match[3]!, declared: 'flag' });
  }
  return requests;
}

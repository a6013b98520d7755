import type { Knex } from 'knex';
import type { ContentTypeRegistry } from '../content-types/registry.js';
import type { ContentType } from '../content-types/types.js';
import type { Access } from '../permissions/access.js';
import type { Version, VersionData } from './history.js';

/** What a restore writes: the version's fields, and its relations to documents that still exist. */
export async function restorableData(knex: Knex, registry: ContentTypeRegistry, type: ContentType, data: VersionData): Promise<Record<string, unknown>> {
  const restored: Record<string, unknown> = {};
  for (const attribute of type.attributes.values()) {
    if (!(attribute.name in data)) continue;
    if (attribute.kind === 'scalar') {
      if (attribute.type !== 'password') restored[attribute.name] = data[attribute.name];
      continue;
    }
    const wanted = ([] as unknown[]).concat(data[attribute.name] ?? []).filter((id): id is string => typeof id === 'string');
    const target = registry.get(attribute.target)!;
    const existing = new Set((await knex(target.table).whereIn('document_id', wanted).select('document_id')).map((row: { document_id: string }) => row.document_id));
    const kept = wanted.filter((id) => existing.has(id));
    restored[attribute.name] = attribute.toOne ? kept[0] ?? null : kept;
  }
  return restored;
}


/** Version data holds every field; a reader gets those their findOne grant lets them read. */
export function readableVersion(type: ContentType, version: Version, access: Access): Version {
  const policy = access.readPolicy(type, 'findOne');
  const data: VersionData = {};
  for (const [key, value] of Object.entries(version.data)) {
    if (!type.attributes.has(key) || policy.canRead(type, key)) data[key] = value;
  }
  return { ...version, data };
}


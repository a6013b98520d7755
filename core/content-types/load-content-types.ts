import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { checkDefinition } from './check-definition.js';
import { resolveRelations } from './resolve-relations.js';
import { createRegistry, type ContentTypeRegistry } from './registry.js';

/**
 * Reads every `<dir>/*.json` content-type definition, checks it, and resolves
 * relations between them. Throws ConfigError naming the file, the path inside
 * it and the fix on the first mistake found.
 */
export function loadContentTypes(dir: string): ContentTypeRegistry {
  return checkDefinitions(dir, readDefinitionFiles(dir));
}

/** The definition files in `dir`, in name order: file name without `.json` (the singular name) → parsed JSON. */
export function readDefinitionFiles(dir: string): Map<string, unknown> {
  const definitions = new Map<string, unknown>();
  if (!existsSync(dir)) return definitions;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
    definitions.set(file.slice(0, -'.json'.length), parseJsonFile(join(dir, file)));
  }
  return definitions;
}

/** Checks parsed definitions as boot does; errors name `<dir>/<name>.json`, whether or not that file exists yet. */
export function checkDefinitions(dir: string, definitions: ReadonlyMap<string, unknown>): ContentTypeRegistry {
  const checked = [...definitions].map(([name, json]) => checkDefinition(json, join(dir, `${name}.json`)));
  return createRegistry(resolveRelations(checked));
}

export function parseJsonFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(file, '', `is not valid JSON (${reason})`, 'correct the JSON syntax');
  }
}

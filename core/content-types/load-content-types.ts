import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { checkDefinition, type CheckedDefinition } from './check-definition.js';
import { resolveRelations } from './resolve-relations.js';
import { createRegistry, type ContentTypeRegistry } from './registry.js';

/**
 * Reads every `<dir>/*.json` content-type definition, checks it, and resolves
 * relations between them. Throws ConfigError naming the file, the path inside
 * it and the fix on the first mistake found.
 */
export function loadContentTypes(dir: string): ContentTypeRegistry {
  if (!existsSync(dir)) return createRegistry([]);
  const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  const checked: CheckedDefinition[] = files.map((name) => {
    const file = join(dir, name);
    return checkDefinition(parseJsonFile(file), file);
  });
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
